import { ByteWriter } from "../bytes";
import type { TDecodeError } from "../result";

/**
 * The TCP-UDP/IP wrapper (IEC 62056-47): an 8-byte header, all fields 2 bytes big-endian,
 *   version 0x0001 | source wPort | destination wPort | length of the APDU
 * then the APDU. The client's wPort is its SAP, the server's the logical device it addresses.
 * Same layout in Gurux.DLMS.Python 1.0.197 (GXDLMS.getWrapperFrame).
 */

export const WRAPPER_VERSION = 0x0001;
export const WRAPPER_HEADER_LENGTH = 8;
export const WRAPPER_MAX_APDU = 0xffff;

export interface TWrapperFrame {
  source: number;
  destination: number;
  apdu: Uint8Array;
}

/** Throws RangeError for wPorts or an APDU length that 2 bytes cannot carry. */
export function encodeWrapperFrame(frame: TWrapperFrame): Uint8Array {
  for (const [name, port] of [["source", frame.source], ["destination", frame.destination]] as const) {
    if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new RangeError(`wrapper ${name} wPort ${port} is outside 0..65535`);
  }
  if (frame.apdu.length > WRAPPER_MAX_APDU) throw new RangeError(`an APDU of ${frame.apdu.length} bytes exceeds the wrapper's 65535`);
  return new ByteWriter(WRAPPER_HEADER_LENGTH + frame.apdu.length)
    .u16(WRAPPER_VERSION)
    .u16(frame.source)
    .u16(frame.destination)
    .u16(frame.apdu.length)
    .bytes(frame.apdu)
    .finish();
}

export interface TWrapperScanLimits {
  /** Largest APDU accepted; a header announcing more is an error before any of it is buffered. */
  maxApduSize: number;
}

export interface TWrapperScan {
  frames: TWrapperFrame[];
  /** Bytes of an incomplete frame, to prepend to the next chunk (at most header + maxApduSize). */
  rest: Uint8Array;
  /**
   * A wrong version or a length beyond the limit. The wrapper has no flags to find the next frame
   * by, so after an error the stream cannot be resynchronised: the caller closes the connection.
   */
  error?: TDecodeError;
}

/** Finds the wrapper frames in bytes arriving in arbitrary chunks: pass the previous `rest` followed by the new chunk. */
export function scanWrapperFrames(buffer: Uint8Array, limits: TWrapperScanLimits): TWrapperScan {
  const frames: TWrapperFrame[] = [];
  let pos = 0;
  while (buffer.length - pos >= WRAPPER_HEADER_LENGTH) {
    const version = u16(buffer, pos);
    if (version !== WRAPPER_VERSION) {
      return { frames, rest: new Uint8Array(0), error: { code: "unsupported", message: `wrapper version 0x${version.toString(16).padStart(4, "0")}, expected 0x0001` } };
    }
    const length = u16(buffer, pos + 6);
    if (length > limits.maxApduSize) {
      return { frames, rest: new Uint8Array(0), error: { code: "too-large", message: `wrapper frame announces an APDU of ${length} bytes, above the limit of ${limits.maxApduSize}` } };
    }
    const end = pos + WRAPPER_HEADER_LENGTH + length;
    if (end > buffer.length) break;
    frames.push({ source: u16(buffer, pos + 2), destination: u16(buffer, pos + 4), apdu: buffer.slice(pos + WRAPPER_HEADER_LENGTH, end) });
    pos = end;
  }
  return { frames, rest: buffer.slice(pos) };
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}
