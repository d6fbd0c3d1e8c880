import { decodeSpreadsheetText, readSpreadsheetCsv, type TCsvRow } from "./csv-read";
import { NAME_MAX, parseResults, REMARKS_MAX, RESULTS_FORMAT_VERSION, type TParseResultsResult, type TResultVerdict, type TTestResult } from "./results";
import type { TResultsIssue } from "./results-issues";
import type { TTestbook, TTestInstance } from "./testbook-schema";
import { readVerdictWord, VERDICT_WORDS_HELP, worstVerdict } from "./verdicts";

/**
 * The filled testbook.csv (lib/export/testbook-csv.ts) read back as results: one row per step,
 * with the laboratory's result, tester, date and remarks. A test's verdict is the worst of its
 * steps' (FAIL, then INCONCLUSIVE, then PASS), so a laboratory may write it on the first step
 * only or on every step; its date is the latest, its testers and remarks those of its steps.
 * Columns are found by their header, so a spreadsheet that reorders or adds columns still reads.
 */
const REQUIRED = ["test_id", "step", "result"] as const;
const OPTIONAL = ["tester", "date", "remarks"] as const;
type TColumn = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

const headerKey = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** Dates as spreadsheets write them: ISO (optionally with a time), or day first as in Europe. */
export function readLabDate(text: string): { ok: true; date: string | null } | { ok: false } {
  const t = text.trim();
  if (t === "") return { ok: true, date: null };
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(t);
  const dayFirst = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : [];
  if (!y || !m || !d) return { ok: false };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return { ok: false };
  return { ok: true, date: date.toISOString().slice(0, 10) };
}

type TStepResult = { step: number; row: number; verdict: TResultVerdict | null; tester: string; date: string | null; remarks: string };

function columnsOf(header: TCsvRow): { columns: Partial<Record<TColumn, number>>; issues: TResultsIssue[] } {
  const columns: Partial<Record<TColumn, number>> = {};
  const issues: TResultsIssue[] = [];
  header.fields.forEach((name, index) => {
    const key = headerKey(name) as TColumn;
    if (![...REQUIRED, ...OPTIONAL].includes(key)) return;
    if (columns[key] !== undefined) issues.push({ path: "row 1", message: `the column "${key}" appears twice in the header` });
    else columns[key] = index;
  });
  const missing = REQUIRED.filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    issues.push({
      path: "row 1",
      message: `the header has no ${missing.map((c) => `"${c}"`).join(", ")} column${missing.length > 1 ? "s" : ""}: the first row must name the columns of testbook.csv (test_id, step, result, tester, date, remarks)`,
    });
  }
  return { columns, issues };
}

/**
 * A test's remarks from those of its steps, `step n: …` one per line. A test of 165 steps with a
 * remark on each says more than a test's remarks hold: the lines are kept in step order up to
 * the limit and the last line says how many steps' remarks were left out.
 */
export function joinRemarks(steps: readonly { step: number; remarks: string }[]): string {
  const lines = steps.filter((s) => s.remarks).map((s) => `step ${s.step}: ${s.remarks}`);
  const all = lines.join("\n");
  if (all.length <= REMARKS_MAX) return all;
  const kept: string[] = [];
  let length = 0;
  const note = (left: number) => `… the remarks of ${left} more step${left === 1 ? "" : "s"} are in the laboratory's CSV (a test keeps ${REMARKS_MAX} characters)`;
  for (const line of lines) {
    if (length + line.length + 1 + note(lines.length - kept.length).length > REMARKS_MAX) break;
    kept.push(line);
    length += line.length + 1;
  }
  if (kept.length === 0) kept.push(`${lines[0]!.slice(0, REMARKS_MAX - note(lines.length - 1).length - 2)}…`);
  return [...kept, note(lines.length - kept.length)].join("\n");
}

export type TResultsCsvOptions = { laboratory: string };

export function parseResultsCsv(bytes: Uint8Array, testbook: TTestbook, options: TResultsCsvOptions): TParseResultsResult {
  const read = readSpreadsheetCsv(decodeSpreadsheetText(bytes).text);
  if (!read.ok) return { ok: false, issues: [{ path: `line ${read.line}`, message: read.message }] };
  const [header, ...rows] = read.rows;
  if (!header) return { ok: false, issues: [{ path: "row 1", message: "the file is empty: upload the testbook.csv with the result column filled in" }] };
  const { columns, issues } = columnsOf(header);
  if (issues.length > 0) return { ok: false, issues };

  const tests = new Map<string, TTestInstance>(testbook.chapters.flatMap((c) => c.tests.map((t) => [t.id, t] as const)));
  const byTest = new Map<string, Map<number, TStepResult>>();
  const cell = (row: TCsvRow, column: TColumn) => (columns[column] === undefined ? "" : (row.fields[columns[column]] ?? ""));
  let known = 0;
  let named = 0;
  for (const [index, row] of rows.entries()) {
    if (row.fields.every((f) => f.trim() === "")) continue;
    const path = `row ${index + 2}`;
    const testId = cell(row, "test_id").trim();
    if (testId === "") {
      issues.push({ path, message: "test_id is empty: every row must name its test" });
      continue;
    }
    named++;
    const test = tests.get(testId);
    if (!test) {
      issues.push({ path, message: `unknown test "${testId.slice(0, NAME_MAX)}": testbook ${testbook.id} has no such test`, testId: testId.slice(0, NAME_MAX) });
      continue;
    }
    known++;
    const stepText = cell(row, "step").trim();
    const step = /^\d{1,4}(?:\.0+)?$/.test(stepText) ? Number.parseInt(stepText, 10) : NaN;
    if (!test.steps.some((s) => s.number === step)) {
      issues.push({ path, message: `step "${stepText.slice(0, 20)}" is not a step of this test, which has steps 1 to ${test.steps.length}`, testId });
      continue;
    }
    const at = { testId, step };
    const steps = byTest.get(testId) ?? new Map<number, TStepResult>();
    byTest.set(testId, steps);
    const earlier = steps.get(step);
    if (earlier) {
      issues.push({ path, message: `this step is already in row ${earlier.row}`, ...at });
      continue;
    }
    const verdict = readVerdictWord(cell(row, "result"));
    if (!verdict.ok) issues.push({ path: `${path}, result`, message: `"${cell(row, "result").trim().slice(0, 40)}" is not a verdict: write ${VERDICT_WORDS_HELP}`, ...at });
    const tester = cell(row, "tester").trim();
    if (tester.length > NAME_MAX) issues.push({ path: `${path}, tester`, message: `longer than ${NAME_MAX} characters`, ...at });
    const date = readLabDate(cell(row, "date"));
    if (!date.ok) issues.push({ path: `${path}, date`, message: `"${cell(row, "date").trim().slice(0, 40)}" is not a date: write YYYY-MM-DD (or DD/MM/YYYY)`, ...at });
    const remarks = cell(row, "remarks").trim();
    if (remarks.length > REMARKS_MAX) issues.push({ path: `${path}, remarks`, message: `longer than ${REMARKS_MAX} characters`, ...at });
    steps.set(step, { step, row: index + 2, verdict: verdict.ok ? verdict.verdict : null, tester, date: date.ok ? date.date : null, remarks });
  }
  if (named > 0 && known === 0) {
    return {
      ok: false,
      issues: [{ path: "test_id", message: `none of the ${named} rows names a test of testbook ${testbook.id} (${testbook.profile.company}): is this the testbook.csv of another profile or version?` }],
    };
  }
  if (issues.length > 0) return { ok: false, issues };

  const results: TTestResult[] = [];
  for (const chapter of testbook.chapters) {
    for (const test of chapter.tests) {
      const steps = byTest.get(test.id);
      if (!steps) continue;
      const list = [...steps.values()].sort((a, b) => a.step - b.step);
      const testers = [...new Set(list.map((s) => s.tester).filter(Boolean))].join(", ");
      const dates = list.map((s) => s.date).filter((d): d is string => d !== null).sort();
      const remarks = joinRemarks(list);
      results.push({
        testId: test.id,
        title: test.title,
        verdict: worstVerdict(list.map((s) => s.verdict)),
        tester: testers.length > NAME_MAX ? `${testers.slice(0, NAME_MAX - 1)}…` : testers,
        date: dates.at(-1) ?? null,
        remarks,
      });
    }
  }
  return parseResults(
    {
      resultsFormatVersion: RESULTS_FORMAT_VERSION,
      testbook: { id: testbook.id, profileId: testbook.profile.id, catalogueVersion: testbook.catalogue.version },
      laboratory: { name: options.laboratory, meter: { manufacturer: "", model: "", serialNumber: "", firmwareVersion: "" } },
      results,
    },
    testbook,
  );
}
