/**
 * The IEC 62056-21 mode E opening, used by optical heads to reach HDLC, as a pure exchange over
 * bytes (the serial adapter in serial.ts drives it):
 *   1. at 300 baud, 7 data bits, even parity, 1 stop bit, the client sends the sign-on "/?!" CR LF
 *      (optionally "/?" device address "!" CR LF);
 *   2. the meter answers its identification "/" XXX Z [\W...] identification CR LF: a 3-letter
 *      manufacturer code, the baud rate character Z ('0' 300, '1' 600, '2' 1200, '3' 2400,
 *      '4' 4800, '5' 9600, '6' 19200), enhanced-capability escapes, "\2" announcing mode E (HDLC).
 *      Not every meter sends the escape (GuruxDLMS.c 9.0.2608's example meter does not, and still
 *      switches), so its absence is recorded, not refused;
 *   3. after the reaction time (at least 200 ms), the client acknowledges with ACK '2' Z '2' CR LF
 *      (protocol control '2' binary mode, the announced Z, mode control '2' HDLC); the ACK layout
 *      and the rates (300 << Z) checked against GuruxDLMS.c 9.0.2608 server.c, which answers it;
 *   4. both switch to Z baud, 8 data bits, no parity, and HDLC begins with the client's SNRM. (The
 *      Gurux meter first echoes the acknowledgement at 300 baud; read at the new rate it is noise
 *      that the HDLC scanner skips.)
 */

export const SIGN_ON_BAUD_RATE = 300;
/** IEC 62056-21: the reaction time between receiving a message and answering is 200 ms to 1500 ms. */
export const REACTION_TIME_MS = 200;
/** A longer line than this without CR LF is not an identification. */
const MAX_LINE = 128;

const BAUD_RATES: Readonly<Record<string, number>> = { "0": 300, "1": 600, "2": 1200, "3": 2400, "4": 4800, "5": 9600, "6": 19200 };

export interface TIdentification {
  manufacturer: string;
  baudCharacter: string;
  baudRate: number;
  /** The "\2" escape: the meter can switch to HDLC (mode E). */
  modeE: boolean;
  identification: string;
}

export function signOnMessage(deviceAddress = ""): Uint8Array {
  if (!/^[0-9A-Za-z ]{0,32}$/.test(deviceAddress)) throw new RangeError(`"${deviceAddress}" is not an IEC 62056-21 device address`);
  return ascii(`/?${deviceAddress}!\r\n`);
}

export function acknowledgementMessage(baudCharacter: string): Uint8Array {
  return Uint8Array.of(0x06, ...ascii(`2${baudCharacter}2\r\n`));
}

/** Reads an identification line (without CR LF); undefined when the line is not one (e.g. an echoed sign-on). */
export function parseIdentification(line: string): TIdentification | undefined {
  const m = /^\/([A-Za-z]{3})([0-9A-Z])((?:\\[0-9A-Za-z])*)([\x20-\x7e]*)$/.exec(line);
  if (!m) return undefined;
  const baudCharacter = m[2]!;
  return {
    manufacturer: m[1]!,
    baudCharacter,
    baudRate: BAUD_RATES[baudCharacter] ?? 0,
    modeE: /\\2/.test(m[3]!),
    identification: m[4]!,
  };
}

export type TModeEStep =
  | { type: "send"; bytes: Uint8Array }
  | { type: "wait" }
  /** Wait `delayMs`, send `acknowledgement` at 300 baud, then reopen the port at `baudRate` 8N1. */
  | { type: "switch"; delayMs: number; acknowledgement: Uint8Array; baudRate: number; identification: TIdentification }
  | { type: "failed"; message: string };

/** The client's side of the mode E opening: start(), then receive() every chunk until a switch or failure. */
export class ModeEOpening {
  private line = "";
  private done = false;

  constructor(private readonly deviceAddress = "") {}

  start(): TModeEStep {
    return { type: "send", bytes: signOnMessage(this.deviceAddress) };
  }

  receive(bytes: Uint8Array): TModeEStep {
    if (this.done) return { type: "wait" };
    for (const byte of bytes) {
      // At 300 baud 7E1 the UART strips parity; a port left at 8 data bits would show it in bit 7.
      const ch = byte & 0x7f;
      if (ch === 0x0a) {
        const line = this.line.endsWith("\r") ? this.line.slice(0, -1) : this.line;
        this.line = "";
        const step = this.onLine(line);
        if (step !== undefined) return step;
        continue;
      }
      this.line += String.fromCharCode(ch);
      if (this.line.length > MAX_LINE) return this.fail(`no identification from the meter: ${MAX_LINE} characters without CR LF`);
    }
    return { type: "wait" };
  }

  private onLine(raw: string): TModeEStep | undefined {
    const start = raw.indexOf("/");
    if (start < 0) return undefined;
    const line = raw.slice(start);
    const id = parseIdentification(line);
    if (id === undefined) return undefined;
    if (id.baudRate === 0) return this.fail(`the meter's identification "${line}" has baud rate character '${id.baudCharacter}', not one of mode E's 0..6`);
    this.done = true;
    return { type: "switch", delayMs: REACTION_TIME_MS, acknowledgement: acknowledgementMessage(id.baudCharacter), baudRate: id.baudRate, identification: id };
  }

  private fail(message: string): TModeEStep {
    this.done = true;
    return { type: "failed", message };
  }
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
