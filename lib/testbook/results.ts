import { z } from "zod";
import { formatPath } from "../json/path";
import type { TResultsIssue } from "./results-issues";
import { ZTestbook, type TTestbook } from "./testbook-schema";
import { normalizeVerdict, VERDICT_WORDS_HELP } from "./verdicts";

export type { TResultsIssue } from "./results-issues";

/**
 * The results file of a testbook: the laboratory gets a template with one empty result per test,
 * fills in verdicts, testers, dates and remarks, and sends it back to be read by parseResults.
 */
export const RESULTS_FORMAT_VERSION = "1.0";

export const RESULT_VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE"] as const;
export type TResultVerdict = (typeof RESULT_VERDICTS)[number];

/** Longest text accepted in a name-like field (laboratory, meter, tester). */
export const NAME_MAX = 200;
/** Longest remarks accepted for one test. */
export const REMARKS_MAX = 4000;
/** More results than any testbook has tests; a bound on what one file may ask us to read. */
const RESULTS_MAX = 50_000;

const ZName = z.string().max(NAME_MAX);

export const ZTestResult = z.strictObject({
  testId: z.string().min(1).max(NAME_MAX).meta({ description: "Id of a test of the testbook, e.g. ASSOC-001/public" }),
  title: z.string().max(1000).meta({ description: "Title of the test, copied for the reader; not checked" }),
  verdict: z
    .preprocess(normalizeVerdict, z.enum(RESULT_VERDICTS, { error: `must be a verdict: ${VERDICT_WORDS_HELP}, or null` }).nullable())
    .meta({ description: "PASS, FAIL or INCONCLUSIVE (also written pass/passed/ok, fail/failed, inconclusive in any case); null, \"\" or n/a while the test has not been run" }),
  tester: ZName,
  date: z.iso.date().nullable().meta({ description: "Day the test was run, YYYY-MM-DD" }),
  remarks: z.string().max(REMARKS_MAX),
});
export type TTestResult = z.infer<typeof ZTestResult>;

export const ZResultsFile = z
  .strictObject({
    resultsFormatVersion: z.literal(RESULTS_FORMAT_VERSION),
    testbook: z.strictObject({
      id: ZTestbook.shape.id.meta({ description: "Id of the testbook these results belong to" }),
      profileId: ZTestbook.shape.profile.shape.id,
      catalogueVersion: ZTestbook.shape.catalogue.shape.version.max(NAME_MAX),
    }),
    laboratory: z.strictObject({
      name: ZName,
      meter: z.strictObject({ manufacturer: ZName, model: ZName, serialNumber: ZName, firmwareVersion: ZName }),
    }),
    results: z.array(ZTestResult).max(RESULTS_MAX),
  })
  .meta({
    title: "PRIME+ testbook results",
    description:
      "The verdicts a laboratory records for the tests of one testbook. That the file belongs to the testbook and names only its tests is checked by the tool, not by this schema.",
  });
export type TResultsFile = z.infer<typeof ZResultsFile>;

export type TResultsSummary = { pass: number; fail: number; inconclusive: number; notRun: number; total: number };
export type TParseResultsResult = { ok: true; results: TResultsFile; summary: TResultsSummary } | { ok: false; issues: TResultsIssue[] };

/** An empty results file for the testbook: every test in testbook order, no verdict yet. */
export function resultsTemplate(testbook: TTestbook): TResultsFile {
  return {
    resultsFormatVersion: RESULTS_FORMAT_VERSION,
    testbook: { id: testbook.id, profileId: testbook.profile.id, catalogueVersion: testbook.catalogue.version },
    laboratory: { name: "", meter: { manufacturer: "", model: "", serialNumber: "", firmwareVersion: "" } },
    results: testbook.chapters.flatMap((c) =>
      c.tests.map((t) => ({ testId: t.id, title: t.title, verdict: null, tester: "", date: null, remarks: "" })),
    ),
  };
}

/** The test a path inside `results` concerns, read from the input as sent. */
function testIdAt(input: unknown, keys: readonly (string | number)[]): string | undefined {
  if (keys[0] !== "results" || typeof keys[1] !== "number" || typeof input !== "object" || input === null) return undefined;
  const results = (input as { results?: unknown }).results;
  const entry = Array.isArray(results) ? (results[keys[1]] as { testId?: unknown } | undefined) : undefined;
  return typeof entry?.testId === "string" && entry.testId.length <= NAME_MAX ? entry.testId : undefined;
}

function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): TResultsIssue {
  const keys = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const path = formatPath(keys);
  const testId = testIdAt(input, keys);
  const at = testId ? { testId } : {};
  if (issue.code === "unrecognized_keys") {
    return { path, message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`, ...at };
  }
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  return { path, message: missing ? "is required" : issue.message, ...at };
}

/**
 * Reads a results file sent back by a laboratory: its structure (ZResultsFile), that it belongs
 * to this testbook, and that every result names a test of the testbook, once. Tests without a
 * result, or with a null verdict, count as not run.
 */
export function parseResults(input: unknown, testbook: TTestbook): TParseResultsResult {
  const parsed = ZResultsFile.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => describeZodIssue(i, input)) };
  const file = parsed.data;

  if (file.testbook.id !== testbook.id) {
    return {
      ok: false,
      issues: [
        {
          path: "testbook.id",
          message: `the results are for testbook ${file.testbook.id}, not for testbook ${testbook.id} (${testbook.profile.company}, catalogue ${testbook.catalogue.version})`,
        },
      ],
    };
  }
  const issues: TResultsIssue[] = [];
  if (file.testbook.profileId !== testbook.profile.id) {
    issues.push({ path: "testbook.profileId", message: `is ${file.testbook.profileId}, but testbook ${testbook.id} is for profile ${testbook.profile.id}` });
  }
  if (file.testbook.catalogueVersion !== testbook.catalogue.version) {
    issues.push({ path: "testbook.catalogueVersion", message: `is ${file.testbook.catalogueVersion}, but testbook ${testbook.id} uses catalogue ${testbook.catalogue.version}` });
  }

  const testIds = new Set(testbook.chapters.flatMap((c) => c.tests.map((t) => t.id)));
  const firstAt = new Map<string, number>();
  file.results.forEach((r, i) => {
    const path = formatPath(["results", i, "testId"]);
    const earlier = firstAt.get(r.testId);
    if (!testIds.has(r.testId)) issues.push({ path, message: `unknown test "${r.testId}": testbook ${testbook.id} has no such test`, testId: r.testId });
    else if (earlier !== undefined) issues.push({ path, message: `test "${r.testId}" already has a result at ${formatPath(["results", earlier])}`, testId: r.testId });
    else firstAt.set(r.testId, i);
  });
  if (issues.length > 0) return { ok: false, issues };

  const count = (verdict: TResultVerdict) => file.results.filter((r) => r.verdict === verdict).length;
  const pass = count("PASS");
  const fail = count("FAIL");
  const inconclusive = count("INCONCLUSIVE");
  const total = testIds.size;
  return { ok: true, results: file, summary: { pass, fail, inconclusive, notRun: total - pass - fail - inconclusive, total } };
}
