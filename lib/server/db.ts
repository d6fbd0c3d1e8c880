import "server-only";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";
import { pgliteSql, poolSql } from "./sql";

export type TDatabase = { prisma: PrismaClient; kind: "pglite" | "postgresql"; close: () => Promise<void> };

/**
 * Opens the database and brings its schema up to date: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded PGlite in <data dir>/pglite (one process owns that folder).
 */
export async function openDatabase(options: { url?: string; dataDir?: string } = {}): Promise<TDatabase> {
  if (options.url) {
    const pool = new Pool({ connectionString: options.url, max: 10 });
    // The server may close an idle connection (restart, failover, an administrator); unheard, that
    // 'error' event would end the process. The pool opens a new connection on next use.
    pool.on("error", (e) => console.error(`A PostgreSQL connection closed: ${e.message}`));
    await applyMigrations(poolSql(pool));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, kind: "postgresql", close: async () => { await prisma.$disconnect(); await pool.end(); } };
  }
  const dir = options.dataDir;
  if (dir && dir !== "memory://") mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir && dir !== "memory://" ? resolve(/* turbopackIgnore: true */ dir) : undefined);
  await applyMigrations(pgliteSql(pglite));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return { prisma, kind: "pglite", close: async () => { await prisma.$disconnect(); await pglite.close(); } };
}

const holder = globalThis as unknown as { __primePlusDb?: Promise<TDatabase> };

/** The process's database, opened on first use (kept across hot reloads in development). */
export function getDatabase(): Promise<TDatabase> {
  if (!holder.__primePlusDb) {
    const env = getEnv();
    holder.__primePlusDb = openDatabase(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.PRIME_PLUS_DATA_DIR, "pglite") },
    ).catch((e: unknown) => {
      holder.__primePlusDb = undefined;
      throw e;
    });
  }
  return holder.__primePlusDb;
}
