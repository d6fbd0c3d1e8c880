/**
 * The HDLC control field, modulo 8 (IEC 62056-46, from ISO/IEC 13239). Bit 0 is the least
 * significant bit; P/F is bit 4 (0x10) in every format.
 *   I frame:  N(R) in bits 7..5, P/F, N(S) in bits 3..1, bit 0 = 0.
 *   S frame:  N(R) in bits 7..5, P/F, type in bits 3..2 (00 RR, 01 RNR), bits 1..0 = 01.
 *   U frame:  bits 1..0 = 11; with P/F cleared SNRM 0x83, DISC 0x43, UA 0x63, DM 0x0F, FRMR 0x87,
 *             UI 0x03 (values as in Gurux.DLMS.Python 1.0.197 Command: SNRM 0x93 with P, UA 0x73...).
 * REJ, SREJ and other U frames are not used by IEC 62056-46; they decode as "other".
 */

export const POLL_FINAL = 0x10;

export const U_FRAMES = { SNRM: 0x83, DISC: 0x43, UA: 0x63, DM: 0x0f, FRMR: 0x87, UI: 0x03 } as const;
export type THdlcUKind = keyof typeof U_FRAMES;

export type THdlcControl =
  | { kind: "I"; ns: number; nr: number; pf: boolean }
  | { kind: "RR" | "RNR"; nr: number; pf: boolean }
  | { kind: THdlcUKind; pf: boolean }
  /** A control field IEC 62056-46 does not use (REJ, SREJ, other U frames): answered with FRMR. */
  | { kind: "other"; value: number };

const U_BY_VALUE = new Map<number, THdlcUKind>(
  (Object.entries(U_FRAMES) as [THdlcUKind, number][]).map(([kind, value]) => [value, kind]),
);

function sequence(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 7) throw new RangeError(`${what} ${n} is outside 0..7`);
  return n;
}

export function encodeControl(control: THdlcControl): number {
  switch (control.kind) {
    case "I":
      return (sequence(control.nr, "N(R)") << 5) | (control.pf ? POLL_FINAL : 0) | (sequence(control.ns, "N(S)") << 1);
    case "RR":
    case "RNR":
      return (sequence(control.nr, "N(R)") << 5) | (control.pf ? POLL_FINAL : 0) | (control.kind === "RR" ? 0x01 : 0x05);
    case "other":
      return control.value & 0xff;
    default:
      return U_FRAMES[control.kind] | (control.pf ? POLL_FINAL : 0);
  }
}

/** Every byte is some control field: the ones IEC 62056-46 does not use come back as "other". */
export function decodeControl(value: number): THdlcControl {
  const pf = (value & POLL_FINAL) !== 0;
  if ((value & 0x01) === 0) return { kind: "I", ns: (value >> 1) & 7, nr: value >> 5, pf };
  if ((value & 0x03) === 0x01) {
    const type = (value >> 2) & 3;
    if (type === 0) return { kind: "RR", nr: value >> 5, pf };
    if (type === 1) return { kind: "RNR", nr: value >> 5, pf };
    return { kind: "other", value };
  }
  const kind = U_BY_VALUE.get(value & ~POLL_FINAL & 0xff);
  return kind === undefined ? { kind: "other", value } : { kind, pf };
}

/** "I(N(S)=1, N(R)=2, P/F)", for messages and traffic logs. */
export function describeControl(control: THdlcControl): string {
  switch (control.kind) {
    case "I":
      return `I(N(S)=${control.ns}, N(R)=${control.nr}${control.pf ? ", P/F" : ""})`;
    case "RR":
    case "RNR":
      return `${control.kind}(N(R)=${control.nr}${control.pf ? ", P/F" : ""})`;
    case "other":
      return `unknown control 0x${control.value.toString(16).padStart(2, "0")}`;
    default:
      return `${control.kind}${control.pf ? "(P/F)" : ""}`;
  }
}
