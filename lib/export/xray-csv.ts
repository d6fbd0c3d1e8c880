import type { TTestbook, TTestInstance } from "../testbook/testbook-schema";
import { toCsv, UTF8_BOM } from "./csv";

/**
 * The testbook for Xray's Test Case Importer (Jira), one row per step. The importer groups
 * rows by a test identifier column and needs a summary and a test type; each row's Action and
 * Result become a manual step (docs.getxray.app: "Importing Tests using Test Case Importer",
 * Xray Cloud, and "Importing Manual Tests using Test Case Importer", Xray Server). The first row
 * of a test carries the issue fields, the next ones only the test id and the step.
 *
 * Jira's limits: a summary holds at most 255 characters and a label no space (labels are
 * separated by spaces, which our tags never contain). Xray Cloud imports at most 1,000 issues at
 * a time: the full example profile has 855 tests. Folders in "Test Repository Path" are separated
 * by "/", so a "/" inside a chapter title is written as "-". No byte order mark: the importer asks
 * for the file's encoding (UTF-8) instead of reading one.
 */
export const XRAY_CSV_COLUMNS = ["Test ID", "Summary", "Test Type", "Description", "Labels", "Test Repository Path", "Action", "Result"] as const;
export const JIRA_SUMMARY_MAX = 255;
export const XRAY_TEST_TYPE = "Manual";

export function jiraSummary(text: string): string {
  const chars = [...text];
  return chars.length <= JIRA_SUMMARY_MAX ? text : `${chars.slice(0, JIRA_SUMMARY_MAX - 1).join("")}…`;
}

function descriptionOf(test: TTestInstance): string {
  const bullets = (items: readonly string[]) => items.map((i) => `* ${i}`);
  return [
    test.purpose,
    "",
    `PRIME+ test ${test.id} (case ${test.caseId}).`,
    ...(test.requirements.length > 0 ? ["", `Requirements: ${test.requirements.join(" ")}`] : []),
    ...(test.preconditions.length > 0 ? ["", "Preconditions:", ...bullets(test.preconditions)] : []),
    ...(test.clauses.length > 0 ? ["", "References:", ...bullets(test.clauses)] : []),
    "",
    "Verdicts:",
    ...bullets([`PASS: ${test.verdict.pass}`, `FAIL: ${test.verdict.fail}`, `INCONCLUSIVE: ${test.verdict.inconclusive}`]),
  ].join("\n");
}

export function testbookXrayCsv(testbook: TTestbook): string {
  const rows: string[][] = [[...XRAY_CSV_COLUMNS]];
  const folderName = (name: string) => name.replaceAll("/", "-");
  for (const chapter of testbook.chapters) {
    const folder = [`PRIME+ testbook ${testbook.profile.company}`, `${String(chapter.number).padStart(2, "0")} ${chapter.title}`].map(folderName).join("/");
    for (const test of chapter.tests) {
      const steps = test.steps.length > 0 ? test.steps : [{ number: 1, action: "", expected: "" }];
      steps.forEach((step, i) => {
        rows.push(
          i === 0
            ? [test.id, jiraSummary(`${test.id} ${test.title}`), XRAY_TEST_TYPE, descriptionOf(test), test.tags.join(" "), folder, step.action, step.expected]
            : [test.id, "", "", "", "", "", step.action, step.expected],
        );
      });
    }
  }
  return toCsv(rows).slice(UTF8_BOM.length);
}
