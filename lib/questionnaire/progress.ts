import { REVIEW_STEP, STEP_IDS } from "./sections";

/**
 * Where a person is in the questionnaire and which steps they have opened, kept in the draft's
 * `step` field so that it survives a reload and a resume link on another computer.
 *
 * Written "<step>" or "<step>/<visited>", where <visited> is a hexadecimal bit set over
 * STEP_IDS (bit i for STEP_IDS[i]); the draft allows 60 characters, so step ids cannot be
 * listed. A bare step id (a new or imported questionnaire, or a draft saved before steps were
 * recorded) means every step up to it was visited. Steps of earlier versions of the
 * questionnaire map to the step that now holds their first question.
 */
export type TProgress = { step: string; visited: Set<string> };

const RENAMED: Record<string, string> = { metering: "energy" };

export function decodeProgress(saved: string): TProgress {
  const [rawStep = "", mask] = saved.split("/");
  const known = RENAMED[rawStep] ?? rawStep;
  const step = STEP_IDS.includes(known) ? known : STEP_IDS[0]!;
  const index = STEP_IDS.indexOf(step);
  const bits = mask !== undefined && /^[0-9a-f]{1,8}$/.test(mask) ? Number.parseInt(mask, 16) : null;
  const visited = new Set(bits === null ? STEP_IDS.slice(0, index + 1) : STEP_IDS.filter((_, i) => (bits & (1 << i)) !== 0));
  visited.add(step);
  return { step, visited };
}

export function encodeProgress({ step, visited }: TProgress): string {
  const bits = STEP_IDS.reduce((mask, id, i) => (visited.has(id) || id === step ? mask | (1 << i) : mask), 0);
  return `${step}/${bits.toString(16)}`;
}

/** Once the review step has been opened, every step counts as looked at. */
export const reviewed = (visited: ReadonlySet<string>): boolean => visited.has(REVIEW_STEP.id);
