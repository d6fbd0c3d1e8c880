import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { toCsv } from "@/lib/export/csv";
import { TESTBOOK_CSV_COLUMNS, testbookCsv } from "@/lib/export/testbook-csv";
import { buildUserProfile } from "@/lib/profile/build";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { decodeSpreadsheetText, readSpreadsheetCsv } from "@/lib/testbook/csv-read";
import type { TParseResultsResult } from "@/lib/testbook/results";
import { parseResultsCsv, readLabDate } from "@/lib/testbook/results-csv";
import { capIssues, issueLine, issuesHeading } from "@/lib/testbook/results-issues";
import { RESULTS_UPLOAD_MAX_BYTES } from "@/lib/testbook/results-limits";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { readCsvRows } from "../../helpers/csv";
import { readExample } from "../../helpers/examples";

const baseline = getBaseline();
const build = (name: string): TTestbook => buildTestbook(buildUserProfile(readExample(name), baseline), getCatalogue());
const full = build("full");
const plc = build("single-phase-plc");

type TRow = Record<(typeof TESTBOOK_CSV_COLUMNS)[number], string>;
const exported = (tb: TTestbook): TRow[] => readCsvRows(testbookCsv(tb), TESTBOOK_CSV_COLUMNS);
const written = (rows: TRow[]) => toCsv([[...TESTBOOK_CSV_COLUMNS], ...rows.map((r) => TESTBOOK_CSV_COLUMNS.map((c) => r[c]))]);
const bytes = (text: string) => new TextEncoder().encode(text);
const LAB = { laboratory: "Laboratorio Central de Ensayos" };

function ok(result: TParseResultsResult) {
  if (!result.ok) throw new Error(result.issues.slice(0, 5).map(issueLine).join("\n"));
  return result;
}
function issuesOf(result: TParseResultsResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

/** A laboratory's pass over the full testbook: every step run, as people write verdicts. */
function fillFull(rows: TRow[]): { rows: TRow[]; failed: Set<string>; inconclusive: Set<string> } {
  const words = ["pass", "PASS", "Passed", "ok", "OK"];
  const failed = new Set<string>();
  const inconclusive = new Set<string>();
  const filled = rows.map((r, i) => {
    let result = words[i % words.length]!;
    if (i % 97 === 3) {
      result = i % 2 ? "fail" : "Failed";
      failed.add(r.test_id);
    } else if (i % 131 === 7 && !failed.has(r.test_id)) {
      result = "inconclusive";
      inconclusive.add(r.test_id);
    }
    return { ...r, result, tester: i % 2 ? "M. Ortega" : "Ana Pérez", date: `2026-11-${String(10 + (i % 18)).padStart(2, "0")}`, remarks: i % 4 === 3 ? "" : `Observed as expected; capture ${i}.pcap, meter SN 0042, bench 3, answered within 120 ms without retries, as in the previous campaign` };
  });
  for (const t of failed) inconclusive.delete(t);
  return { rows: filled, failed, inconclusive };
}

describe("the filled testbook.csv imports as results", () => {
  test("the full profile's testbook.csv, every step filled in, imports with one verdict per test (about 5 MB, well within the upload limit)", () => {
    const { rows, failed, inconclusive } = fillFull(exported(full));
    const csv = written(rows);
    const size = Buffer.byteLength(csv);
    expect(size).toBeGreaterThan(4_000_000);
    expect(size).toBeLessThan(RESULTS_UPLOAD_MAX_BYTES / 2);
    const started = performance.now();
    const result = ok(parseResultsCsv(bytes(csv), full, LAB));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.results.results).toHaveLength(full.summary.tests);
    expect(result.summary).toEqual({
      pass: full.summary.tests - failed.size - inconclusive.size,
      fail: failed.size,
      inconclusive: inconclusive.size,
      notRun: 0,
      total: full.summary.tests,
    });
    const first = result.results.results[0]!;
    expect(first.tester).toBe("Ana Pérez, M. Ortega");
    expect(first.date).toMatch(/^2026-11-\d\d$/);
    expect(first.remarks).toMatch(/^step 1: Observed as expected; capture 0\.pcap, meter SN 0042, bench 3, [^\n]+\nstep 2: /);
    const longest = full.chapters.flatMap((c) => c.tests).reduce((a, t) => (t.steps.length > a.steps.length ? t : a));
    const long = result.results.results.find((r) => r.testId === longest.id)!;
    expect(long.remarks.length).toBeLessThanOrEqual(4000);
    expect(long.remarks).toMatch(/\n… the remarks of \d+ more steps are in the laboratory's CSV \(a test keeps 4000 characters\)$/);
    expect(result.results.laboratory.name).toBe(LAB.laboratory);
    expect(result.results.testbook.id).toBe(full.id);
  });

  test("lower-case verdicts, and the verdict written on the first step only, make the test's verdict", () => {
    const rows = exported(plc);
    const tests = [...new Set(rows.map((r) => r.test_id))];
    const first = (id: string) => rows.find((r) => r.test_id === id)!;
    first(tests[0]!).result = "pass";
    first(tests[1]!).result = "fail";
    first(tests[2]!).result = "inconclusive";
    first(tests[3]!).result = "n/a";
    first(tests[4]!).result = "passed";
    first(tests[5]!).result = "failed";
    first(tests[6]!).result = "ok";
    const result = ok(parseResultsCsv(bytes(written(rows)), plc, LAB));
    const verdict = (id: string) => result.results.results.find((r) => r.testId === id)?.verdict;
    expect(tests.slice(0, 7).map(verdict)).toEqual(["PASS", "FAIL", "INCONCLUSIVE", null, "PASS", "FAIL", "PASS"]);
    expect(result.summary.pass + result.summary.fail + result.summary.inconclusive).toBe(6);
  });

  test("a FAIL on any step fails the test, an INCONCLUSIVE step makes a passing test inconclusive", () => {
    const rows = exported(plc);
    const id = rows.find((r) => rows.filter((x) => x.test_id === r.test_id).length >= 3)!.test_id;
    const steps = rows.filter((r) => r.test_id === id);
    steps.forEach((r) => (r.result = "PASS"));
    steps[1]!.result = "Inconclusive";
    const inconclusive = ok(parseResultsCsv(bytes(written(rows)), plc, LAB));
    expect(inconclusive.results.results.find((r) => r.testId === id)!.verdict).toBe("INCONCLUSIVE");
    steps[2]!.result = "fail";
    const failed = ok(parseResultsCsv(bytes(written(rows)), plc, LAB));
    expect(failed.results.results.find((r) => r.testId === id)!.verdict).toBe("FAIL");
  });

  test("as Excel saves it in a European locale: semicolons, LF line ends, no byte order mark, Windows-1252, day-first dates", () => {
    const rows = exported(plc).slice(0, 30);
    rows.forEach((r, i) => Object.assign(r, { result: i % 3 ? "Pass" : "FAIL", tester: "José Müller", date: "14/11/2026", remarks: i === 0 ? "Relé; abierto \"sin\" retardo" : "" }));
    const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const text = [TESTBOOK_CSV_COLUMNS.join(";"), ...rows.map((r) => TESTBOOK_CSV_COLUMNS.map((c) => quote(r[c])).join(";"))].join("\n");
    const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    expect([...text].every((c) => c.charCodeAt(0) < 256)).toBe(true);
    expect(decodeSpreadsheetText(latin1).encoding).toBe("Windows-1252");
    const result = ok(parseResultsCsv(latin1, plc, LAB));
    const first = result.results.results[0]!;
    expect(first.tester).toBe("José Müller");
    expect(first.date).toBe("2026-11-14");
    expect(first.remarks).toBe('step 1: Relé; abierto "sin" retardo');
    expect(first.verdict).toBe("FAIL");
  });

  test("columns are found by their header, in any order, with other columns added", () => {
    const rows = exported(plc).slice(0, 5);
    rows[0]!.result = "pass";
    const csv = toCsv([["Remarks", "Lab note", "Step", "Result", "Test ID"], ...rows.map((r) => ["", "x", r.step, r.result, r.test_id])]);
    expect(ok(parseResultsCsv(bytes(csv), plc, LAB)).summary.pass).toBe(1);
  });
});

describe("problems in a filled testbook.csv", () => {
  test("each problem names its row, test and step, one line each; only the first 50 are listed, with the count of the rest", () => {
    const rows = exported(plc);
    rows.slice(0, 80).forEach((r) => (r.result = "maybe"));
    rows[100]!.date = "31/02/2026";
    const issues = issuesOf(parseResultsCsv(bytes(written(rows)), plc, LAB));
    expect(issues).toHaveLength(81);
    const first = issues[0]!;
    expect(first).toEqual({ path: "row 2, result", testId: rows[0]!.test_id, step: Number(rows[0]!.step), message: expect.stringContaining('"maybe" is not a verdict') });
    expect(issueLine(first)).toBe(`row 2, result (test ${rows[0]!.test_id} step ${rows[0]!.step}): "maybe" is not a verdict: write pass, passed, ok, fail, failed, inconclusive or n/a, in any case`);
    expect(issues.every((i) => !issueLine(i).includes("\n"))).toBe(true);
    expect(issues.at(-1)).toMatchObject({ path: "row 102, date", testId: rows[100]!.test_id, step: Number(rows[100]!.step) });
    const capped = capIssues(issues);
    expect(capped.issues).toHaveLength(50);
    expect(capped.more).toBe(31);
    expect(issuesHeading("The CSV", issues.length)).toBe("The CSV has 81 problems; the first 50 are listed.");
  });

  test("an unknown test, a step the test does not have and a step given twice are named", () => {
    const rows = exported(plc).slice(0, 20);
    rows.forEach((r) => (r.result = "pass"));
    rows[2] = { ...rows[2]!, test_id: "ASSOC-999/nobody" };
    rows[4] = { ...rows[4]!, step: "99" };
    rows[6] = { ...rows[5]! };
    const issues = issuesOf(parseResultsCsv(bytes(written(rows)), plc, LAB));
    expect(issues.map((i) => i.path)).toEqual(["row 4", "row 6", "row 8"]);
    expect(issues[0]!.message).toContain('unknown test "ASSOC-999/nobody"');
    expect(issues[1]!.message).toMatch(/step "99" is not a step of this test, which has steps 1 to \d+/);
    expect(issues[2]).toMatchObject({ testId: rows[5]!.test_id, step: Number(rows[5]!.step), message: "this step is already in row 7" });
  });

  test("the testbook.csv of another profile is refused in one line naming this testbook", () => {
    const rows = exported(full).filter((r) => r.chapter_number === "16");
    rows.forEach((r) => (r.result = "pass"));
    const issues = issuesOf(parseResultsCsv(bytes(written(rows)), plc, LAB));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain(`testbook ${plc.id}`);
    expect(issues[0]!.message).toContain("another profile or version");
  });

  test.each([
    ["a header without the result column", toCsv([["test_id", "step", "tester"], ["ASSOC-001/public", "1", "x"]]), 'no "result" column'],
    ["an empty file", "", "the file is empty"],
    ["a quoted field never closed", '\uFEFFtest_id,step,result\r\nASSOC-001/public,1,"pass\r\n', "never closed"],
    ["text after a closing quote", 'test_id,step,result\r\n"ASSOC-001/public"x,1,pass\r\n', "after the closing quote"],
  ])("%s is refused with a clear message", (_, csv, message) => {
    const issues = issuesOf(parseResultsCsv(bytes(csv), plc, LAB));
    expect(issues[0]!.message).toContain(message);
  });
});

describe("readLabDate", () => {
  test.each([
    ["2026-11-20", "2026-11-20"],
    ["2026/11/20", "2026-11-20"],
    ["2026-11-20 14:30:00", "2026-11-20"],
    ["20/11/2026", "2026-11-20"],
    ["20.11.2026", "2026-11-20"],
    ["1/2/2026", "2026-02-01"],
    ["", null],
  ])("%j reads as %j", (text, date) => {
    expect(readLabDate(text)).toEqual({ ok: true, date });
  });

  test.each(["2026-13-01", "31/02/2026", "11/20/2026", "yesterday", "2026-11"])("%j is not a date", (text) => {
    expect(readLabDate(text).ok).toBe(false);
  });
});

describe("readSpreadsheetCsv", () => {
  test("quoted fields hold separators, quotes and line breaks, and rows keep the line they start on", () => {
    const read = readSpreadsheetCsv('a,b\r\n"x, ""y""\nz",2\r3,4\n\n5,');
    expect(read).toEqual({
      ok: true,
      separator: ",",
      rows: [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ['x, "y"\nz', "2"] },
        { line: 4, fields: ["3", "4"] },
        { line: 5, fields: [""] },
        { line: 6, fields: ["5", ""] },
      ],
    });
  });

  test("the separator is the one the header uses, semicolon or tab", () => {
    expect((readSpreadsheetCsv("a;b;c,d\n1;2;3,4") as { rows: { fields: string[] }[] }).rows[1]!.fields).toEqual(["1", "2", "3,4"]);
    expect((readSpreadsheetCsv("a\tb\n1\t2") as { separator: string }).separator).toBe("\t");
  });

  test("UTF-16 with its byte order mark, as Excel's Unicode text, is decoded", () => {
    const text = "test_id\tstep\tresult\nASSOC-001/public\t1\tpass\n";
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);
    expect(decodeSpreadsheetText(utf16)).toEqual({ text, encoding: "UTF-16LE" });
  });
});
