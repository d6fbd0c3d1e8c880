import { openDatabase, type TDatabase } from "@/lib/server/db";
import { emptyPostgresDatabase } from "./postgres";

export { TEST_POSTGRES_URL } from "./postgres";

export type TTestDatabase = { db: TDatabase; url?: string; drop: () => Promise<void> };

/** A fresh, migrated database of each kind: embedded PGlite in memory, and a new database on the PostgreSQL server. */
export const DATABASE_KINDS = {
  pglite: async (): Promise<TTestDatabase> => {
    const db = await openDatabase({ dataDir: "memory://" });
    return { db, drop: () => db.close() };
  },
  postgresql: async (): Promise<TTestDatabase> => {
    const empty = await emptyPostgresDatabase("prime_plus_test");
    const db = await openDatabase({ url: empty.url });
    return {
      db,
      url: empty.url,
      drop: async () => {
        await db.close();
        await empty.drop();
      },
    };
  },
};
