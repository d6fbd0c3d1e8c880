import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TDatabase } from "@/lib/server/db";
import { LimitError } from "@/lib/server/errors";
import { PrismaClient } from "@/lib/server/generated/prisma/client";
import { applyMigrations, readMigrations } from "@/lib/server/migrate";
import { PGliteThread } from "@/lib/server/pglite-thread";
import { addVersion, createQuestionnaire } from "@/lib/server/questionnaire-repository";
import { TEST_AUTHOR, workspaceRow } from "../../helpers/accounts";
import {
  createResultsLink,
  findResultsLink,
  getEvidence,
  getResultsSets,
  insertResultsSet,
  listResultsLinks,
  listResultsSets,
  revokeResultsLink,
  type TNewResultsSet,
} from "@/lib/server/results-repository";
import { poolSql, type TSql } from "@/lib/server/sql";
import { DATABASE_KINDS, type TTestDatabase } from "../../helpers/databases";
import { emptyPostgresDatabase } from "../../helpers/postgres";
import { EXAMPLES_DIR } from "../../helpers/examples";

const profile = JSON.parse(readFileSync(join(EXAMPLES_DIR, "single-phase-plc.profile.json"), "utf8")) as { id: string; answers: { hash: string } };
const meter = { manufacturer: "ACME", model: "M3", serialNumber: "SN-1", firmwareVersion: "2.0" };
const aSet = (laboratory: string, extra: Partial<TNewResultsSet> = {}): TNewResultsSet => ({
  laboratory,
  source: "upload",
  testbookId: "a".repeat(64),
  meter,
  results: [{ testId: "ASSOC-001/public", title: "Public client associates", verdict: "PASS", tester: "M. Ortega", date: "2026-11-20", remarks: "" }],
  summary: { pass: 1, fail: 0, inconclusive: 0, notRun: 99, total: 100 },
  ...extra,
});
const limits = { setsPerVersion: 1000 };

async function newVersion(db: TDatabase): Promise<string> {
  const q = await createQuestionnaire(db, { formatVersion: "1.0", step: "review", values: {} }, await workspaceRow(db));
  return (await addVersion(db, q.id, 0, { answers: {}, answersHash: profile.answers.hash, profile, profileId: profile.id, author: TEST_AUTHOR })).id;
}

describe.each(Object.entries(DATABASE_KINDS))("results sets and links on %s", (kind, open) => {
  let t: TTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.drop();
  });

  test("sets are numbered per version, kept in full, listed newest first, with their evidence", async () => {
    const v = await newVersion(t.db);
    const other = await newVersion(t.db);
    const zip = new Uint8Array(randomBytes(50_000));
    const sha256 = createHash("sha256").update(zip).digest("hex");
    const one = await insertResultsSet(t.db, v, aSet("Lab A"), limits);
    const two = await insertResultsSet(t.db, v, aSet("PRIME+ conformance runner", { source: "runner", evidence: { zip, sha256 } }), limits);
    const elsewhere = await insertResultsSet(t.db, other, aSet("Lab A"), limits);
    expect([one.number, two.number, elsewhere.number]).toEqual([1, 2, 1]);
    expect(two.evidence).toEqual({ size: 50_000, sha256 });
    expect((await listResultsSets(t.db, v)).map((s) => [s.number, s.laboratory, s.source])).toEqual([
      [2, "PRIME+ conformance runner", "runner"],
      [1, "Lab A", "upload"],
    ]);
    const [stored] = await getResultsSets(t.db, v, [1]);
    expect(stored).toMatchObject({ number: 1, meter, testbookId: "a".repeat(64), results: aSet("x").results, summary: aSet("x").summary, evidence: null });
    const evidence = await getEvidence(t.db, v, 2);
    expect(Buffer.from(evidence!.zip).equals(Buffer.from(zip))).toBe(true);
    expect(await getEvidence(t.db, v, 1)).toBeNull();
  });

  test("concurrent imports get consecutive numbers, none lost", async () => {
    const v = await newVersion(t.db);
    const sets = await Promise.all(Array.from({ length: 12 }, (_, i) => insertResultsSet(t.db, v, aSet(`Lab ${i}`), limits)));
    expect(sets.map((s) => s.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test("a version keeps at most its limit of sets, a link at most its uploads", async () => {
    const v = await newVersion(t.db);
    await insertResultsSet(t.db, v, aSet("Lab"), { setsPerVersion: 1 });
    await expect(insertResultsSet(t.db, v, aSet("Lab"), { setsPerVersion: 1 })).rejects.toBeInstanceOf(LimitError);
    const link = await createResultsLink(t.db, v, { laboratory: "Lab", expiresAt: new Date(Date.now() + 86_400_000) }, 10);
    await insertResultsSet(t.db, v, aSet("Lab", { linkToken: link.token }), { setsPerVersion: 10, uploadsPerLink: 1 });
    await expect(insertResultsSet(t.db, v, aSet("Lab", { linkToken: link.token }), { setsPerVersion: 10, uploadsPerLink: 1 })).rejects.toThrow(/used for 1 uploads/);
  });

  test("results links are created, listed with their uploads, found, revoked once; a revoked link's sets stay", async () => {
    const v = await newVersion(t.db);
    const expiresAt = new Date("2027-01-01T00:00:00Z");
    const link = await createResultsLink(t.db, v, { laboratory: "Laboratorio Central", expiresAt }, 2);
    await createResultsLink(t.db, v, { laboratory: "Other", expiresAt }, 2);
    await expect(createResultsLink(t.db, v, { laboratory: "Third", expiresAt }, 2)).rejects.toBeInstanceOf(LimitError);
    await insertResultsSet(t.db, v, aSet("Laboratorio Central", { linkToken: link.token }), limits);
    expect((await listResultsLinks(t.db, v)).map((l) => [l.laboratory, l.uploads, l.expiresAt])).toEqual([
      ["Laboratorio Central", 1, expiresAt.toISOString()],
      ["Other", 0, expiresAt.toISOString()],
    ]);
    expect((await findResultsLink(t.db, link.token))?.versionId).toBe(v);
    const first = await revokeResultsLink(t.db, v, link.token, new Date("2026-12-01T10:00:00Z"));
    const again = await revokeResultsLink(t.db, v, link.token, new Date("2026-12-02T10:00:00Z"));
    expect([first.revokedAt, again.revokedAt]).toEqual(["2026-12-01T10:00:00.000Z", "2026-12-01T10:00:00.000Z"]);
    await expect(revokeResultsLink(t.db, await newVersion(t.db), link.token, new Date())).rejects.toThrow(/no such results link/);
    expect((await listResultsSets(t.db, v, { linkToken: link.token })).map((s) => s.laboratory)).toEqual(["Laboratorio Central"]);
  });
});

/** A database holding the tables as they were before results sets, with results imported then. */
async function legacy(kind: "pglite" | "postgresql"): Promise<{ sql: TSql; prisma: PrismaClient; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const thread = await PGliteThread.start(undefined);
    const pool = thread.pool();
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { sql: poolSql(pool), prisma, drop: async () => { await prisma.$disconnect(); await pool.end(); await thread.close(); } };
  }
  const empty = await emptyPostgresDatabase("prime_plus_legacy");
  const pool = new Pool({ connectionString: empty.url });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    sql: poolSql(pool),
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await pool.end();
      await empty.drop();
    },
  };
}

describe.each(["pglite", "postgresql"] as const)("the results sets migration on %s", (kind) => {
  test("keeps every results file imported before, as numbered upload sets of its version, and drops the old table", async () => {
    const migrations = readMigrations();
    const before = migrations.findIndex((m) => m.name.endsWith("_results_sets"));
    expect(before).toBeGreaterThan(0);
    const db = await legacy(kind);
    try {
      await applyMigrations(db.sql, migrations.slice(0, before));
      await db.sql.query(`INSERT INTO questionnaire (id, draft, updated_at) VALUES ('q', '{}', now())`);
      for (const v of ["v1", "v2"]) {
        await db.sql.query(`INSERT INTO answers_version (id, questionnaire_id, number, answers, answers_hash, profile, profile_id) VALUES ($1, 'q', $2, '{}', 'h', '{}', 'p')`, [v, v === "v1" ? 1 : 2]);
      }
      const rows: [string, string, string, string][] = [
        ["r1", "v1", '{"name": "Laboratorio Central", "meter": {"manufacturer": "ACME", "model": "M3", "serialNumber": "SN", "firmwareVersion": "1"}}', "2026-11-01T10:00:00Z"],
        ["r2", "v1", '{"name": "  ", "meter": {"manufacturer": "", "model": "", "serialNumber": "", "firmwareVersion": ""}}', "2026-11-02T10:00:00Z"],
        ["r0", "v1", '{"name": "Early lab", "meter": {"manufacturer": "", "model": "", "serialNumber": "", "firmwareVersion": ""}}', "2026-10-01T10:00:00Z"],
        ["r3", "v2", '{"name": "Other lab", "meter": {"manufacturer": "", "model": "", "serialNumber": "", "firmwareVersion": ""}}', "2026-11-03T10:00:00Z"],
      ];
      for (const [id, v, lab, at] of rows) {
        await db.sql.query(
          `INSERT INTO test_results (id, version_id, laboratory, results, summary, created_at) VALUES ($1, $2, $3::jsonb, '[{"testId": "ASSOC-001/public", "title": "t", "verdict": "PASS", "tester": "", "date": null, "remarks": ""}]', '{"pass": 1, "fail": 0, "inconclusive": 0, "notRun": 9, "total": 10}', $4)`,
          [id, v, lab, at],
        );
      }
      expect(await applyMigrations(db.sql, migrations)).toEqual(migrations.slice(before).map((m) => m.name));
      const t: TDatabase = { prisma: db.prisma, kind, close: async () => {} };
      expect((await listResultsSets(t, "v1")).map((s) => [s.number, s.id, s.laboratory, s.source, s.testbookId])).toEqual([
        [3, "r2", "Laboratory not named", "upload", null],
        [2, "r1", "Laboratorio Central", "upload", null],
        [1, "r0", "Early lab", "upload", null],
      ]);
      const [r1] = await getResultsSets(t, "v1", [2]);
      expect(r1).toMatchObject({ meter: { manufacturer: "ACME", model: "M3", serialNumber: "SN", firmwareVersion: "1" }, createdAt: "2026-11-01T10:00:00.000Z", summary: { pass: 1, total: 10 } });
      expect(r1!.results[0]!.verdict).toBe("PASS");
      expect((await listResultsSets(t, "v2")).map((s) => s.number)).toEqual([1]);
      expect(await db.sql.query(`SELECT to_regclass('test_results') AS t`)).toEqual([{ t: null }]);
    } finally {
      await db.drop();
    }
  });
});
