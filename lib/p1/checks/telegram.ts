import { crcCause } from "../crc-cause";
import { formatCrc } from "../crc";
import { isShortObis } from "../obis";
import { markLine, noReasons, type TP1DecodedLine, type TP1Finding } from "../report";
import { parseDataLine, parseTelegram, type TDataLine, type TParsedTelegram, type TTelegramLine } from "../telegram";

/** The text structure and the CRC of one telegram (P1-003, P1-004). */
export type TTelegramCheck = {
  parsed: TParsedTelegram;
  findings: TP1Finding[];
  /** Decoded lines, in order: header, empty line, data lines, end line. */
  decoded: TP1DecodedLine[];
  /** The data lines with their parsed content, for the content checks. */
  data: { line: TTelegramLine; parsed: TDataLine; decoded: TP1DecodedLine; readable: boolean }[];
  crcOk: boolean;
  /** The CRC failure when no cause was found in the text; the content checks may still name a line. */
  crcUnexplained: TP1Finding | null;
};

const ENDINGS = {
  lf: "ends with LF only: the CR before it is missing",
  cr: "ends with CR only: the LF after it is missing",
  none: "has no line end",
} as const;

/** Whether bytes[start, end) hold anything but printable ASCII, CR and LF: one pass before looking line by line. */
function hasUnprintable(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 13 && b !== 10) || b > 0x7e) return true;
  }
  return false;
}

function firstUnprintable(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return i;
  }
  return -1;
}

const decodedLine = (line: TTelegramLine, kind: TP1DecodedLine["kind"]): TP1DecodedLine => ({ number: line.number, kind, text: line.text, obis: null, row: null, status: "PASS", reasons: noReasons() });

/** Records a failure on the report and on its decoded line. */
function fail(findings: TP1Finding[], finding: TP1Finding, decoded?: TP1DecodedLine) {
  findings.push(finding);
  if (decoded) markLine(decoded, "FAIL", finding.reason);
}

function dataLineProblem(parsed: TDataLine): string | null {
  if (parsed.problem) return parsed.problem;
  const obis = parsed.obis ?? "";
  if (isShortObis(obis)) return null;
  if (/^\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(obis)) return `the OBIS code ${obis} is written with its F group; a telegram line drops it (${obis.split(".").slice(0, 3).join(".")})`;
  return `"${obis}" is not an OBIS code A-B:C.D.E`;
}

/** Checks a telegram from its "/" to the end of its end line; `unit` numbers it in the report. */
export function checkTelegram(bytes: Uint8Array, unit: number, interrupted: boolean): TTelegramCheck {
  const parsed = parseTelegram(bytes);
  const findings: TP1Finding[] = [];
  const pass = (check: TP1Finding["check"], reason: string) => findings.push({ check, status: "PASS", reason, unit });
  const decoded: TP1DecodedLine[] = [];
  const data: TTelegramCheck["data"] = [];
  const [header, empty] = parsed.lines;
  let cutLine: string | null = null;

  const headerDecoded = header ? decodedLine(header, "header") : null;
  if (headerDecoded) decoded.push(headerDecoded);
  const m = header ? /^\/([A-Za-z]{3})(.)(.*)$/.exec(header.text) : null;
  if (!header || !m) fail(findings, { check: "telegram.header", status: "FAIL", unit, line: 1, reason: `the header "${header?.text ?? ""}" is not "/" followed by a three-letter FLAG id` }, headerDecoded ?? undefined);
  else if (m[2] !== "5") fail(findings, { check: "telegram.header", status: "FAIL", unit, line: 1, reason: `the character after the FLAG id ${m[1]} is '${m[2]}', not '5'` }, headerDecoded!);
  else if (m[3]!.length === 0) fail(findings, { check: "telegram.header", status: "FAIL", unit, line: 1, reason: "no meter identification follows /XXX5" }, headerDecoded!);
  else pass("telegram.header", "the header is /XXX5 followed by the meter identification");

  if (empty) {
    const d = decodedLine(empty, "empty");
    decoded.push(d);
    if (empty.text !== "") fail(findings, { check: "telegram.empty-line", status: "FAIL", unit, line: 2, reason: `line 2 is "${empty.text.slice(0, 40)}", not empty` }, d);
    else pass("telegram.empty-line", "the second line is empty");
  } else fail(findings, { check: "telegram.empty-line", status: "FAIL", unit, line: 2, reason: "the telegram ends after its header: there is no empty second line" });

  for (let i = 2; i < parsed.lines.length; i++) {
    const line = parsed.lines[i]!;
    const parsedLine = parseDataLine(line.text);
    const d = decodedLine(line, "data");
    d.obis = parsedLine.obis;
    decoded.push(d);
    const problem = dataLineProblem(parsedLine);
    data.push({ line, parsed: parsedLine, decoded: d, readable: problem === null });
    if (problem) {
      fail(findings, { check: "telegram.data-lines", status: "FAIL", unit, line: line.number, reason: `line ${line.number}: ${problem}` }, d);
      if (parsedLine.problem?.includes("cut")) cutLine ??= `line ${line.number} is incomplete ("${line.text.slice(0, 40)}"): bytes were lost there`;
    }
  }
  if (!findings.some((f) => f.check === "telegram.data-lines")) pass("telegram.data-lines", "every data line is OBIS(value)…");

  const endDecoded = parsed.end ? decodedLine(parsed.end, "end") : null;
  if (endDecoded) decoded.push(endDecoded);
  // Every line has its decoded line, in order: line n is decoded[n - 1].
  const unprintable = hasUnprintable(bytes, bytes.length);
  for (const line of parsed.end ? [...parsed.lines, parsed.end] : parsed.lines) {
    if (line.ending !== "crlf") fail(findings, { check: "telegram.line-ends", status: "FAIL", unit, line: line.number, reason: `line ${line.number} ${ENDINGS[line.ending]}` }, decoded[line.number - 1]);
    if (!unprintable) continue;
    const bad = firstUnprintable(line.text);
    if (bad >= 0) {
      const code = (bytes[line.offset + bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
      fail(findings, { check: "telegram.characters", status: "FAIL", unit, line: line.number, reason: `line ${line.number}, column ${bad + 1}: byte 0x${code} is not printable ASCII` }, decoded[line.number - 1]);
    }
  }
  if (!findings.some((f) => f.check === "telegram.line-ends")) pass("telegram.line-ends", "every line ends with CR LF");
  if (!findings.some((f) => f.check === "telegram.characters")) pass("telegram.characters", "only printable ASCII");

  if (interrupted) {
    const reason = `the telegram is cut: the next telegram or frame starts after line ${parsed.lines.length}, before this one's end line "!"`;
    cutLine ??= `the telegram stops after line ${parsed.lines.length} and the next one starts`;
    fail(findings, { check: "telegram.complete", status: "FAIL", unit, reason }, decoded[decoded.length - 1]);
  } else pass("telegram.complete", "the telegram is complete");

  let crcOk = false;
  let crcUnexplained: TP1Finding | null = null;
  if (!parsed.end || !parsed.crc) {
    if (!interrupted) fail(findings, { check: "telegram.end-line", status: "FAIL", unit, reason: "the telegram has no end line \"!\"" });
    return { parsed, findings, decoded, data, crcOk, crcUnexplained };
  }
  const { received, receivedValue, computed } = parsed.crc;
  const endLine = parsed.end.number;
  if (!/^[0-9A-F]{4}$/.test(received)) {
    const why = /^[0-9a-fA-F]{4}$/.test(received) ? `the CRC ${received} is written in lower case; it takes upper-case digits (${received.toUpperCase()})` : `"${received}" after "!" is not 4 hexadecimal digits`;
    fail(findings, { check: "telegram.end-line", status: "FAIL", unit, line: endLine, reason: why }, endDecoded!);
  } else {
    const endLength = parsed.end.text.length + (parsed.end.ending === "crlf" ? 2 : parsed.end.ending === "none" ? 0 : 1);
    const trailing = parsed.text.length - parsed.end.offset - endLength;
    if (trailing > 0) fail(findings, { check: "telegram.end-line", status: "FAIL", unit, line: endLine, reason: `${trailing} bytes follow the end line inside the frame` }, endDecoded!);
    else pass("telegram.end-line", "the end line is ! and 4 upper-case hexadecimal digits");
  }
  if (receivedValue === computed) {
    crcOk = true;
    findings.push({ check: "telegram.crc", status: "PASS", unit, reason: "the CRC verifies" });
  } else {
    const bang = parsed.end.offset;
    const cause = receivedValue === null ? null : crcCause(bytes, bang, receivedValue, parsed.lines, cutLine);
    const finding: TP1Finding = { check: "telegram.crc", status: "FAIL", unit, line: endLine, reason: `received ${received || "nothing"}, computed ${formatCrc(computed)}${cause ? `; likely cause: ${cause}` : ""}` };
    fail(findings, finding, endDecoded!);
    if (!cause) crcUnexplained = finding;
  }
  return { parsed, findings, decoded, data, crcOk, crcUnexplained };
}
