/**
 * The HDLC frame check sequence (IEC 62056-46, taken from ISO/IEC 13239): CRC-16/X.25,
 * polynomial x^16 + x^12 + x^5 + 1 processed LSB first (0x1021 reflected = 0x8408), initial value
 * 0xFFFF, ones' complement of the remainder, transmitted low byte first. Both the HCS and the FCS
 * use it. Check value for ASCII "123456789": 0x906E (wire bytes 6E 90, as Gurux.DLMS.Python 1.0.197
 * also gives).
 */

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-16/X.25 over bytes[start, end): the value whose low byte goes on the wire first. */
export function crc16x25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc & 0xffff;
}

/** Reads a check sequence as sent (low byte first) at `at`. */
export function readCheck(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}
