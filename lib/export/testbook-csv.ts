import type { TTestbook } from "../testbook/testbook-schema";
import { toCsv } from "./csv";

export const TESTBOOK_CSV_COLUMNS = [
  "chapter_number",
  "chapter",
  "test_id",
  "case_id",
  "title",
  "step",
  "action",
  "expected",
  "requirements",
  "tags",
  "result",
  "tester",
  "date",
  "remarks",
] as const;

/**
 * The testbook for a laboratory's test-management tool: one row per step, chapters, tests and
 * steps in testbook order. Requirements (joined by spaces) are on the first step row of each
 * test only: repeating the long lists of the access-right tests on every step would make the
 * file tens of megabytes. Result, tester, date and remarks are left empty for the laboratory.
 */
export function testbookCsv(testbook: TTestbook): string {
  const rows: string[][] = [[...TESTBOOK_CSV_COLUMNS]];
  for (const chapter of testbook.chapters) {
    for (const test of chapter.tests) {
      for (const step of test.steps) {
        rows.push([
          String(chapter.number),
          chapter.title,
          test.id,
          test.caseId,
          test.title,
          String(step.number),
          step.action,
          step.expected,
          step.number === 1 ? test.requirements.join(" ") : "",
          test.tags.join(" "),
          "",
          "",
          "",
          "",
        ]);
      }
    }
  }
  return toCsv(rows);
}
