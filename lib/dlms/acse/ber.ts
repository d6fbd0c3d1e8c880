import { ByteReader, ByteWriter } from "../bytes";
import { DecodeFailure } from "../result";

/**
 * The few BER rules the ACSE APDUs need (X.690): single-byte tags except [APPLICATION 31] of the
 * conformance block, definite lengths in short or long form. Lengths are checked against what is
 * left before anything is read.
 */
export interface TBerElement {
  tag: number;
  /** The element's content, a view into the input. */
  content: Uint8Array;
}

export function readBerLength(r: ByteReader, what: string): number {
  const first = r.u8(`${what} length`);
  if (first < 0x80) return first;
  const n = first & 0x7f;
  if (n === 0 || n > 3) throw new DecodeFailure("invalid", `${what}: BER length of ${n} bytes`, r.offset - 1);
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + r.u8(`${what} length`);
  return v;
}

export function readBerElement(r: ByteReader, what: string): TBerElement {
  const tag = r.u8(`${what} tag`);
  const length = readBerLength(r, what);
  return { tag, content: r.take(length, what) };
}

/** The elements of a constructed element's content, in order. */
export function readBerChildren(content: Uint8Array, what: string): TBerElement[] {
  const r = new ByteReader(content);
  const out: TBerElement[] = [];
  while (!r.done) out.push(readBerElement(r, what));
  return out;
}

export function writeBerLength(w: ByteWriter, n: number): void {
  if (n < 0x80) w.u8(n);
  else if (n < 0x100) w.u8(0x81).u8(n);
  else w.u8(0x82).u16(n);
}

export function berElement(tag: number, content: Uint8Array): Uint8Array {
  const w = new ByteWriter(content.length + 4);
  w.u8(tag);
  writeBerLength(w, content.length);
  w.bytes(content);
  return w.finish();
}
