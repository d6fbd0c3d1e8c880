import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { buildUserProfile } from "@/lib/profile/build";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { resultsTemplate, type TTestResult } from "@/lib/testbook/results";
import { resultsJunit, type TJUnitResultsSet } from "@/lib/testbook/results-junit";
import { readExample } from "../../helpers/examples";
import { childrenNamed, parseXmlTree, type TXmlNode } from "./xml-tree";

const tb = buildTestbook(buildUserProfile(readExample("three-phase-hls-cellular"), getBaseline()), getCatalogue());

/**
 * JUnit XML as CI servers and test-management tools read it: the Jenkins xUnit schema
 * (junit-10.xsd, as pytest ships it in testing/example_scripts) and the Ant JUnit schema
 * (windyroad/JUnit-Schema): testsuites > testsuite (name, tests, failures, errors required;
 * properties first; an ISO 8601 timestamp without zone) > testcase (name required; failure, error,
 * skipped, system-out, system-err). Properties inside a testcase are Xray's extension of the
 * format (docs.getxray.app, "Import Execution Results", Xray JUnit extensions), which links
 * requirements.
 */
const TIME = /^\d+(\.\d{1,3})?$/;
function checkJunitStructure(root: TXmlNode): string[] {
  const problems: string[] = [];
  if (root.name !== "testsuites") problems.push(`the root is <${root.name}>`);
  let all = 0;
  for (const suite of root.children) {
    if (suite.name !== "testsuite") problems.push(`<${suite.name}> inside <testsuites>`);
    for (const a of ["name", "tests", "failures", "errors"]) if (suite.attrs[a] === undefined) problems.push(`testsuite ${suite.attrs.name}: no ${a}`);
    if (suite.attrs.time !== undefined && !TIME.test(suite.attrs.time)) problems.push(`testsuite ${suite.attrs.name}: time "${suite.attrs.time}"`);
    if (suite.attrs.timestamp !== undefined && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(suite.attrs.timestamp)) problems.push(`testsuite ${suite.attrs.name}: timestamp "${suite.attrs.timestamp}"`);
    const names = suite.children.map((c) => c.name);
    if (names.some((n) => !["properties", "testcase", "system-out", "system-err"].includes(n))) problems.push(`testsuite ${suite.attrs.name}: unexpected ${names.join(",")}`);
    if (names.indexOf("properties") > 0) problems.push(`testsuite ${suite.attrs.name}: properties after testcases`);
    const cases = childrenNamed(suite, "testcase");
    all += cases.length;
    const count = (el: string) => cases.filter((c) => childrenNamed(c, el).length > 0).length;
    if (Number(suite.attrs.tests) !== cases.length) problems.push(`testsuite ${suite.attrs.name}: tests="${suite.attrs.tests}" for ${cases.length} testcases`);
    if (Number(suite.attrs.failures) !== count("failure")) problems.push(`testsuite ${suite.attrs.name}: failures count`);
    if (Number(suite.attrs.errors) !== count("error")) problems.push(`testsuite ${suite.attrs.name}: errors count`);
    if (suite.attrs.skipped !== undefined && Number(suite.attrs.skipped) !== count("skipped")) problems.push(`testsuite ${suite.attrs.name}: skipped count`);
    for (const c of cases) {
      if (!c.attrs.name) problems.push(`a testcase without a name in ${suite.attrs.name}`);
      if (c.attrs.time !== undefined && !TIME.test(c.attrs.time)) problems.push(`${c.attrs.name}: time`);
      const outcome = c.children.filter((x) => ["failure", "error", "skipped"].includes(x.name));
      if (outcome.length > 1) problems.push(`${c.attrs.name}: more than one outcome`);
      for (const x of c.children) if (!["properties", "failure", "error", "skipped", "system-out", "system-err"].includes(x.name)) problems.push(`${c.attrs.name}: <${x.name}>`);
      for (const p of childrenNamed(c, "properties").flatMap((ps) => ps.children)) if (p.name !== "property" || p.attrs.name === undefined || p.attrs.value === undefined) problems.push(`${c.attrs.name}: a property without name and value`);
    }
  }
  if (root.attrs.tests !== undefined && Number(root.attrs.tests) !== all) problems.push(`testsuites tests="${root.attrs.tests}" for ${all}`);
  return problems;
}

function aSet(results: TTestResult[]): TJUnitResultsSet {
  return {
    number: 3,
    laboratory: "Laboratorio Central",
    source: "csv",
    createdAt: "2026-11-20T10:15:30.123Z",
    testbookId: tb.id,
    meter: { manufacturer: "ACME", model: "M3 <three-phase>", serialNumber: "SN-001", firmwareVersion: "" },
    results,
  };
}

describe("resultsJunit", () => {
  const results = resultsTemplate(tb).results.map((r, i): TTestResult => (i < 40 ? { ...r, verdict: (["PASS", "FAIL", "INCONCLUSIVE"] as const)[i % 3]!, tester: "M. Ortega", date: "2026-11-19", remarks: i % 3 === 1 ? `AARE rejected & closed\nsecond line ${i}` : "" } : r));
  const xml = resultsJunit(tb, aSet(results));
  const root = parseXmlTree(xml);

  test("has the structure of the JUnit schemas, with Xray's testcase properties", () => {
    expect(checkJunitStructure(root)).toEqual([]);
  });

  test("the structure check can fail", () => {
    const broken = parseXmlTree(xml.replace(/tests="\d+"/, 'tests="1"').replace("<testcase ", "<testcase><bogus/></testcase><testcase "));
    expect(checkJunitStructure(broken).length).toBeGreaterThan(1);
  });

  test("parses back to a suite per chapter and a testcase per test, verdicts as outcomes, requirement ids as properties", () => {
    const suites = childrenNamed(root, "testsuite");
    const chapters = tb.chapters.filter((c) => c.tests.length > 0);
    expect(suites.map((s) => s.attrs.name)).toEqual(chapters.map((c) => `${c.code} ${c.title}`));
    const cases = suites.flatMap((s) => childrenNamed(s, "testcase"));
    const tests = chapters.flatMap((c) => c.tests);
    expect(cases).toHaveLength(tb.summary.tests);
    cases.forEach((c, i) => {
      const t = tests[i]!;
      const r = results[i]!;
      expect(c.attrs.name).toBe(`${t.id} ${t.title}`);
      const props = childrenNamed(c, "properties")[0]!.children.map((p) => [p.attrs.name, p.attrs.value]);
      expect(props.filter(([n]) => n === "requirement").map(([, v]) => v)).toEqual(t.requirements);
      expect(props).toContainEqual(["test", t.id]);
      const outcome = c.children.find((x) => x.name !== "properties")?.name ?? "passed";
      expect(outcome).toBe({ PASS: "passed", FAIL: "failure", INCONCLUSIVE: "error", none: "skipped" }[r.verdict ?? "none"]);
      if (r.verdict === "FAIL") expect(c.children.find((x) => x.name === "failure")!.text).toBe(r.remarks);
    });
    expect(Number(root.attrs.failures)).toBe(results.filter((r) => r.verdict === "FAIL").length);
  });

  test("who tested which meter is in each suite's properties", () => {
    const props = childrenNamed(childrenNamed(root, "testsuite")[0]!, "properties")[0]!.children.map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toEqual([
      ["laboratory", "Laboratorio Central"],
      ["results-set", "3"],
      ["source", "csv"],
      ["testbook", tb.id],
      ["meter.manufacturer", "ACME"],
      ["meter.model", "M3 <three-phase>"],
      ["meter.serialNumber", "SN-001"],
    ]);
    expect(childrenNamed(root, "testsuite")[0]!.attrs.timestamp).toBe("2026-11-20T10:15:30");
  });

  test("results of tests the testbook no longer has go in a suite of their own", () => {
    const other = resultsJunit(tb, aSet([{ testId: "OLD-001/x", title: "Gone", verdict: "PASS", tester: "", date: null, remarks: "" }]));
    const last = childrenNamed(parseXmlTree(other), "testsuite").at(-1)!;
    expect(last.attrs.name).toBe("Tests not in this testbook");
    expect(childrenNamed(last, "testcase")[0]!.attrs.name).toBe("OLD-001/x Gone");
  });
});
