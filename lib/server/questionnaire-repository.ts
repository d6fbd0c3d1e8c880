import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { TDatabase } from "./db";
import { ConflictError, NotFoundError } from "./errors";
import type { Prisma } from "./generated/prisma/client";

/** The form state stored while a person answers: possibly incomplete, never trusted as answers. */
export const ZDraft = z.strictObject({
  formatVersion: z.string().min(1).max(20),
  step: z.string().min(1).max(60),
  values: z.record(z.string(), z.unknown()),
});
export type TDraft = z.infer<typeof ZDraft>;

export const newId = () => randomBytes(16).toString("base64url");

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

export async function createQuestionnaire(db: TDatabase, draft: TDraft): Promise<TQuestionnaireRecord> {
  const row = await db.prisma.questionnaire.create({ data: { id: newId(), draft: draft as Prisma.InputJsonObject }, select: questionnaireSelect });
  return toQuestionnaire(row);
}

export async function getQuestionnaire(db: TDatabase, id: string): Promise<TQuestionnaireRecord> {
  const row = await db.prisma.questionnaire.findUnique({ where: { id }, select: questionnaireSelect });
  if (!row) throw new NotFoundError("No questionnaire has this link. Check the link, or start a new questionnaire.");
  return toQuestionnaire(row);
}

async function refuseStaleRevision(db: TDatabase, id: string): Promise<never> {
  const current = await db.prisma.questionnaire.findUnique({ where: { id }, select: { revision: true } });
  if (!current) throw new NotFoundError("No questionnaire has this link. Check the link, or start a new questionnaire.");
  throw new ConflictError(
    "This questionnaire was changed in another tab or window since this page loaded. Reload to continue from the latest answers; the changes made here since then were not saved.",
    current.revision,
  );
}

/** Saves the draft if nobody saved since `revision`; returns the new revision. */
export async function saveDraft(db: TDatabase, id: string, revision: number, draft: TDraft): Promise<{ revision: number; updatedAt: string }> {
  const updated = await db.prisma.questionnaire.updateManyAndReturn({
    where: { id, revision },
    data: { draft: draft as Prisma.InputJsonObject, revision: { increment: 1 } },
    select: { revision: true, updatedAt: true },
  });
  const row = updated[0];
  if (!row) return refuseStaleRevision(db, id);
  return { revision: row.revision, updatedAt: row.updatedAt.toISOString() };
}

export type TVersionRecord = {
  id: string;
  questionnaireId: string;
  number: number;
  answers: unknown;
  profile: unknown;
  profileId: string;
  createdAt: string;
};

const versionSelect = {
  id: true,
  questionnaireId: true,
  number: true,
  answers: true,
  profile: true,
  profileId: true,
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
  content: { answers: unknown; answersHash: string; profile: unknown; profileId: string },
): Promise<TVersionRecord> {
  return db.prisma.$transaction(async (tx) => {
    const locked = await tx.questionnaire.updateManyAndReturn({
      where: { id: questionnaireId, revision },
      data: { revision: { increment: 1 } },
      select: { revision: true },
    });
    if (locked.length === 0) await refuseStaleRevision(db, questionnaireId);
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
      },
      select: versionSelect,
    });
    return { ...row, createdAt: row.createdAt.toISOString() };
  });
}

export async function getVersion(db: TDatabase, id: string): Promise<TVersionRecord> {
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
  const row = await db.prisma.shareLink.findUnique({ where: { token }, select: { versionId: true } });
  if (!row) throw new NotFoundError("This share link does not exist or was withdrawn.");
  return getVersion(db, row.versionId);
}
