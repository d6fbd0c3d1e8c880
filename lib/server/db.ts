import "server-only";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { lockDataFolder } from "./data-lock";
import { getEnv } from "./env";
import { log } from "./log";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";
import { PGliteThread } from "./pglite-thread";
import { poolSql } from "./sql";

export type TDatabase = { prisma: PrismaClient; kind: "pglite" | "postgresql"; close: () => Promise<void> };

/**
 * Opens the database and brings its schema up to date: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded PGlite in <data dir>/pglite, locked for this process (see data-lock.ts)
 * and run in a thread of its own (pglite-thread.ts). Both are reached through node-postgres.
 */
export async function openDatabase(options: { url?: string; dataDir?: string } = {}): Promise<TDatabase> {
  if (options.url) {
    const pool = new Pool({ connectionString: options.url, max: 10 });
    // The server may close an idle connection (restart, failover, an administrator); unheard, that
    // 'error' event would end the process. The pool opens a new connection on next use.
    pool.on("error", (e) => log.warn({ error: e.name, code: (e as { code?: string }).code }, "a PostgreSQL connection closed"));
    await applyMigrations(poolSql(pool));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, kind: "postgresql", close: async () => { await prisma.$disconnect(); await pool.end(); } };
  }
  const dir = options.dataDir && options.dataDir !== "memory://" ? resolve(/* turbopackIgnore: true */ options.dataDir) : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const lock = dir ? lockDataFolder(dir, "the PRIME+ server") : null;
  let thread: PGliteThread | null = null;
  try {
    thread = await PGliteThread.start(dir);
    const database = thread;
    const pool = database.pool();
    pool.on("error", (e) => log.error({ error: e.name }, "the embedded database's connection failed"));
    await applyMigrations(poolSql(pool));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, kind: "pglite", close: async () => { await prisma.$disconnect(); await pool.end(); await database.close(); lock?.release(); } };
  } catch (e) {
    await thread?.close();
    lock?.release();
    throw e;
  }
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
