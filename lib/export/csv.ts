/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, a field is quoted when it holds a comma,
 * a quote, CR or LF, and quotes inside are doubled. The text starts with a UTF-8 byte order
 * mark so that Excel reads accented names correctly.
 */
export const UTF8_BOM = "\uFEFF";

/** A spreadsheet reads a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers such as `-3` are no formula and stay as they are. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Text that a spreadsheet would run as a formula gets a leading apostrophe,
 * so a company name such as `=HYPERLINK(...)` is shown as text. Access rights (`1:R 2:-`)
 * and index lists start with a digit and are left as they are.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The rows (header first) as one CSV text, with the byte order mark and a CRLF after every row. */
export function toCsv(rows: string[][]): string {
  return UTF8_BOM + rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}
