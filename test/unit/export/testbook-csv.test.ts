import { describe, expect, test } from "vitest";
import { TESTBOOK_CSV_COLUMNS, testbookCsv } from "@/lib/export/testbook-csv";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { buildUserProfile } from "@/lib/profile/build";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLE_NAMES, readExample } from "../../helpers/examples";
import { readCsv, readCsvRows } from "../../helpers/csv";

const baseline = getBaseline();
const catalogue = getCatalogue();
const buildExample = (name: string): TTestbook => buildTestbook(buildUserProfile(readExample(name), baseline), catalogue);
const testbooks = EXAMPLE_NAMES.map((name) => [name, buildExample(name)] as const);

type TRow = Record<(typeof TESTBOOK_CSV_COLUMNS)[number], string>;

const readRows = (csv: string): TRow[] => readCsvRows(csv, TESTBOOK_CSV_COLUMNS);

/** The CSV of each example, read back once: the full example is some 50 MB. */
const parsed = new Map<string, TRow[]>();
const rowsOf = (name: string, tb: TTestbook): TRow[] => {
  if (!parsed.has(name)) parsed.set(name, readRows(testbookCsv(tb)));
  return parsed.get(name)!;
};

/** Excel's limit on the characters of one cell. */
const EXCEL_CELL_MAX = 32_767;

const firstTest = (tb: TTestbook) => tb.chapters.find((c) => c.tests.length > 0)!.tests[0]!;

describe("testbookCsv", () => {
  test.each(testbooks)("%s: one CSV row per step, in testbook order", (name, tb) => {
    const rows = rowsOf(name, tb);
    expect(rows).toHaveLength(tb.summary.steps);
    const expected = tb.chapters.flatMap((c) => c.tests.flatMap((t) => t.steps.map((s) => [t.id, String(s.number)])));
    expect(rows.map((r) => [r.test_id, r.step])).toEqual(expected);
  });

  test.each(testbooks)("%s: every row parses back to its chapter, test and step, with the laboratory's columns empty", (name, tb) => {
    const expected = tb.chapters.flatMap((chapter) =>
      chapter.tests.flatMap((t) =>
        t.steps.map((s) => ({
          chapter_number: String(chapter.number),
          chapter: chapter.title,
          test_id: t.id,
          case_id: t.caseId,
          title: t.title,
          step: String(s.number),
          action: s.action,
          expected: s.expected,
          requirements: s.number === 1 ? t.requirements.join(" ") : "",
          tags: t.tags.join(" "),
          result: "",
          tester: "",
          date: "",
          remarks: "",
        })),
      ),
    );
    expect(rowsOf(name, tb)).toEqual(expected);
  });

  test.each(testbooks)("%s: requirements and tags split on spaces give back the test's lists", (name, tb) => {
    const firstRowOf = new Map<string, TRow>();
    for (const row of rowsOf(name, tb)) if (!firstRowOf.has(row.test_id)) firstRowOf.set(row.test_id, row);
    for (const t of tb.chapters.flatMap((c) => c.tests)) {
      const row = firstRowOf.get(t.id)!;
      expect(row.requirements === "" ? [] : row.requirements.split(" "), t.id).toEqual(t.requirements);
      expect(row.tags.split(" "), t.id).toEqual(t.tags);
    }
  });

  test.each(testbooks)("%s: no cell is longer than a spreadsheet cell can hold", (name, tb) => {
    const longest = rowsOf(name, tb).reduce((max, r) => Math.max(max, ...Object.values(r).map((v) => v.length)), 0);
    expect(longest).toBeLessThanOrEqual(EXCEL_CELL_MAX);
  });

  test("starts with a UTF-8 byte order mark and ends every row with CRLF", () => {
    const csv = testbookCsv(buildExample("single-phase-plc"));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  test("commas, quotes, line breaks and accents in a step survive the round trip", () => {
    const tb = buildExample("single-phase-plc");
    const step = firstTest(tb).steps[0]!;
    step.action = 'Read the clock, then "set" it\r\nand read it again';
    step.expected = "Énergie active: 1,5 kWh\nété";
    const csv = testbookCsv(tb);
    expect(csv).toContain('"Read the clock, then ""set"" it\r\nand read it again"');
    const [row] = readRows(csv);
    expect(row!.action).toBe(step.action);
    expect(row!.expected).toBe(step.expected);
  });

  test("a formula-like step is shown as text, and numbers and ids are left as they are", () => {
    const tb = buildExample("single-phase-plc");
    const t = firstTest(tb);
    t.steps[0]!.action = '=HYPERLINK("http://evil.example","x")';
    t.steps[0]!.expected = "@SUM(A1:A2)";
    t.title = "-2+3";
    const rows = readRows(testbookCsv(tb));
    expect(rows[0]!.action).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rows[0]!.expected).toBe("'@SUM(A1:A2)");
    expect(rows[0]!.title).toBe("'-2+3");
    for (const row of rows) {
      for (const column of ["chapter_number", "test_id", "case_id", "step", "requirements", "tags"] as const) {
        expect(row[column], `${row.test_id} ${column}`).not.toMatch(/^'/);
      }
    }
  });

  test("a testbook without tests gives the header only", () => {
    const tb = buildExample("single-phase-plc");
    for (const c of tb.chapters) c.tests = [];
    expect(testbookCsv(tb)).toBe(`\uFEFF${TESTBOOK_CSV_COLUMNS.join(",")}\r\n`);
  });
});

describe("readCsv (the test's own reader)", () => {
  test("refuses what RFC 4180 does not allow", () => {
    expect(() => readCsv('a,"b\r\n')).toThrow(/unterminated/);
    expect(() => readCsv('a,b"c\r\n')).toThrow(/quote inside/);
    expect(() => readCsv('"a"b\r\n')).toThrow(/after a closing quote/);
    expect(() => readCsv("a\nb\r\n")).toThrow(/bare/);
    expect(() => readCsv("a,b")).toThrow(/CRLF/);
    expect(readCsv('"a,""b""\r\nc",,d\r\n')).toEqual([['a,"b"\r\nc', "", "d"]]);
  });
});
