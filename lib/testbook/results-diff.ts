import type { TResultVerdict, TTestResult } from "./results";
import type { TTestbook } from "./testbook-schema";

/**
 * What changed between two results sets of a testbook: the tests whose verdict differs (a test
 * without a result, or with none recorded, counts as not run), in testbook order, then those of
 * tests the testbook no longer has.
 */
export type TVerdictChange = { testId: string; title: string; chapter: string | null; before: TResultVerdict | null; after: TResultVerdict | null };

export type TResultsDiff = { changes: TVerdictChange[]; fixed: number; broken: number; compared: number };

export function diffResults(testbook: TTestbook, before: readonly TTestResult[], after: readonly TTestResult[]): TResultsDiff {
  const a = new Map(before.map((r) => [r.testId, r]));
  const b = new Map(after.map((r) => [r.testId, r]));
  const changes: TVerdictChange[] = [];
  const seen = new Set<string>();
  const compare = (testId: string, title: string, chapter: string | null) => {
    seen.add(testId);
    const x = a.get(testId)?.verdict ?? null;
    const y = b.get(testId)?.verdict ?? null;
    if (x !== y) changes.push({ testId, title, chapter, before: x, after: y });
  };
  for (const c of testbook.chapters) for (const t of c.tests) compare(t.id, t.title, c.id);
  for (const r of [...before, ...after]) if (!seen.has(r.testId)) compare(r.testId, r.title, null);
  return {
    changes,
    fixed: changes.filter((c) => c.after === "PASS" && c.before !== null).length,
    broken: changes.filter((c) => c.before === "PASS" && c.after !== null).length,
    compared: seen.size,
  };
}
