import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConflictError, NotFoundError } from "@/lib/server/errors";
import { applyMigrations, readMigrations } from "@/lib/server/migrate";
import { poolSql } from "@/lib/server/sql";
import {
  addVersion,
  createQuestionnaire,
  createShareLink,
  getQuestionnaire,
  getVersion,
  listVersions,
  resolveShareLink,
  saveDraft,
} from "@/lib/server/questionnaire-repository";
import { TEST_AUTHOR, workspaceRow } from "../helpers/accounts";
import { DATABASE_KINDS, type TTestDatabase } from "../helpers/databases";
import { EXAMPLES_DIR } from "../helpers/examples";
import { Pool } from "pg";

const draft = (step: string, values: Record<string, unknown> = {}) => ({ formatVersion: "1.0", step, values });
const profile = JSON.parse(readFileSync(join(EXAMPLES_DIR, "single-phase-plc.profile.json"), "utf8")) as { id: string; answers: { hash: string } };

describe.each(Object.entries(DATABASE_KINDS))("questionnaire repository on %s", (kind, open) => {
  let t: TTestDatabase;
  let workspace: string;
  beforeAll(async () => {
    t = await open();
    workspace = await workspaceRow(t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  test("migrations are recorded like prisma migrate deploy and applying them again changes nothing", async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; applied_steps_count: number }[]>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(readMigrations().map((m) => [m.name, m.checksum, 1]));
    if (kind === "postgresql") {
      const pool = new Pool({ connectionString: t.url });
      expect(await applyMigrations(poolSql(pool))).toEqual([]);
      await pool.end();
    }
  });

  test("a draft is created, saved and read back", async () => {
    const q = await createQuestionnaire(t.db, draft("contact"), workspace);
    expect(q.revision).toBe(0);
    const saved = await saveDraft(t.db, q.id, 0, draft("electrical", { contact: { name: "Ana" } }));
    expect(saved.revision).toBe(1);
    const read = await getQuestionnaire(t.db, q.id);
    expect(read.draft).toEqual(draft("electrical", { contact: { name: "Ana" } }));
    expect(read.revision).toBe(1);
  });

  test("a save from a stale revision is refused and does not change the stored draft", async () => {
    const q = await createQuestionnaire(t.db, draft("contact"), workspace);
    await saveDraft(t.db, q.id, 0, draft("electrical", { a: 1 }));
    await expect(saveDraft(t.db, q.id, 0, draft("clients", { a: 2 }))).rejects.toBeInstanceOf(ConflictError);
    expect((await getQuestionnaire(t.db, q.id)).draft).toEqual(draft("electrical", { a: 1 }));
  });

  test("an unknown questionnaire is reported as not found", async () => {
    await expect(getQuestionnaire(t.db, "nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveDraft(t.db, "nope", 0, draft("x"))).rejects.toBeInstanceOf(NotFoundError);
  });

  test("submissions become numbered versions that stay readable", async () => {
    const q = await createQuestionnaire(t.db, draft("review"), workspace);
    const content = { answers: { a: 1 }, answersHash: profile.answers.hash, profile, profileId: profile.id, author: TEST_AUTHOR };
    const v1 = await addVersion(t.db, q.id, 0, content);
    const v2 = await addVersion(t.db, q.id, 1, { ...content, answers: { a: 2 } });
    expect([v1.number, v2.number]).toEqual([1, 2]);
    expect((await getVersion(t.db, v1.id)).answers).toEqual({ a: 1 });
    expect((await listVersions(t.db, q.id)).map((v) => v.number)).toEqual([1, 2]);
    await expect(addVersion(t.db, q.id, 0, content)).rejects.toBeInstanceOf(ConflictError);
    expect((await getQuestionnaire(t.db, q.id)).versions).toHaveLength(2);
  });

  test("a share link opens its version read-only and is reused", async () => {
    const q = await createQuestionnaire(t.db, draft("review"), workspace);
    const v = await addVersion(t.db, q.id, 0, { answers: {}, answersHash: profile.answers.hash, profile, profileId: profile.id, author: TEST_AUTHOR });
    const token = await createShareLink(t.db, v.id);
    expect(await createShareLink(t.db, v.id)).toBe(token);
    expect((await resolveShareLink(t.db, token)).id).toBe(v.id);
    await expect(resolveShareLink(t.db, "missing")).rejects.toBeInstanceOf(NotFoundError);
  });
});
