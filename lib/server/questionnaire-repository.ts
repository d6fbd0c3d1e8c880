import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../json/canonical";
import type { TDatabase } from "./db";
import { ConflictError, NotFoundError } from "./errors";
import { Prisma } from "./generated/prisma/client";
import { saveBucket } from "./activity";
import { transaction } from "./transactions";

/** The form state stored while a person answers: possibly incomplete, never trusted as answers. */
export const ZDraft = z.strictObject({
  formatVersion: z.string().min(1).max(20),
  step: z.string().min(1).max(60),
  values: z.record(z.string(), z.unknown()),
});
export type TDraft = z.infer<typeof ZDraft>;

export const newId = () => randomBytes(16).toString("base64url");

/**
 * Whether a link's id can be one of ours (128 random bits, base64url: 22 characters). Checked
 * before any query, so that a NUL, a 10 kB string or a stray character never reaches the database.
 */
export const isId = (value: string) => /^[A-Za-z0-9_-]{22}$/.test(value);

export type TQuestionnaireRecord = {
  id: string;
  revision: number;
  draft: TDraft;
  updatedAt: string;
  versions: { id: string; number: number; createdAt: string; profileId: string }[];
};

const questionnaireSelect = {
  id: true,
  revision: true,
  draft: true,
  updatedAt: true,
  versions: { select: { id: true, number: true, createdAt: true, profileId: true }, orderBy: { number: "asc" } },
} satisfies Prisma.QuestionnaireSelect;

type TQuestionnaireRow = Prisma.QuestionnaireGetPayload<{ select: typeof questionnaireSelect }>;

function toQuestionnaire(row: TQuestionnaireRow): TQuestionnaireRecord {
  return {
    id: row.id,
    revision: row.revision,
    draft: ZDraft.parse(row.draft),
    updatedAt: row.updatedAt.toISOString(),
    versions: row.versions.map((v) => ({ id: v.id, number: v.number, createdAt: v.createdAt.toISOString(), profileId: v.profileId })),
  };
}

export async function createQuestionnaire(db: TDatabase, draft: TDraft, workspaceId: string): Promise<TQuestionnaireRecord> {
  const row = await db.prisma.questionnaire.create({ data: { id: newId(), draft: draft as Prisma.InputJsonObject, workspaceId }, select: questionnaireSelect });
  return toQuestionnaire(row);
}

const NO_QUESTIONNAIRE = "No questionnaire has this link. Check the link, or start a new questionnaire.";

export async function getQuestionnaire(db: TDatabase, id: string): Promise<TQuestionnaireRecord> {
  if (!isId(id)) throw new NotFoundError(NO_QUESTIONNAIRE);
  const row = await db.prisma.questionnaire.findUnique({ where: { id }, select: questionnaireSelect });
  if (!row) throw new NotFoundError("No questionnaire has this link. Check the link, or start a new questionnaire.");
  return toQuestionnaire(row);
}

/** Inside a transaction `client` must be its `tx`: on PGlite a query through the outer client would wait for the transaction itself. */
async function refuseStaleRevision(client: Prisma.TransactionClient, id: string): Promise<never> {
  const current = await client.questionnaire.findUnique({ where: { id }, select: { revision: true } });
  if (!current) throw new NotFoundError("No questionnaire has this link. Check the link, or start a new questionnaire.");
  throw new ConflictError(
    "This questionnaire was changed in another tab or window since this page loaded. Reload to continue from the latest answers; the changes made here since then were not saved.",
    current.revision,
  );
}

/** Who saved a draft, for the activity log. */
export type TSaveAuthor = { userId: string; actorName: string };

const utc = (at: Date) => Prisma.sql`CAST(${at.toISOString()} AS timestamptz) AT TIME ZONE 'UTC'`;

/**
 * Saves the draft if nobody saved since `revision`; returns the new revision. With an author, the
 * save is counted in their activity entry of the quarter-hour by the same statement: one commit
 * per autosave, and only a save that was stored is counted.
 */
export async function saveDraft(db: TDatabase, id: string, revision: number, draft: TDraft, author?: TSaveAuthor, now = new Date()): Promise<{ revision: number; updatedAt: string }> {
  if (!isId(id)) throw new NotFoundError(NO_QUESTIONNAIRE);
  const logged = author
    ? Prisma.sql`, logged AS (
        INSERT INTO activity (id, questionnaire_id, action, user_id, actor_name, bucket, count, created_at, last_at)
        SELECT ${randomBytes(16).toString("base64url")}, saved.id, 'save', ${author.userId}, ${author.actorName}, ${utc(saveBucket(now))}, 1, ${utc(now)}, ${utc(now)} FROM saved
        ON CONFLICT (questionnaire_id, user_id, action, bucket)
        DO UPDATE SET count = activity.count + 1, last_at = EXCLUDED.last_at, actor_name = EXCLUDED.actor_name)`
    : Prisma.empty;
  const updated = await db.prisma.$queryRaw<{ revision: number; updated_at: string }[]>`
    WITH saved AS (
      UPDATE questionnaire SET draft = CAST(${JSON.stringify(draft)} AS jsonb), revision = revision + 1, updated_at = ${utc(now)}
      WHERE id = ${id} AND revision = ${revision}
      RETURNING id, revision, updated_at)${logged}
    SELECT revision, to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at FROM saved`;
  const row = updated[0];
  if (row) return { revision: row.revision, updatedAt: row.updated_at };
  // A retry of a save that was stored while its client had stopped waiting finds its own content:
  // that is a success, not a conflict with another tab.
  const current = await db.prisma.questionnaire.findUnique({ where: { id }, select: { revision: true, draft: true, updatedAt: true } });
  if (current && canonicalJson(current.draft) === canonicalJson(draft)) return { revision: current.revision, updatedAt: current.updatedAt.toISOString() };
  return refuseStaleRevision(db.prisma, id);
}

export type TVersionRecord = {
  id: string;
  questionnaireId: string;
  number: number;
  answers: unknown;
  profile: unknown;
  profileId: string;
  /** Who submitted it (their display name at that time); null for versions from before accounts. */
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
};

const versionSelect = {
  id: true,
  questionnaireId: true,
  number: true,
  answers: true,
  profile: true,
  profileId: true,
  authorId: true,
  authorName: true,
  createdAt: true,
} satisfies Prisma.AnswersVersionSelect;

/**
 * Freezes valid answers and their profile as the next numbered version. The draft must still be
 * at `revision`, so that what is submitted is what the person saw.
 */
export async function addVersion(
  db: TDatabase,
  questionnaireId: string,
  revision: number,
  content: { answers: unknown; answersHash: string; profile: unknown; profileId: string; author: { id: string; name: string } },
): Promise<TVersionRecord> {
  return transaction(db, async (tx) => {
    const locked = await tx.questionnaire.updateManyAndReturn({
      where: { id: questionnaireId, revision },
      data: { revision: { increment: 1 } },
      select: { revision: true },
    });
    if (locked.length === 0) await refuseStaleRevision(tx, questionnaireId);
    const last = await tx.answersVersion.findFirst({ where: { questionnaireId }, orderBy: { number: "desc" }, select: { number: true } });
    const row = await tx.answersVersion.create({
      data: {
        id: newId(),
        questionnaireId,
        number: (last?.number ?? 0) + 1,
        answers: content.answers as Prisma.InputJsonValue,
        answersHash: content.answersHash,
        profile: content.profile as Prisma.InputJsonValue,
        profileId: content.profileId,
        authorId: content.author.id,
        authorName: content.author.name,
      },
      select: versionSelect,
    });
    return { ...row, createdAt: row.createdAt.toISOString() };
  });
}

export async function getVersion(db: TDatabase, id: string): Promise<TVersionRecord> {
  if (!isId(id)) throw new NotFoundError("No submitted profile has this link.");
  const row = await db.prisma.answersVersion.findUnique({ where: { id }, select: versionSelect });
  if (!row) throw new NotFoundError("No submitted profile has this link.");
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function listVersions(db: TDatabase, questionnaireId: string) {
  const rows = await db.prisma.answersVersion.findMany({
    where: { questionnaireId },
    orderBy: { number: "asc" },
    select: { id: true, number: true, createdAt: true, profileId: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function createShareLink(db: TDatabase, versionId: string): Promise<string> {
  await getVersion(db, versionId);
  const existing = await db.prisma.shareLink.findFirst({ where: { versionId }, select: { token: true } });
  if (existing) return existing.token;
  const row = await db.prisma.shareLink.create({ data: { token: newId(), versionId }, select: { token: true } });
  return row.token;
}

export async function resolveShareLink(db: TDatabase, token: string): Promise<TVersionRecord> {
  if (!isId(token)) throw new NotFoundError("This share link does not exist or was withdrawn.");
  const row = await db.prisma.shareLink.findUnique({ where: { token }, select: { versionId: true } });
  if (!row) throw new NotFoundError("This share link does not exist or was withdrawn.");
  return getVersion(db, row.versionId);
}
