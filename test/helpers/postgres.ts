import { randomBytes } from "node:crypto";
import { Client } from "pg";

/** The PostgreSQL server the database tests and benches use; each run creates its own database on it. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string): Promise<void> {
  const c = new Client({ connectionString: TEST_POSTGRES_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A new, empty database on the test server, named `<prefix>_<random>`, and how to drop it (its
 * connections forced closed). Imports nothing of the app, so e2e tests and benches can use it.
 */
export async function emptyPostgresDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
