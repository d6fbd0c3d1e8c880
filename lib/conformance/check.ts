import type { TClientId } from "../vocabulary";

/**
 * One executed check of a conformance run: a single thing verified on the meter (one GET, one
 * refusal, one value compared with the profile), tied to a testbook test and step, with the
 * traffic that shows it.
 */
export const CHECK_VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE", "NOT-RUN"] as const;
export type TCheckVerdict = (typeof CHECK_VERDICTS)[number];

export interface TCheck {
  /** testId#n, stable for the same testbook and meter behaviour. */
  id: string;
  testId: string;
  step?: number;
  /** What was checked, e.g. "Reading client: GET 1-0:1.8.0.255 attribute 2". */
  title: string;
  verdict: TCheckVerdict;
  /** What was observed, or why it differs: "object 1-0:99.1.0.255 missing from the Reading client's object list". */
  message: string;
  client?: TClientId;
  requirements: string[];
  /** Indexes [from, to) into the run's traffic log. */
  evidence: [number, number];
  startedAt: number;
  durationMs: number;
}

/** The verdict of a test from its checks: any FAIL fails it, then any INCONCLUSIVE; no check at all is NOT-RUN. */
export function testVerdict(checks: readonly TCheck[]): TCheckVerdict {
  if (checks.length === 0) return "NOT-RUN";
  if (checks.some((c) => c.verdict === "FAIL")) return "FAIL";
  if (checks.some((c) => c.verdict === "INCONCLUSIVE")) return "INCONCLUSIVE";
  if (checks.every((c) => c.verdict === "NOT-RUN")) return "NOT-RUN";
  return "PASS";
}
