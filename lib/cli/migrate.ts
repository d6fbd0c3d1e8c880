import { Pool } from "pg";
import { PGlite } from "@electric-sql/pglite";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyMigrations } from "../server/migrate";
import { pgliteSql, poolSql } from "../server/sql";
import { getEnv } from "../server/env";
import { lockDataFolder } from "../server/data-lock";

/** npm run db:migrate: applies the SQL migrations to the configured database (PGlite by default). */
async function main() {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    try {
      report(await applyMigrations(poolSql(pool)), "PostgreSQL");
    } finally {
      await pool.end();
    }
    return;
  }
  const dir = resolve(join(env.PRIME_PLUS_DATA_DIR, "pglite"));
  mkdirSync(dir, { recursive: true });
  const lock = lockDataFolder(dir, "npm run db:migrate");
  try {
    const db = new PGlite(dir);
    try {
      report(await applyMigrations(pgliteSql(db)), `the embedded database in ${dir}`);
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

function report(applied: string[], where: string) {
  console.log(applied.length ? `applied ${applied.join(", ")} to ${where}` : `${where} is up to date`);
}

main().catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
});
