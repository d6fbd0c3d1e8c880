import { DecodeFailure } from "./result";

/** Reads big-endian fields from a byte array; every read past the end is a DecodeFailure. */
export class ByteReader {
  private pos: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw new DecodeFailure("truncated", `${what}: needs ${n} byte${n === 1 ? "" : "s"}, ${this.end - this.pos} left`, this.pos);
    }
  }

  u8(what = "byte"): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  peek(what = "byte"): number {
    this.need(1, what);
    return this.bytes[this.pos]!;
  }

  u16(what = "16-bit value"): number {
    this.need(2, what);
    const b = this.bytes;
    const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  i16(what = "16-bit value"): number {
    const v = this.u16(what);
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(what = "32-bit value"): number {
    this.need(4, what);
    const b = this.bytes;
    const v = b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return v;
  }

  i32(what = "32-bit value"): number {
    const v = this.u32(what);
    return v >= 0x80000000 ? v - 0x100000000 : v;
  }

  u64(what = "64-bit value"): bigint {
    const hi = this.u32(what);
    const lo = this.u32(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  i64(what = "64-bit value"): bigint {
    return BigInt.asIntN(64, this.u64(what));
  }

  /** A view (no copy) of the next n bytes. */
  take(n: number, what = "bytes"): Uint8Array {
    if (n < 0) throw new DecodeFailure("invalid", `${what}: negative length`, this.pos);
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  rest(): Uint8Array {
    return this.take(this.end - this.pos);
  }

  /**
   * A-XDR length (IEC 61334-6): one byte below 0x80, otherwise 0x8N followed by N bytes.
   * Lengths beyond what is left are refused by the caller's take(); beyond 2^31 here.
   */
  length(what = "length"): number {
    const first = this.u8(what);
    if (first < 0x80) return first;
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DecodeFailure("invalid", `${what}: length of ${n} bytes is not supported`, this.pos - 1);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.u8(what);
    if (v > 0x7fffffff) throw new DecodeFailure("too-large", `${what}: ${v} is too large`, this.pos - n - 1);
    return v;
  }
}

/** Builds a byte array from big-endian fields; grows as needed. */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  get size(): number {
    return this.pos;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.buf[this.pos++] = (v >>> 24) & 0xff;
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    return this.u32(Number(u >> 32n)).u32(Number(u & 0xffffffffn));
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** A-XDR length: see ByteReader.length. */
  length(n: number): this {
    if (n < 0x80) return this.u8(n);
    if (n < 0x100) return this.u8(0x81).u8(n);
    if (n < 0x10000) return this.u8(0x82).u16(n);
    if (n < 0x1000000) return this.u8(0x83).u8(n >>> 16).u16(n & 0xffff);
    return this.u8(0x84).u32(n);
  }

  /** Overwrites a byte already written, e.g. a length known only afterwards. */
  setU8(at: number, v: number): this {
    this.buf[at] = v & 0xff;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Parses hex digits, ignoring spaces; throws on odd length or other characters (for fixtures and typed input). */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not a hex string: ${text.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
