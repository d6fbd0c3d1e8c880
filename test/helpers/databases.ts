import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { openDatabase, type TDatabase } from "@/lib/server/db";

/** The PostgreSQL server the database tests use (a fresh database per run is created on it). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = { db: TDatabase; url?: string; drop: () => Promise<void> };

/** A fresh, migrated database of each kind: embedded PGlite in memory, and a new database on the PostgreSQL server. */
export const DATABASE_KINDS = {
  pglite: async (): Promise<TTestDatabase> => {
    const db = await openDatabase({ dataDir: "memory://" });
    return { db, drop: () => db.close() };
  },
  postgresql: async (): Promise<TTestDatabase> => {
    const name = `prime_plus_test_${randomBytes(6).toString("hex")}`;
    const admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    const db = await openDatabase({ url: url.toString() });
    return {
      db,
      url: url.toString(),
      drop: async () => {
        await db.close();
        const c = new Client({ connectionString: TEST_POSTGRES_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};
