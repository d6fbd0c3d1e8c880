import type { TCapture } from "./capture";
import { parseFrameHeader, FRAME_TAG, SYSTEM_TITLE_LENGTH } from "./frame";

/**
 * Cuts a capture into the telegrams and encrypted frames it holds, and the bytes between them.
 * A capture may start or end inside a telegram or frame; a telegram or frame may also be cut
 * short by the next one. Frames are followed by their length field, so that bytes of a
 * ciphertext are never taken for the start of something else.
 */
export type TUnitCut = "none" | "capture-start" | "capture-end" | "interrupted";

export type TUnit = {
  kind: "telegram" | "frame" | "noise";
  start: number;
  end: number;
  cut: TUnitCut;
  /** Frames: where the length field says the frame ends (may differ from `end`). */
  declaredEnd: number | null;
  /** Receive time of the first and last byte, when the capture has times. */
  startAt: number | null;
  endAt: number | null;
};

/**
 * The frame's first two bytes, read once: where modules run as CommonJS (tsx: the CLI, the
 * benches), every use of an imported constant is a getter call, and the loops below test each
 * byte of the capture against them.
 */
const TAG = FRAME_TAG;
const TITLE_LENGTH = SYSTEM_TITLE_LENGTH;

const isLetter = (b: number) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);

/** "/" followed by three letters and "5": the start of a telegram header. */
const headerAt = (bytes: Uint8Array, i: number) =>
  bytes[i] === 0x2f && i + 4 < bytes.length && isLetter(bytes[i + 1]!) && isLetter(bytes[i + 2]!) && isLetter(bytes[i + 3]!) && bytes[i + 4] === 0x35;

const frameAt = (bytes: Uint8Array, i: number) => bytes[i] === TAG && bytes[i + 1] === TITLE_LENGTH;

const anchorAt = (bytes: Uint8Array, i: number) => headerAt(bytes, i) || frameAt(bytes, i);

function nextAnchor(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b === 0x2f || b === TAG) && anchorAt(bytes, i)) return i;
  }
  return -1;
}

/** End of a telegram starting at `start`: after the CR LF of its end line, or where the next unit starts. */
function telegramEnd(bytes: Uint8Array, start: number): { end: number; cut: TUnitCut } {
  for (let i = start + 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x21) {
      let j = i + 1;
      while (j < bytes.length && j - i <= 8 && bytes[j]! > 0x20 && bytes[j]! < 0x7f && bytes[j] !== 0x2f) j++;
      if (bytes[j] === 13) j++;
      if (bytes[j] === 10) j++;
      const cutShort = j >= bytes.length && bytes[j - 1] !== 10;
      return { end: j, cut: cutShort ? "capture-end" : "none" };
    }
    if ((b === 0x2f || b === TAG) && anchorAt(bytes, i)) return { end: i, cut: "interrupted" };
  }
  return { end: bytes.length, cut: "capture-end" };
}

function frameEnd(bytes: Uint8Array, start: number, boundaries: ReadonlySet<number>): { end: number; cut: TUnitCut; declaredEnd: number | null } {
  const declaredEnd = declaredEndAt(bytes, start);
  const nextStarts = (i: number) => i === bytes.length || anchorAt(bytes, i) || boundaries.has(i) || frameWithBadTagAt(bytes, i, boundaries);
  if (declaredEnd !== null && declaredEnd <= bytes.length && nextStarts(declaredEnd)) {
    return { end: declaredEnd, cut: "none", declaredEnd };
  }
  const next = nextAnchor(bytes, start + 2);
  if (next < 0) {
    const short = declaredEnd === null || declaredEnd > bytes.length;
    return { end: bytes.length, cut: short ? "capture-end" : "none", declaredEnd };
  }
  return { end: next, cut: declaredEnd !== null && declaredEnd <= next ? "none" : "interrupted", declaredEnd };
}

function timeAt(capture: TCapture, offset: number): number | null {
  const chunks = capture.chunks;
  if (chunks.length === 0) return null;
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return chunks[lo]!.at;
}

/** Where the length field of a frame-like header at `start` says it ends, or null. */
function declaredEndAt(bytes: Uint8Array, start: number): number | null {
  const { header } = parseFrameHeader(bytes.subarray(start, start + 32));
  return header.lengthStart !== null && header.lengthField?.value != null ? start + header.lengthStart + header.lengthField.value : null;
}

/**
 * A frame whose first byte is wrong: a system title length 08h in second place, and a length
 * field that ends the frame at the end of the capture, a chunk start or another such header.
 */
function frameWithBadTagAt(bytes: Uint8Array, start: number, boundaries: ReadonlySet<number>): boolean {
  if (bytes[start + 1] !== TITLE_LENGTH) return false;
  const end = declaredEndAt(bytes, start);
  return end !== null && end > start + 27 && (end === bytes.length || boundaries.has(end) || bytes[end + 1] === TITLE_LENGTH);
}

/** The units of a capture in order; every byte belongs to exactly one unit. Never throws. */
export function splitCapture(capture: TCapture): TUnit[] {
  const { bytes } = capture;
  const boundaries = new Set(capture.chunks.map((c) => c.offset));
  const units: TUnit[] = [];
  const push = (kind: TUnit["kind"], start: number, end: number, cut: TUnitCut, declaredEnd: number | null = null) =>
    units.push({ kind, start, end, cut, declaredEnd, startAt: timeAt(capture, start), endAt: timeAt(capture, end - 1) });
  let pos = 0;
  while (pos < bytes.length) {
    // pos is always where the capture or the last unit ends: there even a broken header starts a
    // unit, so that it is judged; inside noise only a well-formed header or 0xDB 0x08 does.
    const b = bytes[pos]!;
    if (b === 0x2f) {
      const t = telegramEnd(bytes, pos);
      push("telegram", pos, t.end, t.cut);
      pos = t.end;
    } else if (frameAt(bytes, pos) || frameWithBadTagAt(bytes, pos, boundaries) || (b === TAG && boundaries.has(pos))) {
      const f = frameEnd(bytes, pos, boundaries);
      push("frame", pos, f.end, f.cut, f.declaredEnd);
      pos = f.end;
    } else {
      const next = nextAnchor(bytes, pos + 1);
      const end = next < 0 ? bytes.length : next;
      push("noise", pos, end, units.length === 0 ? "capture-start" : "none");
      pos = end;
    }
  }
  return units;
}
