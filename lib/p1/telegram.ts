import { latin1 } from "./bytes";
import { crc16, crc16Text, formatCrc } from "./crc";

/**
 * The P1 telegram as text: a header line "/XXX5<identification>", an empty line, one data line
 * per value "OBIS(value)(value)…", each line ended by CR LF, and the end line "!" followed by the
 * CRC of everything from "/" through "!" (DSMR P1 6, Luxembourg P1 2.3).
 */
export const CRLF = "\r\n";

/** A telegram from its header line (with its "/") and data lines (without line ends), CRC included. */
export function buildTelegram(header: string, lines: readonly string[]): string {
  const body = `${header}${CRLF}${CRLF}${lines.length > 0 ? `${lines.join(CRLF)}${CRLF}` : ""}!`;
  return `${body}${formatCrc(crc16Text(body))}${CRLF}`;
}

export type TLineEnding = "crlf" | "lf" | "cr" | "none";

export type TTelegramLine = {
  /** 1-based line number in the telegram. */
  number: number;
  /** Offset of the line's first character from the "/". */
  offset: number;
  text: string;
  ending: TLineEnding;
};

export type TTelegramCrc = {
  /** The characters after "!" up to the line end (normally 4 hexadecimal digits). */
  received: string;
  /** Their value when they are 1 to 4 hexadecimal digits, else null. */
  receivedValue: number | null;
  computed: number;
};

export type TParsedTelegram = {
  /** The telegram as text, one character per byte. */
  text: string;
  /** Every line before the end line: header, empty line, data lines. */
  lines: TTelegramLine[];
  /** The end line "!CRC", or null when the telegram has no "!". */
  end: TTelegramLine | null;
  crc: TTelegramCrc | null;
};

/** Splits text[start, end) into lines at CR LF, a bare LF or a bare CR. */
function splitLines(text: string, start: number, end: number, firstNumber: number): TTelegramLine[] {
  const lines: TTelegramLine[] = [];
  let at = start;
  while (at < end) {
    // indexOf runs natively; a bare CR before the next LF is rare and found by a second search.
    let lf = text.indexOf("\n", at);
    if (lf < 0 || lf >= end) lf = end;
    const cr = text.indexOf("\r", at);
    const number = firstNumber + lines.length;
    if (cr >= 0 && cr < lf - 1) {
      lines.push({ number, offset: at, text: text.slice(at, cr), ending: "cr" });
      at = cr + 1;
    } else if (lf === end) {
      const bareCr = cr === end - 1;
      lines.push({ number, offset: at, text: text.slice(at, bareCr ? cr : end), ending: bareCr ? "cr" : "none" });
      break;
    } else if (cr === lf - 1) {
      lines.push({ number, offset: at, text: text.slice(at, cr), ending: "crlf" });
      at = lf + 1;
    } else {
      lines.push({ number, offset: at, text: text.slice(at, lf), ending: "lf" });
      at = lf + 1;
    }
  }
  return lines;
}

/** Reads a telegram from its "/" to the end of its end line; never throws. */
export function parseTelegram(bytes: Uint8Array): TParsedTelegram {
  const text = latin1(bytes);
  const bang = text.indexOf("!");
  if (bang < 0) return { text, lines: splitLines(text, 0, text.length, 1), end: null, crc: null };
  const lines = splitLines(text, 0, bang, 1);
  const [end] = splitLines(text, bang, text.length, lines.length + 1);
  const received = end!.text.slice(1);
  const receivedValue = /^[0-9A-Fa-f]{1,4}$/.test(received) ? parseInt(received, 16) : null;
  return { text, lines, end: end!, crc: { received, receivedValue, computed: crc16(bytes, 0, bang + 1) } };
}

export type TDataLine = {
  /** OBIS code as written before the first bracket, or null when the line has no bracket. */
  obis: string | null;
  /** The texts between brackets. */
  values: string[];
  /** What makes the line unreadable, or null. */
  problem: string | null;
};

/** Splits a data line "OBIS(v1)(v2)" into its code and values; a broken line gets a problem. */
export function parseDataLine(text: string): TDataLine {
  const open = text.indexOf("(");
  if (open < 0) return { obis: null, values: [], problem: text.length === 0 ? "the line is empty" : "no value in brackets" };
  const obis = text.slice(0, open);
  const first = text.indexOf(")", open + 1);
  // One value, as most lines hold: an array of one, rather than one that push grows to 16 places.
  if (first === text.length - 1 && text.indexOf("(", open + 1) < 0) return { obis, values: [text.slice(open + 1, first)], problem: null };
  const values: string[] = [];
  let at = open;
  while (at < text.length) {
    if (text.charCodeAt(at) !== 40) return { obis, values, problem: `text after the last closing bracket: "${text.slice(at, at + 20)}"` };
    const close = text.indexOf(")", at + 1);
    const nested = text.indexOf("(", at + 1);
    if (close < 0) return { obis, values, problem: "a bracket is not closed: the line is cut" };
    if (nested >= 0 && nested < close) return { obis, values, problem: "a bracket opens inside a value: the line is cut" };
    values.push(text.slice(at + 1, close));
    at = close + 1;
  }
  return { obis, values, problem: null };
}
