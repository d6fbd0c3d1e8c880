import type { TBaseline } from "../baseline/load";
import { previewCounts, type TProfileCounts } from "../profile/preview";
import type { TCatalogue } from "../testbook/catalogue";
import { countTests } from "../testbook/select";
import { parseAnswers, type TAnswerIssue } from "./parse";

/** What a draft's answers give so far: their problems, and the size of the profile they would build. */
export type TDraftStatus = { issues: TAnswerIssue[]; counts: TProfileCounts | null };

export function draftStatusOf(values: unknown, baseline: TBaseline, catalogue: TCatalogue): TDraftStatus {
  const parsed = parseAnswers(values, baseline);
  return { issues: parsed.ok ? [] : parsed.issues, counts: previewCounts(values, baseline, (profile) => countTests(profile, catalogue)) };
}
