import "server-only";
import { getBaseline } from "../baseline/prime-plus";
import { hashJson } from "../json/canonical";
import { parseAnswers, type TAnswerIssue } from "../questionnaire/parse";
import { profileCounts, type TProfileCounts } from "./counts";
import { log } from "./log";

/**
 * What a draft's answers give so far: their problems and the size of the profile they would
 * build. Computing the size builds a preview profile and counts its tests (about 15 ms for full
 * answers), too much for every autosave of every user; so a save only stores the draft, and the
 * status is computed after the response (each questionnaire's latest draft only) and kept by
 * content hash: the next GET of the status (or of the questionnaire) finds it ready, or computes
 * it then.
 */
export type TDraftStatus = { issues: TAnswerIssue[]; counts: TProfileCounts | null };

const MAX_KEPT = 2_000;
const kept = new Map<string, TDraftStatus>();
/** Per questionnaire, the latest draft whose status is still to compute: a newer save replaces an older one. */
const waiting = new Map<string, { hash: string; values: unknown }>();
let pumping = false;

function keep(hash: string, status: TDraftStatus): TDraftStatus {
  kept.delete(hash);
  kept.set(hash, status);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
  return status;
}

function compute(values: unknown): TDraftStatus {
  const baseline = getBaseline();
  const parsed = parseAnswers(values, baseline);
  return { issues: parsed.ok ? [] : parsed.issues, counts: profileCounts(values, baseline) };
}

/** The status of these answers, from the kept ones or computed now. */
export function draftStatus(values: unknown): TDraftStatus {
  const hash = hashJson(values);
  return kept.get(hash) ?? keep(hash, compute(values));
}

/**
 * One status at a time, then a pause three times as long: background work takes at most a
 * quarter of the thread, so that saves stay fast however many arrive. A status asked for
 * before its turn is computed then (see draftStatus).
 */
const PAUSE_FACTOR = 3;

function pump() {
  const next = waiting.entries().next();
  if (next.done) {
    pumping = false;
    return;
  }
  const [questionnaireId, job] = next.value;
  waiting.delete(questionnaireId);
  const started = performance.now();
  if (!kept.has(job.hash)) {
    try {
      keep(job.hash, compute(job.values));
    } catch (e) {
      log.error({ error: e instanceof Error ? e.name : typeof e, questionnaireId }, "computing a draft's status failed");
    }
  }
  setTimeout(pump, (performance.now() - started) * PAUSE_FACTOR);
}

/**
 * The status of a questionnaire's newly saved answers if it is known already (a save of the same
 * content again); otherwise null, and it is computed after the response has gone.
 */
export function statusOrSchedule(questionnaireId: string, values: unknown): TDraftStatus | null {
  const hash = hashJson(values);
  const known = kept.get(hash);
  if (known) return known;
  waiting.delete(questionnaireId);
  waiting.set(questionnaireId, { hash, values });
  if (!pumping) {
    pumping = true;
    setTimeout(pump, 0);
  }
  return null;
}
