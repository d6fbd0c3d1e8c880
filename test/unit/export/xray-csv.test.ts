import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { JIRA_SUMMARY_MAX, jiraSummary, testbookXrayCsv, XRAY_CSV_COLUMNS } from "@/lib/export/xray-csv";
import { buildUserProfile } from "@/lib/profile/build";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { EXAMPLE_NAMES, exampleWith, readExample } from "../../helpers/examples";
import { readCsv } from "../../helpers/csv";

const baseline = getBaseline();
const testbooks = EXAMPLE_NAMES.map((name) => [name, buildTestbook(buildUserProfile(readExample(name), baseline), getCatalogue())] as const);

type TRow = Record<(typeof XRAY_CSV_COLUMNS)[number], string>;

/**
 * What Xray's Test Case Importer needs (docs.getxray.app, "Importing Tests using Test Case
 * Importer" for Xray Cloud, "Importing Manual Tests using Test Case Importer" for Xray Server):
 * a column identifying the test, whose rows are grouped; a summary and a test type on each test;
 * an action on each manual step; fields with commas or line breaks quoted. Jira: summaries of at
 * most 255 characters, labels without spaces; Xray Cloud: at most 1,000 issues per import.
 */
function checkXrayStructure(csv: string): string[] {
  const problems: string[] = [];
  if (csv.startsWith("\uFEFF")) problems.push("a byte order mark would become part of the first column's name");
  const [header, ...rows] = readCsv(csv);
  for (const required of ["Test ID", "Summary", "Test Type", "Action"]) if (!header!.includes(required)) problems.push(`no "${required}" column`);
  const at = (row: string[], column: string) => row[header!.indexOf(column)] ?? "";
  const seen = new Set<string>();
  let current: string | null = null;
  rows.forEach((row, i) => {
    if (row.length !== header!.length) problems.push(`row ${i + 2}: ${row.length} fields for ${header!.length} columns`);
    const id = at(row, "Test ID");
    if (!id) problems.push(`row ${i + 2}: no Test ID`);
    if (id !== current) {
      if (seen.has(id)) problems.push(`row ${i + 2}: the rows of ${id} are not together`);
      seen.add(id);
      current = id;
      const summary = at(row, "Summary");
      if (!summary || [...summary].length > JIRA_SUMMARY_MAX) problems.push(`row ${i + 2}: summary empty or over 255 characters`);
      if (at(row, "Test Type") !== "Manual") problems.push(`row ${i + 2}: test type "${at(row, "Test Type")}"`);
      const labels = at(row, "Labels");
      if (labels !== "" && labels.split(" ").some((l) => l === "")) problems.push(`row ${i + 2}: an empty label`);
      const path = at(row, "Test Repository Path");
      if (path.split("/").some((f) => f.trim() === "")) problems.push(`row ${i + 2}: an empty folder in "${path}"`);
    } else if (at(row, "Summary") || at(row, "Test Type")) problems.push(`row ${i + 2}: a step row repeats the test's fields`);
    if (!at(row, "Action")) problems.push(`row ${i + 2}: a step without an action`);
  });
  if (seen.size > 1000) problems.push(`${seen.size} tests: Xray Cloud imports at most 1,000 issues at a time`);
  return problems;
}

const rowsOf = (csv: string): TRow[] => {
  const [header, ...rows] = readCsv(csv);
  expect(header).toEqual([...XRAY_CSV_COLUMNS]);
  return rows.map((r) => Object.fromEntries(XRAY_CSV_COLUMNS.map((c, i) => [c, r[i]!])) as TRow);
};

describe("testbookXrayCsv", () => {
  test.each(testbooks)("%s: has the structure Xray's Test Case Importer reads", (_, tb) => {
    expect(checkXrayStructure(testbookXrayCsv(tb))).toEqual([]);
  });

  test.each(testbooks)("%s: parses back with our strict reader to every test with its steps, actions and expected results, in testbook order", (_, tb) => {
    const rows = rowsOf(testbookXrayCsv(tb));
    const expected = tb.chapters.flatMap((c) => c.tests.flatMap((t) => t.steps.map((s) => [t.id, s.action, s.expected])));
    expect(rows.map((r) => [r["Test ID"], r.Action, r.Result])).toEqual(expected);
    const firsts = rows.filter((r) => r.Summary !== "");
    const tests = tb.chapters.flatMap((c) => c.tests.map((t) => ({ t, c })));
    expect(firsts).toHaveLength(tests.length);
    firsts.forEach((r, i) => {
      const { t, c } = tests[i]!;
      expect(r.Summary).toBe(`${t.id} ${t.title}`);
      expect(r.Labels.split(" ")).toEqual(t.tags);
      expect(r["Test Repository Path"]).toBe(`PRIME+ testbook ${tb.profile.company}/${String(c.number).padStart(2, "0")} ${c.title}`);
      for (const req of t.requirements) expect(r.Description).toContain(req);
      for (const p of t.preconditions) expect(r.Description).toContain(`* ${p}`);
    });
  });

  test("the structure check refuses what Xray would not import", () => {
    const csv = testbookXrayCsv(testbooks[0]![1]);
    const [header, first, second, ...rest] = readCsv(csv);
    const quote = (r: string[]) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(",");
    const tampered = [header!, first!.map((f, i) => (i === 2 ? "Automated" : f)), second!.map((f, i) => (i === 6 ? "" : f)), ...rest].map((r) => `${quote(r)}\r\n`).join("");
    const problems = checkXrayStructure(`\uFEFF${tampered}`);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining("byte order mark"), 'row 2: test type "Automated"', "row 3: a step without an action"]));
  });

  test("a company name with a slash makes no extra folder, and a long summary is cut to Jira's 255 characters", () => {
    const tb = buildTestbook(buildUserProfile(exampleWith("single-phase-plc", (a) => (a.contact.company = "Red/Eléctrica, S.A.")), baseline), getCatalogue());
    const rows = rowsOf(testbookXrayCsv(tb));
    expect(rows[0]!["Test Repository Path"]).toBe("PRIME+ testbook Red-Eléctrica, S.A./01 Application associations");
    expect(checkXrayStructure(testbookXrayCsv(tb))).toEqual([]);
    const cut = jiraSummary("é".repeat(300));
    expect([...cut]).toHaveLength(JIRA_SUMMARY_MAX);
    expect(cut.endsWith("…")).toBe(true);
  });
});
