/**
 * CRC-16/ARC, the "IBM CRC16" of the P1 telegram: polynomial 0x8005 processed bit-reflected
 * (0xA001), initial value 0, no final XOR; check value 0xBB3D for "123456789". It covers the
 * telegram from "/" through "!" inclusive and is written as 4 upper-case hexadecimal digits.
 */
export const CRC_TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * Slicing by 4: SLICES[k][n] is the CRC step of byte n followed by k zero bytes, so that four
 * bytes take four independent look-ups instead of four dependent ones (every telegram's CRC is
 * computed, and most of its time went to that chain).
 */
const SLICES: readonly Uint16Array[] = (() => {
  const slices = [CRC_TABLE];
  for (let k = 1; k < 4; k++) {
    const previous = slices[k - 1]!;
    slices.push(Uint16Array.from(previous, (c) => (c >>> 8) ^ CRC_TABLE[c & 0xff]!));
  }
  return slices;
})();

/** The CRC of bytes[start, end), continuing from `crc` (a 16-bit CRC; 0 for a new computation). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const [t0, t1, t2, t3] = SLICES as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  let c = crc;
  let i = start;
  for (; i + 4 <= end; i += 4) c = t3[(c ^ bytes[i]!) & 0xff]! ^ t2[((c >>> 8) ^ bytes[i + 1]!) & 0xff]! ^ t1[bytes[i + 2]!]! ^ t0[bytes[i + 3]!]!;
  for (; i < end; i++) c = (c >>> 8) ^ t0[(c ^ bytes[i]!) & 0xff]!;
  return c;
}

/** The CRC as the telegram writes it: 4 upper-case hexadecimal digits, most significant first. */
export const formatCrc = (crc: number): string => crc.toString(16).toUpperCase().padStart(4, "0");

/** The CRC of a text whose characters are bytes (code points below 256). */
export function crc16Text(text: string): number {
  const table = CRC_TABLE;
  let c = 0;
  for (let i = 0; i < text.length; i++) c = (c >>> 8) ^ table[(c ^ text.charCodeAt(i)) & 0xff]!;
  return c;
}
