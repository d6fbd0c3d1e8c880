import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type TDatabase } from "@/lib/server/db";
import { PGliteThread } from "@/lib/server/pglite-thread";
import { transaction } from "@/lib/server/transactions";
import { tempDir } from "../helpers/temp-dir";

// The embedded database runs in a thread of its own and is reached over the PostgreSQL wire
// protocol, by several connections sharing PGlite's one session.
describe("the embedded database in its own thread", () => {
  let db: TDatabase;
  const dataDir = tempDir("pglite-thread");
  beforeAll(async () => {
    db = await openDatabase({ dataDir });
    await db.prisma.$executeRaw`CREATE TABLE IF NOT EXISTS thread_probe (x int)`;
  });
  afterAll(() => db.close());

  test("many queries at once over several connections each get their own answer", async () => {
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => db.prisma.$queryRaw<{ i: number; text: string }[]>`SELECT ${i}::int AS i, repeat('x', ${i}) AS text`));
    answers.forEach((rows, i) => expect(rows).toEqual([{ i, text: "x".repeat(i) }]));
  });

  test("another connection's query waits for an open transaction and never sees inside it", async () => {
    const outside = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM thread_probe`;
    })();
    const inside = transaction(db, async (tx) => {
      await tx.$executeRaw`INSERT INTO thread_probe VALUES (1), (2)`;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seen = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM thread_probe`;
      throw new Error(`rolled back after seeing ${seen[0]!.n}`);
    });
    await expect(inside).rejects.toThrow("rolled back after seeing 2");
    expect(await outside).toEqual([{ n: 0 }]);
  });

  test("a statement's error reaches its caller and leaves the other connections working", async () => {
    const [bad, good] = await Promise.allSettled([db.prisma.$queryRaw`SELECT * FROM no_such_table`, db.prisma.$queryRaw<{ one: number }[]>`SELECT 1::int AS one`]);
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    expect(good).toEqual({ status: "fulfilled", value: [{ one: 1 }] });
  });

  test("what was written is there after the database is closed and opened again", async () => {
    await db.prisma.$executeRaw`INSERT INTO thread_probe VALUES (42)`;
    await db.close();
    db = await openDatabase({ dataDir });
    expect(await db.prisma.$queryRaw`SELECT x FROM thread_probe`).toEqual([{ x: 42 }]);
  });
});

describe("a connection to the database thread", () => {
  test("closed in the middle of a transaction rolls it back, and the next connection works", async () => {
    const thread = await PGliteThread.start(undefined);
    const pool = thread.pool();
    try {
      await pool.query("CREATE TABLE abandoned (x int)");
      const client = await pool.connect();
      await client.query("BEGIN");
      await client.query("INSERT INTO abandoned VALUES (1)");
      client.release(true);
      expect((await pool.query("SELECT count(*)::int AS n FROM abandoned")).rows).toEqual([{ n: 0 }]);
    } finally {
      await pool.end();
      await thread.close();
    }
  });

  test("once the thread has ended, a query fails at once instead of waiting forever", async () => {
    const thread = await PGliteThread.start(undefined);
    const pool = thread.pool();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
    await thread.close();
    const after = thread.pool();
    await expect(after.query("SELECT 1")).rejects.toThrow("The embedded database's thread ended");
    await after.end();
    await thread.close();
  });
});
