import "server-only";
import { randomBytes } from "node:crypto";
import type { TActor } from "./access";
import type { TDatabase } from "./db";
import type { ActivityAction } from "./generated/prisma/client";

/**
 * The activity log of a questionnaire: who saved, submitted, shared, created or revoked a results
 * link, imported results or ran a meter, and when. Autosaves come every few seconds while a person
 * types, so they are kept as one entry per person per quarter-hour, with a count.
 */
export const ACTIVITY_ACTIONS = ["save", "submit", "share", "create-results-link", "revoke-results-link", "import-results", "run-meter"] as const;
export type TActivityAction = (typeof ACTIVITY_ACTIONS)[number];

const TO_DB: Record<TActivityAction, ActivityAction> = {
  save: "save",
  submit: "submit",
  share: "share",
  "create-results-link": "create_results_link",
  "revoke-results-link": "revoke_results_link",
  "import-results": "import_results",
  "run-meter": "run_meter",
};
const FROM_DB = Object.fromEntries(Object.entries(TO_DB).map(([k, v]) => [v, k])) as Record<ActivityAction, TActivityAction>;

export const SAVE_COALESCE_MS = 15 * 60 * 1000;

/** The start of the quarter-hour whose entry an autosave at `now` counts in. */
export const saveBucket = (now: Date): Date => new Date(Math.floor(now.getTime() / SAVE_COALESCE_MS) * SAVE_COALESCE_MS);

export type TActivityEntry = {
  action: TActivityAction;
  actorName: string;
  userId: string | null;
  versionNumber: number | null;
  detail: string | null;
  count: number;
  at: string;
  lastAt: string;
};

/** Saves are not recorded here: saveDraft counts them in the statement that stores the draft. */
export type TActivityInput = { questionnaireId: string; action: Exclude<TActivityAction, "save">; versionNumber?: number; detail?: string };

/** Who acted, as the log names them: a member by their display name, a laboratory by its results link. */
function actorOf(actor: TActor): { userId: string | null; actorName: string } {
  if (actor.kind === "member") return { userId: actor.user.id, actorName: actor.user.name };
  if (actor.kind === "results") return { userId: null, actorName: `${actor.link.laboratory} (results link)` };
  return { userId: null, actorName: "A share link" };
}

export async function recordActivity(db: TDatabase, actor: TActor, input: TActivityInput, now = new Date()): Promise<void> {
  const who = actorOf(actor);
  await db.prisma.activity.create({
    data: {
      id: randomBytes(16).toString("base64url"),
      questionnaireId: input.questionnaireId,
      action: TO_DB[input.action],
      ...who,
      versionNumber: input.versionNumber ?? null,
      detail: input.detail ?? null,
      createdAt: now,
      lastAt: now,
    },
  });
}

/** The newest entries first. */
export async function listActivity(db: TDatabase, questionnaireId: string, limit = 100): Promise<TActivityEntry[]> {
  const rows = await db.prisma.activity.findMany({
    where: { questionnaireId },
    orderBy: [{ lastAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { action: true, actorName: true, userId: true, versionNumber: true, detail: true, count: true, createdAt: true, lastAt: true },
  });
  return rows.map((r) => ({
    action: FROM_DB[r.action],
    actorName: r.actorName,
    userId: r.userId,
    versionNumber: r.versionNumber,
    detail: r.detail,
    count: r.count,
    at: r.createdAt.toISOString(),
    lastAt: r.lastAt.toISOString(),
  }));
}

/** One entry in words: "saved the answers (12 autosaves)", "submitted version 2". */
export function describeActivity(e: TActivityEntry): string {
  const v = e.versionNumber !== null ? ` version ${e.versionNumber}` : "";
  switch (e.action) {
    case "save":
      return e.count > 1 ? `saved the answers (${e.count} autosaves)` : "saved the answers";
    case "submit":
      return `submitted${v}`;
    case "share":
      return `shared${v} through a read-only link`;
    case "create-results-link":
      return `created a results link${e.detail ? ` for ${e.detail}` : ""} on${v}`;
    case "revoke-results-link":
      return `revoked the results link${e.detail ? ` of ${e.detail}` : ""} on${v}`;
    case "import-results":
      return `imported results${e.detail ? ` (${e.detail})` : ""} for${v}`;
    case "run-meter":
      return `ran a meter against the testbook of${v}${e.detail ? ` (${e.detail})` : ""}`;
  }
}
