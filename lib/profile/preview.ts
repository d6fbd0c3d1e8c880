import type { TBaseline } from "../baseline/load";
import { parseAnswers } from "../questionnaire/parse";
import { buildUserProfile } from "./build";
import type { TUserProfile } from "./schema";

export type TProfileCounts = { clients: number; objects: number; logs: number; events: number; parameters: number; tests: number | null };

/** Contact answers do not change the profile's content, so a preview does not wait for them. */
const PREVIEW_CONTACT = { name: "Preview", email: "preview@example.com", company: "Preview", primeAllianceMember: false, utilityFinalCustomer: "Preview" };

/**
 * The size of the profile the answers would give, while a person is still answering: null
 * until every other section is valid. `countTests` adds the testbook's size when it is known.
 */
export function previewCounts(values: unknown, baseline: TBaseline, countTests?: (profile: TUserProfile) => number): TProfileCounts | null {
  if (values === null || typeof values !== "object") return null;
  const candidate = { ...(values as Record<string, unknown>), contact: PREVIEW_CONTACT };
  if (!parseAnswers(candidate, baseline).ok) return null;
  const profile = buildUserProfile(candidate, baseline);
  return {
    clients: profile.summary.clients,
    objects: profile.summary.objects,
    logs: profile.summary.logs,
    events: profile.summary.events,
    parameters: profile.summary.parameters,
    tests: countTests ? countTests(profile) : null,
  };
}
