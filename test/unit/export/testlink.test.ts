import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { testbookTestlinkXml, TESTLINK_NAME_MAX } from "@/lib/export/testlink";
import { buildUserProfile } from "@/lib/profile/build";
import { getAutomation } from "@/lib/testbook/automation";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLE_NAMES, exampleWith, readExample } from "../../helpers/examples";
import { childrenNamed, childText, htmlText, parseXmlTree, type TXmlNode } from "./xml-tree";

const baseline = getBaseline();
const testbooks = EXAMPLE_NAMES.map((name) => [name, buildTestbook(buildUserProfile(readExample(name), baseline), getCatalogue())] as const);

/**
 * TestLink's test specification import, as its importer reads it (TestLinkOpenSourceTRMS/testlink-code,
 * lib/testcases/tcImport.php; docs/file_examples/*.xml): the elements each level may hold, the
 * integers it reads as integers, and the name lengths of config.inc.php ($g_field_size).
 */
const SUITE_CHILDREN = new Set(["node_order", "details", "testsuite", "testcase", "custom_fields", "keywords"]);
const CASE_CHILDREN = new Set(["node_order", "externalid", "version", "summary", "preconditions", "execution_type", "importance", "estimated_exec_duration", "status", "author_login", "steps", "keywords", "custom_fields", "requirements"]);
const STEP_CHILDREN = new Set(["step_number", "actions", "expectedresults", "execution_type"]);
const INTEGER = /^\d+$/;

function checkTestlinkStructure(root: TXmlNode): string[] {
  const problems: string[] = [];
  const suite = (node: TXmlNode, where: string) => {
    const name = node.attrs.name ?? "";
    if (name.trim() === "" || [...name].length > 100) problems.push(`${where}: testsuite name "${name}" is empty or over 100 characters`);
    const names = new Set<string>();
    for (const c of node.children) {
      if (!SUITE_CHILDREN.has(c.name)) problems.push(`${where}: <${c.name}> is not read in a testsuite`);
      if (c.name === "node_order" && !INTEGER.test(c.text)) problems.push(`${where}: node_order "${c.text}" is not an integer`);
      if (c.name === "testsuite" || c.name === "testcase") {
        const n = c.attrs.name ?? "";
        if (names.has(`${c.name}:${n}`)) problems.push(`${where}: two ${c.name}s named "${n}"`);
        names.add(`${c.name}:${n}`);
      }
      if (c.name === "testsuite") suite(c, `${where} > ${c.attrs.name}`);
      if (c.name === "testcase") testcase(c, `${where} > ${c.attrs.name}`);
    }
  };
  const testcase = (node: TXmlNode, where: string) => {
    const name = node.attrs.name ?? "";
    if (name.trim() !== name || name === "" || [...name].length > 100) problems.push(`${where}: testcase name is empty, padded or over 100 characters`);
    for (const c of node.children) {
      if (!CASE_CHILDREN.has(c.name)) problems.push(`${where}: <${c.name}> is not read in a testcase`);
      if (["node_order", "externalid", "execution_type", "importance"].includes(c.name) && !INTEGER.test(c.text)) problems.push(`${where}: ${c.name} "${c.text}" is not an integer`);
    }
    if (!["1", "2"].includes(childText(node, "execution_type") ?? "")) problems.push(`${where}: execution_type must be 1 (manual) or 2 (automated)`);
    if (!["1", "2", "3"].includes(childText(node, "importance") ?? "")) problems.push(`${where}: importance must be 1, 2 or 3`);
    const steps = childrenNamed(node, "steps");
    if (steps.length !== 1) problems.push(`${where}: one <steps> expected`);
    childrenNamed(steps[0] ?? node, "step").forEach((step, i) => {
      for (const c of step.children) if (!STEP_CHILDREN.has(c.name)) problems.push(`${where} step ${i + 1}: <${c.name}> is not read in a step`);
      if (childText(step, "step_number") !== String(i + 1)) problems.push(`${where} step ${i + 1}: step_number is ${childText(step, "step_number")}`);
      if (!childText(step, "actions")) problems.push(`${where} step ${i + 1}: no actions`);
    });
    for (const k of childrenNamed(childrenNamed(node, "keywords")[0] ?? { name: "", attrs: {}, children: [], text: "" }, "keyword")) {
      if (!k.attrs.name) problems.push(`${where}: a keyword without a name`);
    }
  };
  if (root.name !== "testsuite") problems.push(`the root is <${root.name}>: TestLink's recursive import reads a <testsuite>`);
  else suite(root, root.attrs.name ?? "");
  return problems;
}

describe("testbookTestlinkXml", () => {
  test.each(testbooks)("%s: has the structure TestLink's importer reads", (_, tb) => {
    const root = parseXmlTree(testbookTestlinkXml(tb, getAutomation()));
    expect(checkTestlinkStructure(root)).toEqual([]);
  });

  test.each(testbooks)("%s: parses back to a testsuite per chapter with tests, a testcase per test, each step's action and expected result", (_, tb) => {
    const root = parseXmlTree(testbookTestlinkXml(tb, getAutomation()));
    const chapters = tb.chapters.filter((c) => c.tests.length > 0);
    const suites = childrenNamed(root, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(chapters.map((c) => `${String(c.number).padStart(2, "0")} ${c.code} ${c.title}`));
    suites.forEach((suite, i) => {
      const tests = chapters[i]!.tests;
      const cases = childrenNamed(suite, "testcase");
      expect(cases).toHaveLength(tests.length);
      cases.forEach((tc, j) => {
        const t = tests[j]!;
        expect(tc.attrs.name!.startsWith(t.id)).toBe(true);
        const steps = childrenNamed(childrenNamed(tc, "steps")[0]!, "step");
        expect(steps.map((s) => [htmlText(childText(s, "actions")!), htmlText(childText(s, "expectedresults")!)])).toEqual(t.steps.map((s) => [s.action, s.expected]));
        const summary = htmlText(childText(tc, "summary")!);
        expect(summary.startsWith(t.purpose)).toBe(true);
        for (const r of t.requirements) expect(summary).toContain(r);
        expect(htmlText(childText(tc, "preconditions")!).split("\n").filter(Boolean)).toEqual(t.preconditions);
        expect(childrenNamed(childrenNamed(tc, "keywords")[0]!, "keyword").map((k) => k.attrs.name)).toEqual(t.tags);
      });
    });
    expect(suites.flatMap((s) => childrenNamed(s, "testcase")).length).toBe(tb.summary.tests);
  });

  test("the structure check refuses what TestLink would not read", () => {
    const xml = testbookTestlinkXml(testbooks[0]![1]);
    const broken = xml
      .replace("<step_number><![CDATA[1]]></step_number>", "<step_number><![CDATA[one]]></step_number>")
      .replace("<importance>", "<priority>high</priority><importance>")
      .replace(/<execution_type><!\[CDATA\[1\]\]><\/execution_type>\n {6}<importance>/, "<execution_type><![CDATA[3]]></execution_type>\n      <importance>");
    const problems = checkTestlinkStructure(parseXmlTree(broken));
    expect(problems.some((p) => p.includes("step_number is one"))).toBe(true);
    expect(problems.some((p) => p.includes("<priority> is not read"))).toBe(true);
    expect(problems.some((p) => p.includes("execution_type must be 1"))).toBe(true);
    expect(checkTestlinkStructure(parseXmlTree(xml.replace(/<testsuite name="PRIME\+ testbook[^"]*">/, "<testcases>").replace(/<\/testsuite>\n$/, "</testcases>\n")))).toContainEqual(expect.stringContaining("the root is <testcases>"));
  });

  test("automatic cases are marked automated, the others manual", () => {
    const tb = testbooks.find(([n]) => n === "full")![1];
    const automation = getAutomation();
    const root = parseXmlTree(testbookTestlinkXml(tb, automation));
    const types = childrenNamed(root, "testsuite").flatMap((s) => childrenNamed(s, "testcase").map((tc) => childText(tc, "execution_type")));
    const expected = tb.chapters.flatMap((c) => c.tests.map((t) => (automation.cases[t.caseId]?.mode === "automatic" ? "2" : "1")));
    expect(types).toEqual(expected);
    expect(new Set(types)).toEqual(new Set(["1", "2"]));
  });

  test("markup and CDATA ends in the text stay text, and long names are cut to TestLink's 100 characters", () => {
    const long = "Société <Électrique> & \"Fils\" ]]> ".repeat(8).trim();
    const tb: TTestbook = buildTestbook(
      buildUserProfile(exampleWith("single-phase-plc", (a) => (a.contact.company = long.slice(0, 200))), baseline),
      getCatalogue(),
    );
    const xml = testbookTestlinkXml(tb);
    const root = parseXmlTree(xml);
    expect(checkTestlinkStructure(root)).toEqual([]);
    expect([...root.attrs.name!]).toHaveLength(TESTLINK_NAME_MAX);
    expect(root.attrs.name!.endsWith("…")).toBe(true);
    expect(htmlText(childText(root, "details")!)).toContain(long.slice(0, 200));
  });
});
