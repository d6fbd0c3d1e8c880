import { parseTimestamp } from "./tst";

/**
 * Value formats of the P1 readout list (DSMR P1 6.4): Fn(x,y) a number of n digits with x to y
 * decimals, In an integer of n digits, Sn a string of at most n characters (Sn(n=a..b): a to b),
 * TST a time stamp. A value may carry a unit after "*".
 */
export type TP1Format =
  | { kind: "fixed"; text: string; digits: number; minDecimals: number; maxDecimals: number }
  | { kind: "integer"; text: string; digits: number }
  | { kind: "string"; text: string; minLength: number; maxLength: number }
  | { kind: "timestamp"; text: "TST" };

/** How an octet string is written: two hexadecimal digits per octet, or its characters (the P1 version). */
export type TP1Encoding = "hex" | "characters";

export function parseFormat(text: string): TP1Format | null {
  if (text === "TST") return { kind: "timestamp", text };
  let m = /^F(\d{1,2})\((\d),(\d)\)$/.exec(text);
  if (m) {
    const digits = Number(m[1]);
    const minDecimals = Number(m[2]);
    const maxDecimals = Number(m[3]);
    if (digits < 1 || minDecimals > maxDecimals || maxDecimals >= digits) return null;
    return { kind: "fixed", text, digits, minDecimals, maxDecimals };
  }
  m = /^I(\d{1,2})$/.exec(text);
  if (m) return Number(m[1]) >= 1 ? { kind: "integer", text, digits: Number(m[1]) } : null;
  m = /^S(\d{1,4})$/.exec(text);
  if (m) return { kind: "string", text, minLength: 0, maxLength: Number(m[1]) };
  m = /^Sn\(n=(\d{1,4})\.\.(\d{1,4})\)$/.exec(text);
  if (m && Number(m[1]) <= Number(m[2])) return { kind: "string", text, minLength: Number(m[1]), maxLength: Number(m[2]) };
  return null;
}

/** What a telegram value is checked against: its row's format, octet-string encoding and unit (null: none). */
export type TP1ValueSpec = { format: TP1Format; encoding: TP1Encoding | null; unit: string | null };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
function allDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

// The checks below read the value text[0, end), end being where its unit starts, by positions:
// every value of every telegram is checked, and a right one then costs no substring.

function checkDigits(spec: Extract<TP1Format, { kind: "fixed" | "integer" }>, text: string, end: number): string | null {
  const point = text.indexOf(".");
  const dot = point < end ? point : -1;
  const intLength = dot < 0 ? end : dot;
  const decimals = dot < 0 ? 0 : end - dot - 1;
  if (end > 0 && text.charCodeAt(0) === 45) return `${text.slice(0, end)} is negative; P1 values have no sign (import and export are separate rows)`;
  if (intLength === 0 || (dot >= 0 && decimals === 0) || !allDigits(text, 0, intLength) || (dot >= 0 && !allDigits(text, dot + 1, end))) {
    return `${text.slice(0, end)} is not a number of the form ${spec.text}`;
  }
  const min = spec.kind === "fixed" ? spec.minDecimals : 0;
  const max = spec.kind === "fixed" ? spec.maxDecimals : 0;
  if (decimals < min || decimals > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    return `${text.slice(0, end)} has ${decimals} decimal${decimals === 1 ? "" : "s"}; ${spec.text} needs ${want}`;
  }
  const digits = intLength + decimals;
  if (digits !== spec.digits) {
    const sample = `${"0".repeat(Math.max(0, spec.digits - max - 1))}1${max > 0 ? `.${"2".repeat(max)}` : ""}`;
    return `${text.slice(0, end)} has ${digits} digits; ${spec.text} needs ${spec.digits}, leading zeros included (e.g. ${sample})`;
  }
  return null;
}

function checkString(spec: Extract<TP1Format, { kind: "string" }>, encoding: TP1Encoding | null, text: string, end: number): string | null {
  if (end < spec.minLength || end > spec.maxLength) {
    const bound = end > spec.maxLength ? `at most ${spec.maxLength}` : `at least ${spec.minLength}`;
    return `${end} characters; ${spec.text} allows ${bound}`;
  }
  if (encoding !== "hex") return null;
  for (let i = 0; i < end; i++) {
    if (!isHex(text.charCodeAt(i))) return `'${text[i]}' (character ${i + 1}) is not a hexadecimal digit: octet strings are written in hexadecimal, two digits per octet`;
  }
  if (end % 2 === 1) return `${end} hexadecimal digits, an odd number: each octet takes two`;
  return null;
}

/**
 * Checks one value as written between brackets against its row; the reason names what is wrong,
 * or null when the value has the row's format and unit.
 */
export function checkValue(spec: TP1ValueSpec, raw: string): string | null {
  const star = raw.indexOf("*");
  const end = star < 0 ? raw.length : star;
  const { format } = spec;
  let problem: string | null;
  switch (format.kind) {
    case "fixed":
    case "integer":
      problem = checkDigits(format, raw, end);
      break;
    case "string":
      problem = checkString(format, spec.encoding, raw, end);
      break;
    case "timestamp": {
      const body = raw.slice(0, end);
      const t = parseTimestamp(body);
      problem = t.ok ? null : `${body} is not a time stamp YYMMDDhhmmssX: ${t.error}`;
      break;
    }
  }
  if (problem) return problem;
  if (spec.unit === null && star >= 0) return `a unit (*${raw.slice(star + 1)}) is written, but this row has none`;
  if (spec.unit !== null && star < 0) return `the unit is missing: values of this row end with *${spec.unit}`;
  if (spec.unit !== null && (raw.length - star - 1 !== spec.unit.length || !raw.startsWith(spec.unit, star + 1))) {
    const unit = raw.slice(star + 1);
    const sameLetters = unit.toLowerCase() === spec.unit.toLowerCase();
    return `the unit is ${unit}; this row's unit is ${spec.unit}${sameLetters ? " (units are case-sensitive)" : ""}`;
  }
  return null;
}
