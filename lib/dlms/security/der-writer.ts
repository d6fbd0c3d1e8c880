import { concat } from "../bytes";

/**
 * The few DER encodings (X.690) an X.509 certificate needs. Each function returns one whole
 * element: tag, definite length in the shortest form, content.
 */
function element(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let length: Uint8Array;
  if (n < 0x80) length = Uint8Array.of(n);
  else {
    const digits: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) digits.unshift(v % 256);
    length = Uint8Array.of(0x80 | digits.length, ...digits);
  }
  return concat(Uint8Array.of(tag), length, content);
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => element(0x30, concat(...items));
export const derSet = (...items: Uint8Array[]): Uint8Array => element(0x31, concat(...items));
export const derBoolean = (value: boolean): Uint8Array => element(0x01, Uint8Array.of(value ? 0xff : 0));
export const derOctetString = (bytes: Uint8Array): Uint8Array => element(0x04, bytes);
export const derUtf8String = (text: string): Uint8Array => element(0x0c, new TextEncoder().encode(text));

/** [n] EXPLICIT: a constructed context-specific element around one element. */
export const derExplicit = (n: number, inner: Uint8Array): Uint8Array => element(0xa0 | n, inner);

/** BIT STRING: the count of unused bits in the last byte, then the bytes. */
export function derBitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`${unusedBits} unused bits are not possible here`);
  }
  return element(0x03, concat(Uint8Array.of(unusedBits), bytes));
}

/** INTEGER in two's complement, shortest form. */
export function derInteger(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    bytes.unshift(Number(BigInt.asUintN(8, v)));
    v >>= 8n;
    const top = bytes[0]! & 0x80;
    if ((v === 0n && top === 0) || (v === -1n && top !== 0)) break;
  }
  return element(0x02, Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from its dotted form; each arc after the first two is base-128. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`not an object identifier: ${dotted}`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! > 39n)) throw new RangeError(`not an object identifier: ${dotted}`);
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const groups = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...groups);
  }
  return element(0x06, Uint8Array.from(out));
}

const two = (n: number): string => String(n).padStart(2, "0");

/**
 * Time as RFC 5280 4.1.2.5 wants it in a certificate: UTCTime YYMMDDHHMMSSZ for the years 1950 to
 * 2049, GeneralizedTime YYYYMMDDHHMMSSZ otherwise; seconds always present, no fractions.
 */
export function derTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  if (Number.isNaN(y) || y < 0 || y > 9999) throw new RangeError("the date cannot be written in a certificate");
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  const ascii = (s: string) => new TextEncoder().encode(s);
  if (y >= 1950 && y <= 2049) return element(0x17, ascii(`${two(y % 100)}${rest}`));
  return element(0x18, ascii(`${String(y).padStart(4, "0")}${rest}`));
}
