import { DecodeFailure } from "../result";
import type { ByteReader } from "../bytes";

/**
 * HDLC address fields (IEC 62056-46). Every address byte carries 7 bits of the address in its upper
 * bits; its least significant bit is the extension bit, 1 on the last byte. A client address is one
 * byte (the client SAP). A server address is the upper HDLC address (logical device) alone in one
 * byte, or upper and lower (physical device) address in 2 bytes (7 bits each) or 4 bytes (14 bits
 * each, high 7 bits first); 3-byte server addresses do not exist. Layout checked against
 * Gurux.DLMS.Python 1.0.197 (GXDLMS.getAddressBytes, _GXCommon.getHDLCAddress).
 */

export type THdlcAddressSize = 1 | 2 | 4;

export interface THdlcAddress {
  upper: number;
  /** Present in 2- and 4-byte addresses only. */
  lower?: number;
  size: THdlcAddressSize;
}

/** The client address of a client SAP (0..127). */
export function clientAddress(sap: number): THdlcAddress {
  if (!Number.isInteger(sap) || sap < 0 || sap > 0x7f) throw new RangeError(`client SAP ${sap} is outside 0..127`);
  return { upper: sap, size: 1 };
}

/**
 * A server address in the smallest size that holds it, or in `size` when given. Throws RangeError
 * for values no size can hold (a configuration mistake, not wire input).
 */
export function serverAddress(upper: number, lower?: number, size?: THdlcAddressSize): THdlcAddress {
  const chosen = size ?? smallestSize(upper, lower);
  const max = chosen === 4 ? 0x3fff : 0x7f;
  if (!Number.isInteger(upper) || upper < 0 || upper > max) {
    throw new RangeError(`upper HDLC address ${upper} does not fit a ${chosen}-byte address (0..${max})`);
  }
  if (chosen === 1) {
    if (lower !== undefined) throw new RangeError("a 1-byte server address has no lower (physical) address");
    return { upper, size: 1 };
  }
  if (lower === undefined) throw new RangeError(`a ${chosen}-byte server address needs a lower (physical) address`);
  if (!Number.isInteger(lower) || lower < 0 || lower > max) {
    throw new RangeError(`lower HDLC address ${lower} does not fit a ${chosen}-byte address (0..${max})`);
  }
  return { upper, lower, size: chosen };
}

function smallestSize(upper: number, lower: number | undefined): THdlcAddressSize {
  if (lower === undefined) return upper <= 0x7f ? 1 : 4;
  return upper <= 0x7f && lower <= 0x7f ? 2 : 4;
}

/** The address field bytes, extension bit set on the last. */
export function encodeAddress(address: THdlcAddress): Uint8Array {
  const { upper, lower, size } = serverAddress(address.upper, address.lower, address.size);
  if (size === 1) return Uint8Array.of((upper << 1) | 1);
  if (size === 2) return Uint8Array.of(upper << 1, (lower! << 1) | 1);
  return Uint8Array.of((upper >> 7) << 1, (upper & 0x7f) << 1, (lower! >> 7) << 1, ((lower! & 0x7f) << 1) | 1);
}

/** Reads one address field: bytes up to the one with the extension bit; 1, 2 or 4 of them. */
export function readAddress(reader: ByteReader, what: string): THdlcAddress {
  const start = reader.offset;
  const bytes: number[] = [];
  for (;;) {
    const b = reader.u8(what);
    bytes.push(b);
    if (b & 1) break;
    if (bytes.length === 4) throw new DecodeFailure("invalid", `${what}: longer than 4 bytes`, start);
  }
  const v = bytes.map((b) => b >> 1);
  if (v.length === 1) return { upper: v[0]!, size: 1 };
  if (v.length === 2) return { upper: v[0]!, lower: v[1]!, size: 2 };
  if (v.length === 4) return { upper: (v[0]! << 7) | v[1]!, lower: (v[2]! << 7) | v[3]!, size: 4 };
  throw new DecodeFailure("invalid", `${what}: 3-byte HDLC addresses do not exist`, start);
}

/**
 * Whether two address fields name the same station: the same upper and lower address, whatever
 * the size they were written in (1/17 reads the same in a 2- and a 4-byte field).
 */
export function sameStation(a: THdlcAddress, b: THdlcAddress): boolean {
  return a.upper === b.upper && a.lower === b.lower;
}

/** "1", "1/17": how addresses read in messages. */
export function formatAddress(address: THdlcAddress): string {
  return address.lower === undefined ? `${address.upper}` : `${address.upper}/${address.lower}`;
}
