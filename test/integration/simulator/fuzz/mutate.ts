import { concat } from "@/lib/dlms/bytes";
import { crc16x25 } from "@/lib/dlms/hdlc/crc";
import { HDLC_FLAG } from "@/lib/dlms/hdlc/frame";
import { encodeWrapperFrame, WRAPPER_HEADER_LENGTH } from "@/lib/dlms/wrapper/frame";
import type { Random } from "./random";

/**
 * Mutations of valid inputs, the kinds a broken or hostile peer sends: bit flips, truncations,
 * insertions, deletions, changed length fields, swapped tags, splices of two messages. Frame
 * mutations can keep the frame's own checks (HDLC HCS/FCS, wrapper length) right, so that the
 * damage reaches the parsers behind them instead of dying at the first check.
 */

/** APDU tags of every kind this stack knows (ACSE, xDLMS, glo-, ded-, general ciphering), and some it does not. */
const APDU_TAGS = [
  0x60, 0x61, 0x62, 0x63, 0x01, 0x08, 0x0e, 0x21, 0x28, 0x2e, 0x41, 0x48, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc,
  0xcd, 0xcf, 0xd0, 0xd1, 0xd3, 0xd4, 0xd7, 0xd8, 0xdb, 0xdc, 0x0f, 0x00, 0xff,
];
/** A-XDR data type tags, with some that are not. */
const DATA_TAGS = [0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 0x7f, 0xff];
/** BER / A-XDR length encodings: short, long, long-form with too many bytes, indefinite, absurd. */
const LENGTHS: readonly number[][] = [[0x00], [0x01], [0x02], [0x7f], [0x80], [0x81, 0x00], [0x81, 0xff], [0x82, 0x00, 0x00], [0x82, 0xff, 0xff], [0x83, 0x01, 0x00, 0x00], [0x84, 0xff, 0xff, 0xff, 0xff], [0x85, 1, 2, 3, 4, 5], [0xff]];
const WORDS = [0x0000, 0x0001, 0x7fff, 0x8000, 0xfffe, 0xffff];

function replace(input: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(input.length - remove + insert.length);
  out.set(input.subarray(0, at), 0);
  out.set(insert, at);
  out.set(input.subarray(at + remove), at + insert.length);
  return out;
}

type TOperator = (r: Random, input: Uint8Array, corpus: readonly Uint8Array[]) => Uint8Array;

const OPERATORS: readonly TOperator[] = [
  function flipBits(r, input) {
    const out = input.slice();
    for (let k = r.between(1, 4); k > 0 && out.length > 0; k--) out[r.int(out.length)]! ^= 1 << r.int(8);
    return out;
  },
  function randomByte(r, input) {
    const out = input.slice();
    if (out.length > 0) out[r.int(out.length)] = r.int(256);
    return out;
  },
  function truncate(r, input) {
    return input.slice(0, r.int(input.length));
  },
  function deleteRange(r, input) {
    if (input.length === 0) return input.slice();
    const at = r.int(input.length);
    return replace(input, at, r.between(1, Math.max(1, Math.min(32, input.length - at))), []);
  },
  function insertBytes(r, input) {
    return replace(input, r.int(input.length + 1), 0, r.bytes(r.chance(0.1) ? r.between(17, 300) : r.between(1, 16)));
  },
  function duplicateRange(r, input) {
    const at = r.int(input.length);
    const n = r.between(1, Math.max(1, Math.min(32, input.length - at)));
    return replace(input, at, 0, input.subarray(at, at + n));
  },
  function changeLength(r, input) {
    const at = r.int(input.length);
    if (r.chance(0.4) && at < input.length) {
      const out = input.slice();
      out[at] = (out[at]! + (r.chance(0.5) ? 1 : 255)) & 0xff;
      return out;
    }
    return replace(input, at, at < input.length ? 1 : 0, r.pick(LENGTHS));
  },
  function swapTag(r, input) {
    const out = input.slice();
    if (out.length === 0) return Uint8Array.of(r.pick(APDU_TAGS));
    const where = r.int(3);
    if (where === 0) out[0] = r.pick(APDU_TAGS);
    else if (where === 1 && out.length > 1) out[1] = r.int(6);
    else out[r.int(out.length)] = r.pick(DATA_TAGS);
    return out;
  },
  function interestingWord(r, input) {
    if (input.length < 2) return input.slice();
    const out = input.slice();
    const at = r.int(input.length - 1);
    const w = r.pick(WORDS);
    out[at] = w >> 8;
    out[at + 1] = w & 0xff;
    return out;
  },
  function splice(r, input, corpus) {
    const other = r.pick(corpus);
    return concat(input.subarray(0, r.int(input.length + 1)), other.subarray(r.int(other.length + 1)));
  },
];

/** One to three stacked mutations of a corpus item. */
export function mutateBytes(r: Random, input: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
  let out = input;
  for (let k = r.between(1, 3); k > 0; k--) out = r.pick(OPERATORS)(r, out, corpus);
  return out;
}

/** Random bytes, or random bytes that start like a message of the kind expected. */
export function randomBytes(r: Random, max: number, prefixes: readonly Uint8Array[]): Uint8Array {
  const noise = r.bytes(r.length(max));
  return r.chance(0.3) && prefixes.length > 0 ? concat(r.pick(prefixes).subarray(0, r.between(1, 4)), noise) : noise;
}

/**
 * An HDLC frame (flags included) with its HCS and FCS recomputed for the bytes it now holds, and
 * its length field set to its size: a damaged frame that passes the checks. Bytes that no longer
 * look like a frame are returned unchanged.
 */
export function withHdlcChecks(frame: Uint8Array): Uint8Array {
  const n = frame.length;
  if (n < 9 || frame[0] !== HDLC_FLAG || n - 2 > 0x7ff) return frame;
  const out = frame.slice();
  const length = n - 2;
  out[1] = (out[1]! & 0xf8) | (length >> 8);
  out[2] = length & 0xff;
  out[n - 1] = HDLC_FLAG;
  let pos = 3;
  for (let field = 0; field < 2; field++) {
    const start = pos;
    while (pos < n - 3 && pos - start < 4 && (out[pos]! & 1) === 0) pos++;
    pos++;
  }
  const headerEnd = pos + 1;
  if (headerEnd + 2 <= n - 3) {
    const hcs = crc16x25(out, 1, headerEnd);
    out[headerEnd] = hcs & 0xff;
    out[headerEnd + 1] = hcs >> 8;
  }
  const fcs = crc16x25(out, 1, n - 3);
  out[n - 3] = fcs & 0xff;
  out[n - 2] = fcs >> 8;
  return out;
}

/** A mutated HDLC frame: raw damage (checks broken), or damage with the checks made right again. */
export function mutateHdlcFrame(r: Random, frame: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
  if (r.chance(0.4)) return mutateBytes(r, frame, corpus);
  // Damage only between the flags, or the result is rarely a frame at all.
  const body = mutateBytes(r, frame.subarray(1, frame.length - 1), corpus.map((f) => f.subarray(1, f.length - 1)));
  return withHdlcChecks(concat(Uint8Array.of(HDLC_FLAG), body, Uint8Array.of(HDLC_FLAG)));
}

/** A mutated wrapper frame: its header fields changed, its APDU damaged with the length kept right, or raw damage. */
export function mutateWrapperFrame(r: Random, frame: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
  const choice = r.int(3);
  if (choice === 0 || frame.length < WRAPPER_HEADER_LENGTH) return mutateBytes(r, frame, corpus);
  const header = frame.subarray(0, WRAPPER_HEADER_LENGTH);
  const apdu = frame.subarray(WRAPPER_HEADER_LENGTH);
  if (choice === 1) {
    const out = frame.slice();
    const field = r.int(4) * 2;
    const w = r.chance(0.5) ? r.pick(WORDS) : (((header[field]! << 8) | header[field + 1]!) + r.between(-3, 3)) & 0xffff;
    out[field] = w >> 8;
    out[field + 1] = w & 0xff;
    return out;
  }
  const damaged = mutateBytes(r, apdu, corpus.map((f) => f.subarray(WRAPPER_HEADER_LENGTH)));
  const source = (header[2]! << 8) | header[3]!;
  const destination = (header[4]! << 8) | header[5]!;
  return damaged.length > 0xffff ? damaged.subarray(0, 0xffff) : encodeWrapperFrame({ source, destination, apdu: damaged });
}

/** A stream of frames damaged as a whole: frames dropped, repeated, reordered, mutated, noise between them. */
export function mutateStream(r: Random, frames: readonly Uint8Array[], mutateFrame: (frame: Uint8Array) => Uint8Array): Uint8Array[] {
  const out = [...frames];
  for (let k = r.between(1, 4); k > 0; k--) {
    const at = r.int(out.length);
    switch (r.int(6)) {
      case 0:
        out.splice(at, 1);
        break;
      case 1:
        if (out[at]) out.splice(at, 0, out[at]!);
        break;
      case 2:
        if (at + 1 < out.length) [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
        break;
      case 3:
        out.splice(at, 0, r.bytes(r.length(64)));
        break;
      default:
        if (out[at]) out[at] = mutateFrame(out[at]!);
    }
  }
  return out;
}

/** Bytes cut at random places, as TCP may deliver them. */
export function chunks(r: Random, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = r.chance(0.3) ? r.between(1, 3) : r.between(1, 200);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}
