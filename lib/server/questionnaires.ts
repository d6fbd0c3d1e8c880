import "server-only";
import { z } from "zod";
import { getBaseline } from "../baseline/prime-plus";
import { AnswersError, buildUserProfile } from "../profile/build";
import { ANSWERS_FORMAT_VERSION, type TAnswers } from "../questionnaire/answers";
import { defaultAnswers } from "../questionnaire/defaults";
import { parseAnswers } from "../questionnaire/parse";
import type { TMemberActor, TQuestionnaireGrant } from "./access";
import { recordActivity } from "./activity";
import { getDatabase } from "./db";
import { ZRevision } from "./http";
import { addVersion, createQuestionnaire, getQuestionnaire, saveDraft, ZDraft, type TDraft, type TQuestionnaireRecord } from "./questionnaire-repository";
import { draftStatus, statusOrSchedule, type TDraftStatus } from "./draft-status";
import { prerenderDocuments } from "./documents";

/** Starts a questionnaire in the member's workspace from the baseline's defaults, or from an imported answers file (which must be valid). */
export async function startQuestionnaire(actor: TMemberActor, imported?: unknown): Promise<TQuestionnaireRecord> {
  const baseline = getBaseline();
  let values: TAnswers;
  if (imported === undefined) {
    values = defaultAnswers(baseline);
  } else {
    const parsed = parseAnswers(imported, baseline);
    if (!parsed.ok) throw new AnswersError(parsed.issues);
    values = parsed.answers;
  }
  const draft: TDraft = { formatVersion: ANSWERS_FORMAT_VERSION, step: imported === undefined ? "contact" : "review", values };
  return createQuestionnaire(await getDatabase(), draft, actor.workspaceId);
}

export const ZSaveDraftRequest = z.strictObject({ revision: ZRevision, draft: ZDraft });

/**
 * Autosave: stores the draft and answers at once. The answers' problems and profile size come
 * with the answer only when already known for this content; otherwise `statusPending` says to
 * ask `questionnaireStatus` for them (see draft-status.ts).
 */
export async function saveQuestionnaireDraft(grant: TQuestionnaireGrant, request: z.infer<typeof ZSaveDraftRequest>) {
  const id = grant.questionnaireId;
  const db = await getDatabase();
  const saved = await saveDraft(db, id, request.revision, request.draft, { userId: grant.actor.user.id, actorName: grant.actor.user.name });
  const status = statusOrSchedule(id, request.draft.values);
  return status ? { ...saved, ...status, statusPending: false } : { ...saved, statusPending: true };
}

export async function loadQuestionnaire(id: string) {
  const q = await getQuestionnaire(await getDatabase(), id);
  return { ...q, status: await draftStatus(q.draft.values) };
}

/**
 * The problems and profile size of the questionnaire's current draft, with the revision they
 * describe: the browser's poll after a save. Refused (503) while the status worker is far behind.
 */
export async function questionnaireStatus(id: string): Promise<TDraftStatus & { revision: number }> {
  const q = await getQuestionnaire(await getDatabase(), id);
  return { revision: q.revision, ...(await draftStatus(q.draft.values, "refuse")) };
}

/** Freezes the current draft as the next version, with its author, and builds its profile. */
export async function submitQuestionnaire(grant: TQuestionnaireGrant, revision: number) {
  const id = grant.questionnaireId;
  const db = await getDatabase();
  const q = await getQuestionnaire(db, id);
  const baseline = getBaseline();
  const parsed = parseAnswers(q.draft.values, baseline);
  if (!parsed.ok) throw new AnswersError(parsed.issues);
  const profile = buildUserProfile(parsed.answers, baseline);
  const author = { id: grant.actor.user.id, name: grant.actor.user.name };
  const version = await addVersion(db, id, revision, { answers: parsed.answers, answersHash: profile.answers.hash, profile, profileId: profile.id, author });
  await recordActivity(db, grant.actor, { questionnaireId: id, action: "submit", versionNumber: version.number });
  prerenderDocuments({ ...version, profile });
  return version;
}
