import type { TP1Finding } from "../report";

/** Telegram scheduling from the receive times (P1-001). */
export type TTimed = { unit: number; startAt: number | null; endAt: number | null };
export type TTimingRules = { periodMs: number; toleranceMs: number; firstWithinMs: number; maxDurationMs: number };

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function checkTiming(units: TTimed[], requestAt: number | null, rules: TTimingRules, hasChunkTimes: boolean): TP1Finding[] {
  const findings: TP1Finding[] = [];
  const timed = units.filter((u): u is TTimed & { startAt: number } => u.startAt !== null);
  const first = timed[0];
  if (requestAt === null || !first) {
    findings.push({ check: "timing.first", status: "INCONCLUSIVE", reason: "the request time is not known (a .jsonl capture with a request event, a times file {\"request\": …}, a TCP source, or --request-line on a serial port)" });
  } else {
    const delay = first.startAt - requestAt;
    const status = delay >= 0 && delay <= rules.firstWithinMs ? "PASS" : "FAIL";
    const reason = delay < 0 ? `telegram ${first.unit} started ${s(-delay)} before the request` : `the first telegram came ${s(delay)} after the request${status === "FAIL" ? `; at most ${s(rules.firstWithinMs)}` : ""}`;
    findings.push({ check: "timing.first", status, unit: first.unit, reason });
  }

  if (timed.length < 2) {
    findings.push({ check: "timing.interval", status: "INCONCLUSIVE", reason: timed.length === 0 ? "no receive times: the interval between telegrams cannot be judged" : "only one telegram has a receive time" });
  } else {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 1; i < timed.length; i++) {
      const a = timed[i - 1]!;
      const b = timed[i]!;
      const gap = b.startAt - a.startAt;
      min = Math.min(min, gap);
      max = Math.max(max, gap);
      if (Math.abs(gap - rules.periodMs) <= rules.toleranceMs) continue;
      const periods = Math.round(gap / rules.periodMs);
      const hint = periods >= 2 && Math.abs(gap - periods * rules.periodMs) <= rules.toleranceMs ? `: about ${periods} periods, ${periods - 1} telegram${periods === 2 ? " is" : "s are"} missing` : "";
      findings.push({ check: "timing.interval", status: "FAIL", unit: b.unit, reason: `telegrams ${a.unit} and ${b.unit} are ${s(gap)} apart, not ${s(rules.periodMs)} ± ${s(rules.toleranceMs)}${hint}` });
    }
    if (!findings.some((f) => f.check === "timing.interval")) {
      findings.push({ check: "timing.interval", status: "PASS", reason: `${timed.length - 1} intervals between ${s(min)} and ${s(max)}, within ${s(rules.periodMs)} ± ${s(rules.toleranceMs)}` });
    }
  }

  const spans = hasChunkTimes ? timed.filter((u): u is typeof u & { endAt: number } => u.endAt !== null) : [];
  if (spans.length === 0) {
    findings.push({ check: "timing.duration", status: "INCONCLUSIVE", reason: "the time of each telegram's last byte is not known" });
  } else {
    let longest = 0;
    for (const u of spans) {
      const took = u.endAt - u.startAt;
      longest = Math.max(longest, took);
      if (took > rules.maxDurationMs) findings.push({ check: "timing.duration", status: "FAIL", unit: u.unit, reason: `telegram ${u.unit} took ${s(took)} from its first to its last byte; at most ${s(rules.maxDurationMs)}` });
    }
    if (!findings.some((f) => f.check === "timing.duration")) findings.push({ check: "timing.duration", status: "PASS", reason: `each telegram was sent in at most ${s(longest)}` });
  }
  return findings;
}
