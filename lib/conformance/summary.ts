import type { TTestbook } from "../testbook/testbook-schema";
import type { TClientId } from "../vocabulary";
import { CHECK_VERDICTS, type TCheck, type TCheckVerdict } from "./check";
import type { TRunResult } from "./run";

/**
 * What a run shows at a glance: checks and tests by verdict, by chapter and by client, and the
 * coverage of the profile's requirements (the testbook's traceability matrix) by executed checks.
 */
export type TVerdictCounts = Record<TCheckVerdict, number>;

export interface TRequirementCoverage {
  id: string;
  kind: string;
  label: string;
  /** Tests of the testbook that trace to it. */
  tests: number;
  /** Checks of the run that trace to it and were executed (not NOT-RUN). */
  executed: number;
  verdict: TCheckVerdict;
}

export interface TRunSummary {
  checks: TVerdictCounts;
  tests: TVerdictCounts;
  chapters: Array<{ id: string; title: string; checks: TVerdictCounts; tests: TVerdictCounts }>;
  clients: Array<{ client: TClientId; checks: TVerdictCounts }>;
  requirements: TRequirementCoverage[];
  coverage: { requirements: number; executed: number; passed: number; failed: number; percent: number };
}

const zero = (): TVerdictCounts => Object.fromEntries(CHECK_VERDICTS.map((v) => [v, 0])) as TVerdictCounts;
const count = (verdicts: Iterable<TCheckVerdict>): TVerdictCounts => {
  const c = zero();
  for (const v of verdicts) c[v]++;
  return c;
};

/** A requirement's verdict from its executed checks: any FAIL, then any INCONCLUSIVE, then PASS; none executed is NOT-RUN. */
function requirementVerdict(checks: TCheck[]): TCheckVerdict {
  const executed = checks.filter((c) => c.verdict !== "NOT-RUN");
  if (executed.length === 0) return "NOT-RUN";
  if (executed.some((c) => c.verdict === "FAIL")) return "FAIL";
  if (executed.some((c) => c.verdict === "INCONCLUSIVE")) return "INCONCLUSIVE";
  return "PASS";
}

export function summarizeRun(run: TRunResult, testbook: TTestbook): TRunSummary {
  const checks = run.tests.flatMap((t) => t.checks);
  const chapters = testbook.chapters
    .map((c) => {
      const tests = run.tests.filter((t) => t.chapter === c.id);
      return { id: c.id, title: c.title, checks: count(tests.flatMap((t) => t.checks.map((x) => x.verdict))), tests: count(tests.map((t) => t.verdict)) };
    })
    .filter((c) => Object.values(c.tests).some((n) => n > 0));
  const clientIds = [...new Set(checks.flatMap((c) => (c.client ? [c.client] : [])))];
  const byRequirement = new Map<string, TCheck[]>();
  for (const c of checks) for (const r of c.requirements) byRequirement.set(r, [...(byRequirement.get(r) ?? []), c]);
  const requirements = testbook.traceability.requirements.map((r) => {
    const traced = byRequirement.get(r.id) ?? [];
    return { id: r.id, kind: r.kind, label: r.label, tests: r.tests.length, executed: traced.filter((c) => c.verdict !== "NOT-RUN").length, verdict: requirementVerdict(traced) };
  });
  const executed = requirements.filter((r) => r.executed > 0);
  return {
    checks: count(checks.map((c) => c.verdict)),
    tests: count(run.tests.map((t) => t.verdict)),
    chapters,
    clients: clientIds.map((client) => ({ client, checks: count(checks.filter((c) => c.client === client).map((c) => c.verdict)) })),
    requirements,
    coverage: {
      requirements: requirements.length,
      executed: executed.length,
      passed: executed.filter((r) => r.verdict === "PASS").length,
      failed: executed.filter((r) => r.verdict === "FAIL").length,
      percent: requirements.length === 0 ? 0 : Math.round((executed.length / requirements.length) * 1000) / 10,
    },
  };
}
