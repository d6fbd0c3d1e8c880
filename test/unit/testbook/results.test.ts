import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { getPath } from "@/lib/json/path";
import { buildUserProfile } from "@/lib/profile/build";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { REMARKS_MAX, ZResultsFile, parseResults, resultsTemplate, type TParseResultsResult } from "@/lib/testbook/results";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLE_NAMES, readExample } from "../../helpers/examples";

const baseline = getBaseline();
const catalogue = getCatalogue();
const testbooks = Object.fromEntries(
  EXAMPLE_NAMES.map((name) => [name, buildTestbook(buildUserProfile(readExample(name), baseline), catalogue)]),
) as Record<string, TTestbook>;
const entries = Object.entries(testbooks);
const full = testbooks.full!;

/** The template as the laboratory gets it: written to JSON and read back, so edits never touch the original. */
const templateJson = (tb: TTestbook): Record<string, any> => JSON.parse(JSON.stringify(resultsTemplate(tb)));

function issuesOf(result: TParseResultsResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

describe("resultsTemplate", () => {
  test.each(entries)("%s: lists every test once, in testbook order, with nothing filled in", (_, tb) => {
    const template = resultsTemplate(tb);
    const tests = tb.chapters.flatMap((c) => c.tests);
    expect(template.results).toHaveLength(tb.summary.tests);
    expect(template.results).toEqual(tests.map((t) => ({ testId: t.id, title: t.title, verdict: null, tester: "", date: null, remarks: "" })));
    expect(template.testbook).toEqual({ id: tb.id, profileId: tb.profile.id, catalogueVersion: tb.catalogue.version });
    expect(template.laboratory).toEqual({ name: "", meter: { manufacturer: "", model: "", serialNumber: "", firmwareVersion: "" } });
    expect(template.resultsFormatVersion).toBe("1.0");
  });

  test.each(entries)("%s: the template is a valid results file and round-trips through JSON and parseResults", (_, tb) => {
    const template = resultsTemplate(tb);
    expect(ZResultsFile.safeParse(template).success).toBe(true);
    const result = parseResults(JSON.parse(JSON.stringify(template)), tb);
    expect(result).toEqual({
      ok: true,
      results: template,
      summary: { pass: 0, fail: 0, inconclusive: 0, notRun: tb.summary.tests, total: tb.summary.tests },
    });
  });
});

describe("parseResults", () => {
  test("filled verdicts are counted and the rest are not run", () => {
    const file = templateJson(full);
    const verdicts = ["PASS", "PASS", "PASS", "FAIL", "FAIL", "INCONCLUSIVE"];
    verdicts.forEach((verdict, i) => Object.assign(file.results[i * 7], { verdict, tester: "Ana Pérez", date: "2025-03-14", remarks: `run ${i}` }));
    file.laboratory = { name: "Laboratorio Central", meter: { manufacturer: "ACME", model: "M3", serialNumber: "SN-001", firmwareVersion: "2.1.0" } };
    const result = parseResults(file, full);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary).toEqual({ pass: 3, fail: 2, inconclusive: 1, notRun: full.summary.tests - 6, total: full.summary.tests });
    expect(result.results).toEqual(file);
  });

  test("tests left out of the file count as not run", () => {
    const file = templateJson(full);
    file.results = file.results.slice(0, 10);
    file.results[0].verdict = "PASS";
    file.results[9].verdict = "FAIL";
    const result = parseResults(file, full);
    expect(result.ok && result.summary).toEqual({ pass: 1, fail: 1, inconclusive: 0, notRun: full.summary.tests - 2, total: full.summary.tests });
  });

  test("a results file of another testbook is refused, naming both testbooks", () => {
    const other = testbooks["single-phase-plc"]!;
    const file = templateJson(other);
    file.results[0].verdict = "PASS";
    const issues = issuesOf(parseResults(file, full));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("testbook.id");
    expect(issues[0]!.message).toContain(other.id);
    expect(issues[0]!.message).toContain(full.id);
  });

  test("a file naming this testbook but another profile or catalogue version is refused", () => {
    const file = templateJson(full);
    file.testbook.profileId = testbooks["single-phase-plc"]!.profile.id;
    file.testbook.catalogueVersion = "0.9.0";
    expect(issuesOf(parseResults(file, full)).map((i) => i.path)).toEqual(["testbook.profileId", "testbook.catalogueVersion"]);
  });

  test("unknown test ids are reported with their path", () => {
    const file = templateJson(full);
    file.results[5].testId = "ASSOC-999/nobody";
    file.results[8].testId = "ASSOC-001/no-such-client";
    const issues = issuesOf(parseResults(file, full));
    expect(issues.map((i) => i.path)).toEqual(["results.5.testId", "results.8.testId"]);
    expect(issues[0]!.message).toContain('"ASSOC-999/nobody"');
    for (const issue of issues) expect(getPath(file, issue.path), issue.path).toMatch(/^ASSOC-/);
  });

  test("a test with two results is reported at the second one", () => {
    const file = templateJson(full);
    file.results.push({ ...file.results[3], verdict: "FAIL" });
    const issues = issuesOf(parseResults(file, full));
    expect(issues).toEqual([{ path: `results.${file.results.length - 1}.testId`, message: expect.stringContaining("results.3"), testId: file.results[3].testId }]);
  });

  test.each(["maybe", "PASSES", "not run", "fail!", 1, true])("a bad verdict %j is reported with its path and test, naming the words accepted", (verdict) => {
    const file = templateJson(full);
    file.results[2].verdict = verdict;
    const issues = issuesOf(parseResults(file, full));
    expect(issues.map((i) => i.path)).toEqual(["results.2.verdict"]);
    expect(issues[0]!.testId).toBe(file.results[2].testId);
    expect(issues[0]!.message).toContain("pass, passed, ok, fail, failed, inconclusive or n/a");
  });

  test.each([
    ["pass", "PASS"],
    ["Passed", "PASS"],
    ["OK", "PASS"],
    ["ok", "PASS"],
    [" FAIL ", "FAIL"],
    ["failed", "FAIL"],
    ["Inconclusive", "INCONCLUSIVE"],
    ["N/A", null],
    ["n/a", null],
    ["", null],
  ])("the verdict %j as laboratories write it reads as %j", (word, verdict) => {
    const file = templateJson(full);
    file.results[2].verdict = word;
    const result = parseResults(file, full);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.results.results[2]!.verdict).toBe(verdict);
  });

  test.each(["2025-13-01", "14/03/2025", "2025-03-14T10:00:00Z", ""])("a bad date %j is reported with its path", (date) => {
    const file = templateJson(full);
    file.results[4].date = date;
    expect(issuesOf(parseResults(file, full)).map((i) => i.path)).toEqual(["results.4.date"]);
  });

  test("remarks longer than the limit are refused, remarks at the limit are kept", () => {
    const file = templateJson(full);
    file.results[0].remarks = "x".repeat(REMARKS_MAX);
    expect(parseResults(file, full).ok).toBe(true);
    file.results[0].remarks = "x".repeat(REMARKS_MAX + 1);
    expect(issuesOf(parseResults(file, full)).map((i) => i.path)).toEqual(["results.0.remarks"]);
  });

  test("unknown and missing fields are named", () => {
    const file = templateJson(full);
    file.results[1].score = 10;
    delete file.laboratory.meter.serialNumber;
    const issues = issuesOf(parseResults(file, full));
    expect(issues).toContainEqual({ path: "results.1", message: 'unknown field "score"', testId: file.results[1].testId });
    expect(issues).toContainEqual({ path: "laboratory.meter.serialNumber", message: "is required" });
  });

  test("several problems are reported together, each at its own path", () => {
    const file = templateJson(full);
    file.results[0].verdict = "passt";
    file.results[1].date = "yesterday";
    file.results[2].tester = 42;
    const issues = issuesOf(parseResults(file, full));
    expect(issues.map((i) => i.path)).toEqual(["results.0.verdict", "results.1.date", "results.2.tester"]);
  });

  test.each([null, [], "results", {}, { resultsFormatVersion: "2.0" }])("input %j is refused, not thrown on", (input) => {
    expect(issuesOf(parseResults(input, full)).length).toBeGreaterThan(0);
  });

  test("another results format version is refused", () => {
    const file = templateJson(full);
    file.resultsFormatVersion = "2.0";
    expect(issuesOf(parseResults(file, full)).map((i) => i.path)).toEqual(["resultsFormatVersion"]);
  });
});
