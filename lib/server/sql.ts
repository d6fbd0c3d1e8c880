import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";

/** The few raw SQL operations the migration runner needs, over PGlite or a PostgreSQL pool. */
export type TSql = {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements in one transaction; on error nothing is applied. */
  transaction(run: (sql: TSql) => Promise<void>): Promise<void>;
};

export function pgliteSql(db: Pick<PGlite, "query" | "transaction">): TSql {
  const sql: TSql = {
    async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      if (params.length === 0 && text.includes(";")) {
        const results = await (db as PGlite).exec(text);
        return (results.at(-1)?.rows ?? []) as T[];
      }
      return (await db.query<T>(text, params)).rows;
    },
    async transaction(run) {
      await db.transaction(async (tx) => run(pgliteSql(tx as unknown as PGlite)));
    },
  };
  return sql;
}

export function poolSql(pool: Pool): TSql {
  return {
    async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      return (params.length ? await pool.query(text, params) : await pool.query(text)).rows as T[];
    },
    async transaction(run) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await run({
          query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
            (params.length ? await client.query(text, params) : await client.query(text)).rows as T[],
          transaction: () => Promise.reject(new Error("nested transactions are not supported")),
        });
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      } finally {
        client.release();
      }
    },
  };
}
