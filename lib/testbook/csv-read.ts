/**
 * Reads a CSV the way spreadsheets write it back, which is looser than what we write: the text
 * may be UTF-8 with or without a byte order mark, UTF-16 (Excel's "Unicode text") or
 * Windows-1252 (older Excel), the separator a comma, a semicolon (Excel in most European
 * locales) or a tab, and rows may end with CRLF, LF or CR. Quoted fields follow RFC 4180.
 * Every row keeps the line it starts on, so that problems are reported where a person looks.
 */
export type TCsvRow = { line: number; fields: string[] };
export type TCsvRead = { ok: true; rows: TCsvRow[]; separator: string } | { ok: false; line: number; message: string };

/** More rows than the largest testbook has steps (about 5,500); a bound on what one file may ask us to hold. */
export const CSV_ROWS_MAX = 200_000;

const SEPARATORS = [",", ";", "\t"] as const;

export function decodeSpreadsheetText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "UTF-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "UTF-16LE" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "UTF-16BE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252" };
  }
}

/** The separator the header line uses most, outside quotes; a comma when it has none. */
function separatorOf(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [",", 0] as [string, number])[0];
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

export function readSpreadsheetCsv(text: string): TCsvRead {
  const separator = separatorOf(text);
  const unquoted = new RegExp(`[^${escapeRegExp(separator)}\\r\\n"]*`, "y");
  const rows: TCsvRow[] = [];
  let fields: string[] = [];
  let rowLine = 1;
  let line = 1;
  let i = 0;
  const countLines = (from: number, to: number) => {
    for (let k = text.indexOf("\n", from); k >= 0 && k < to; k = text.indexOf("\n", k + 1)) line++;
    for (let k = text.indexOf("\r", from); k >= 0 && k < to; k = text.indexOf("\r", k + 1)) if (text[k + 1] !== "\n") line++;
  };
  while (i < text.length) {
    let field: string;
    if (text[i] === '"') {
      const start = i + 1;
      let from = start;
      let value = "";
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { ok: false, line: rowLine, message: "a quoted field is never closed: a quote (\") is missing" };
        value += text.slice(from, quote);
        if (text[quote + 1] !== '"') {
          countLines(start, quote);
          i = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      field = value;
      const next = text[i];
      if (next !== undefined && next !== separator && next !== "\r" && next !== "\n") {
        return { ok: false, line, message: "text after the closing quote of a field: a quote inside a quoted field must be doubled (\"\")" };
      }
    } else {
      unquoted.lastIndex = i;
      field = unquoted.exec(text)![0];
      i += field.length;
      // A lone quote inside an unquoted field is kept as it is, as spreadsheets read it.
      while (text[i] === '"') {
        unquoted.lastIndex = i + 1;
        const rest = unquoted.exec(text)![0];
        field += `"${rest}`;
        i += 1 + rest.length;
      }
    }
    fields.push(field);
    const c = text[i];
    if (c === separator) {
      i++;
      if (i === text.length) fields.push("");
      continue;
    }
    rows.push({ line: rowLine, fields });
    if (rows.length > CSV_ROWS_MAX) return { ok: false, line: rowLine, message: `more than ${CSV_ROWS_MAX.toLocaleString("en")} rows: this is not a testbook's CSV` };
    fields = [];
    if (c === "\r" && text[i + 1] === "\n") i += 2;
    else if (c === "\r" || c === "\n") i++;
    line++;
    rowLine = line;
  }
  if (fields.length > 0) rows.push({ line: rowLine, fields });
  return { ok: true, rows, separator };
}
