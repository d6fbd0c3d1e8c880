import "server-only";
import { z } from "zod";
import { getBaseline } from "../baseline/prime-plus";
import { AnswersError, buildUserProfile } from "../profile/build";
import { ANSWERS_FORMAT_VERSION, type TAnswers } from "../questionnaire/answers";
import { defaultAnswers } from "../questionnaire/defaults";
import { parseAnswers, type TAnswerIssue } from "../questionnaire/parse";
import { getDatabase } from "./db";
import { addVersion, createQuestionnaire, getQuestionnaire, saveDraft, ZDraft, type TDraft, type TQuestionnaireRecord } from "./questionnaire-repository";
import { profileCounts, type TProfileCounts } from "./counts";
import { prerenderDocuments } from "./documents";

/** Starts a questionnaire from the baseline's defaults, or from an imported answers file (which must be valid). */
export async function startQuestionnaire(imported?: unknown): Promise<TQuestionnaireRecord> {
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
  return createQuestionnaire(await getDatabase(), draft);
}

export const ZSaveDraftRequest = z.strictObject({ revision: z.int().min(0), draft: ZDraft });

export type TDraftStatus = { issues: TAnswerIssue[]; counts: TProfileCounts | null };

/** What the answers give so far: their problems, and the size of the profile they would build. */
export function draftStatus(values: unknown): TDraftStatus {
  const baseline = getBaseline();
  const parsed = parseAnswers(values, baseline);
  return { issues: parsed.ok ? [] : parsed.issues, counts: profileCounts(values, baseline) };
}

export async function saveQuestionnaireDraft(id: string, request: z.infer<typeof ZSaveDraftRequest>) {
  const saved = await saveDraft(await getDatabase(), id, request.revision, request.draft);
  return { ...saved, ...draftStatus(request.draft.values) };
}

export async function loadQuestionnaire(id: string) {
  const q = await getQuestionnaire(await getDatabase(), id);
  return { ...q, status: draftStatus(q.draft.values) };
}

/** Freezes the current draft as the next version and builds its profile. */
export async function submitQuestionnaire(id: string, revision: number) {
  const db = await getDatabase();
  const q = await getQuestionnaire(db, id);
  const baseline = getBaseline();
  const parsed = parseAnswers(q.draft.values, baseline);
  if (!parsed.ok) throw new AnswersError(parsed.issues);
  const profile = buildUserProfile(parsed.answers, baseline);
  const version = await addVersion(db, id, revision, { answers: parsed.answers, answersHash: profile.answers.hash, profile, profileId: profile.id });
  prerenderDocuments({ ...version, profile });
  return version;
}
