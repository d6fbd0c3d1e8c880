import { junitXml, type TJUnitCase, type TJUnitStatus, type TJUnitSuite } from "../export/junit";
import type { TResultsFile, TResultVerdict, TTestResult } from "./results";
import type { TTestbook } from "./testbook-schema";

/**
 * A results set as JUnit XML, with the writer the conformance runner uses: a testsuite per
 * chapter, a testcase per test with its requirement ids as `requirement` properties (as the
 * runner writes them), the tester and the date; tests without a verdict are skipped. Who tested
 * what meter is in each suite's properties.
 */
const STATUS: Record<TResultVerdict, TJUnitStatus> = { PASS: "passed", FAIL: "failed", INCONCLUSIVE: "error" };

export type TJUnitResultsSet = {
  number: number;
  laboratory: string;
  source: string;
  createdAt: string;
  testbookId: string | null;
  meter: TResultsFile["laboratory"]["meter"];
  results: readonly TTestResult[];
};

function caseOf(r: TTestResult | undefined, id: string, title: string, classname: string, requirements: readonly string[]): TJUnitCase {
  const verdict = r?.verdict ?? null;
  const firstLine = r?.remarks.split("\n")[0] ?? "";
  return {
    name: `${id} ${title}`,
    classname,
    seconds: 0,
    status: verdict ? STATUS[verdict] : "skipped",
    ...(verdict === "PASS" ? {} : { message: verdict === null ? "not run" : firstLine || verdict }),
    ...(verdict === "FAIL" || verdict === "INCONCLUSIVE" ? { details: r?.remarks || verdict } : {}),
    properties: [
      { name: "test", value: id },
      ...requirements.map((value) => ({ name: "requirement", value })),
      ...(r?.tester ? [{ name: "tester", value: r.tester }] : []),
      ...(r?.date ? [{ name: "date", value: r.date }] : []),
    ],
  };
}

export function resultsJunit(testbook: TTestbook, set: TJUnitResultsSet): string {
  const byTest = new Map(set.results.map((r) => [r.testId, r]));
  // The Ant schema's timestamp has no fraction and no zone; ours are UTC.
  const timestamp = set.createdAt.slice(0, 19);
  const meter = Object.entries(set.meter).filter(([, v]) => v !== "").map(([k, value]) => ({ name: `meter.${k}`, value }));
  const properties = [
    { name: "laboratory", value: set.laboratory },
    { name: "results-set", value: String(set.number) },
    { name: "source", value: set.source },
    { name: "testbook", value: set.testbookId ?? "not recorded" },
    ...meter,
  ];
  const known = new Set<string>();
  const suites: TJUnitSuite[] = testbook.chapters
    .filter((c) => c.tests.length > 0)
    .map((c) => ({
      name: `${c.code} ${c.title}`,
      timestamp,
      properties,
      cases: c.tests.map((t) => {
        known.add(t.id);
        return caseOf(byTest.get(t.id), t.id, t.title, `PRIME+.${c.code}`, t.requirements);
      }),
    }));
  const others = set.results.filter((r) => !known.has(r.testId));
  if (others.length > 0) {
    suites.push({ name: "Tests not in this testbook", timestamp, properties, cases: others.map((r) => caseOf(r, r.testId, r.title, "PRIME+.other", [])) });
  }
  return junitXml(`PRIME+ results set ${set.number}: ${set.laboratory} for ${testbook.profile.company}`, suites);
}
