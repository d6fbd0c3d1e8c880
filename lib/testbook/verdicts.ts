import type { TResultVerdict } from "./results";

/**
 * The words laboratories write for a verdict, in any case: pass/passed/ok, fail/failed,
 * inconclusive, and n/a (or nothing) for a test or step without a verdict.
 */
const WORDS: Record<string, TResultVerdict | null> = {
  pass: "PASS",
  passed: "PASS",
  ok: "PASS",
  fail: "FAIL",
  failed: "FAIL",
  inconclusive: "INCONCLUSIVE",
  "n/a": null,
  "": null,
};

export const VERDICT_WORDS_HELP = "pass, passed, ok, fail, failed, inconclusive or n/a, in any case";

export type TVerdictWord = { ok: true; verdict: TResultVerdict | null } | { ok: false };

export function readVerdictWord(text: string): TVerdictWord {
  const key = text.trim().toLowerCase();
  return Object.hasOwn(WORDS, key) ? { ok: true, verdict: WORDS[key] ?? null } : { ok: false };
}

/** A verdict word as the canonical verdict, anything else unchanged (for the schema to refuse). */
export function normalizeVerdict(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const word = readVerdictWord(value);
  return word.ok ? word.verdict : value;
}

const RANK: Record<TResultVerdict, number> = { PASS: 0, INCONCLUSIVE: 1, FAIL: 2 };

/** The verdict of a test from those of its steps: any FAIL fails it, then any INCONCLUSIVE; none is no verdict. */
export function worstVerdict(verdicts: readonly (TResultVerdict | null)[]): TResultVerdict | null {
  let worst: TResultVerdict | null = null;
  for (const v of verdicts) if (v && (!worst || RANK[v] > RANK[worst])) worst = v;
  return worst;
}
