import { CRC_TABLE, crc16, formatCrc } from "./crc";
import type { TTelegramLine } from "./telegram";

/**
 * The likely cause of a CRC that does not verify. Exact explanations first (the CRC verifies once
 * the cause is undone): swapped bytes, another range, line ends without or missing a CR; then
 * what the text shows (a cut line); last a single changed character, found by undoing the CRC:
 * with initial value 0 and no final XOR the CRC is linear, so the difference between computed and
 * received CRC is the CRC of the error pattern, and a one-byte pattern can be located in one pass.
 */

/** The top byte of each table entry is distinct, which makes a zero-byte CRC step invertible. */
const BY_TOP = (() => {
  const m = new Int16Array(256).fill(-1);
  for (let x = 0; x < 256; x++) m[CRC_TABLE[x]! >>> 8] = x;
  return m;
})();
const BY_VALUE = new Map<number, number>(Array.from(CRC_TABLE, (v, x) => [v, x]));

function crcSkipping(bytes: Uint8Array, end: number, skip: number): number {
  let c = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b !== skip) c = (c >>> 8) ^ CRC_TABLE[(c ^ b) & 0xff]!;
  }
  return c;
}

function crcWithCrBeforeBareLf(bytes: Uint8Array, end: number): number {
  let c = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 10 && bytes[i - 1] !== 13) c = (c >>> 8) ^ CRC_TABLE[(c ^ 13) & 0xff]!;
    c = (c >>> 8) ^ CRC_TABLE[(c ^ b) & 0xff]!;
  }
  return c;
}

const charClass = (b: number) => (b >= 48 && b <= 57 ? "digit" : b >= 65 && b <= 90 ? "upper" : b >= 97 && b <= 122 ? "lower" : "other");
const show = (b: number) => (b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `0x${b.toString(16).toUpperCase().padStart(2, "0")}`);

/** Positions where changing one byte makes the text's CRC equal `received`, with the byte that does it. */
export function singleByteFixes(bytes: Uint8Array, length: number, received: number): { at: number; byte: number }[] {
  const fixes: { at: number; byte: number }[] = [];
  let s = crc16(bytes, 0, length) ^ received;
  if (s === 0) return fixes;
  for (let k = 0; k < length; k++) {
    const at = length - 1 - k;
    const e = BY_VALUE.get(s);
    if (e !== undefined) fixes.push({ at, byte: bytes[at]! ^ e });
    const x = BY_TOP[s >>> 8]!;
    s = (((s ^ CRC_TABLE[x]!) << 8) | x) & 0xffff;
  }
  return fixes;
}

function lineOf(lines: TTelegramLine[], at: number): { line: number; column: number } {
  let found = lines[0]!;
  for (const l of lines) if (l.offset <= at) found = l;
  return { line: found.number, column: at - found.offset + 1 };
}

/**
 * Why the CRC of bytes[0..bang] is not `received`, or null when no single cause explains it.
 * `lines` are the telegram's lines (their offsets locate a changed character); `cutLine` names a
 * line already seen to be cut.
 */
export function crcCause(bytes: Uint8Array, bang: number, received: number, lines: TTelegramLine[], cutLine: string | null): string | null {
  const end = bang + 1;
  const computed = crc16(bytes, 0, end);
  if (((computed >>> 8) | ((computed & 0xff) << 8)) === received) return `the CRC is written with its two bytes swapped (${formatCrc(received)} for ${formatCrc(computed)})`;
  if (crc16(bytes, 0, bang) === received) return "the meter leaves the '!' out of the CRC";
  if (crc16(bytes, 1, end) === received) return "the meter leaves the '/' out of the CRC";
  const bareLf = lines.find((l) => l.ending === "lf");
  if (bareLf && crcWithCrBeforeBareLf(bytes, end) === received) return `a missing CR: line ${bareLf.number} ends with LF only, and with a CR before each bare LF the CRC verifies`;
  if (!bareLf && crcSkipping(bytes, end, 13) === received) return "the meter computes the CRC over LF line ends, without the CRs it sends";
  if (cutLine) return `a cut telegram: ${cutLine}`;
  const printable = singleByteFixes(bytes, end, received).filter(({ at, byte }) => at < bang && byte >= 0x20 && byte < 0x7f);
  const bitFlips = printable.filter(({ at, byte }) => [1, 2, 4, 8, 16, 32, 64, 128].includes(byte ^ bytes[at]!));
  // A digit for a digit, a letter for a letter: other changes of a CRC-16 match by chance too often.
  const fixes = printable.filter(({ at, byte }) => charClass(byte) !== "other" && charClass(byte) === charClass(bytes[at]!));
  const place = ({ at, byte }: { at: number; byte: number }) => {
    const { line, column } = lineOf(lines, at);
    return `line ${line}, column ${column} reads ${show(bytes[at]!)}, and with ${show(byte)} there the CRC verifies`;
  };
  if (bitFlips.length === 1) return `a changed character, one bit flipped: ${place(bitFlips[0]!)} (a transmission error)`;
  if (fixes.length === 1) return `a changed character: ${place(fixes[0]!)} (a transmission error, or the meter changed the text after computing the CRC)`;
  if (fixes.length > 1 && fixes.length <= 3) return `a changed character, at one of ${fixes.length} places where one character makes the CRC verify: ${fixes.map(place).join("; or ")}`;
  return null;
}
