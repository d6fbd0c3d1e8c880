import { ByteReader } from "../bytes";
import { DecodeFailure, decodeWith, fail, type TDecodeError, type TResult } from "../result";
import { encodeAddress, readAddress, type THdlcAddress } from "./address";
import { decodeControl, describeControl, encodeControl, type THdlcControl } from "./control";
import { crc16x25, readCheck } from "./crc";

/**
 * HDLC frame format type 3 (IEC 62056-46):
 *   7E | format (2) | destination | source | control | [HCS (2) | information] | FCS (2) | 7E
 * The format field is 1010 S LLL LLLLLLLL: type 3, segmentation bit S (more segments of the same
 * information follow), 11-bit length counting the bytes from the format field to the FCS inclusive.
 * The HCS covers format through control and is present only when there is an information field;
 * the FCS covers everything from the format field to the end of the information field. There is
 * no byte stuffing: the length field, not the flags, delimits a frame, so 0x7E may occur inside.
 */

export const HDLC_FLAG = 0x7e;
/** The largest length the 11-bit length field can express. */
export const MAX_FRAME_LENGTH = 0x7ff;
/** Format (2) + two 1-byte addresses + control + FCS (2). */
export const MIN_FRAME_LENGTH = 7;
const FORMAT_TYPE_3 = 0xa0;
const SEGMENTATION_BIT = 0x08;

export interface THdlcFrame {
  /** The segmentation bit: more of the same information field follows in the next frame. */
  segmented: boolean;
  destination: THdlcAddress;
  source: THdlcAddress;
  control: THdlcControl;
  /** Empty when the frame has no information field (and so no HCS). */
  information: Uint8Array;
}

/** The whole frame, flags included. Throws RangeError when it would not fit the 11-bit length. */
export function encodeHdlcFrame(frame: THdlcFrame): Uint8Array {
  const destination = encodeAddress(frame.destination);
  const source = encodeAddress(frame.source);
  const headerLength = 2 + destination.length + source.length + 1;
  const info = frame.information;
  const length = headerLength + (info.length > 0 ? 2 + info.length : 0) + 2;
  if (length > MAX_FRAME_LENGTH) {
    throw new RangeError(`HDLC frame of ${length} bytes exceeds the 11-bit length field (${MAX_FRAME_LENGTH})`);
  }
  const out = new Uint8Array(length + 2);
  out[0] = HDLC_FLAG;
  out[1] = FORMAT_TYPE_3 | (frame.segmented ? SEGMENTATION_BIT : 0) | (length >> 8);
  out[2] = length & 0xff;
  out.set(destination, 3);
  out.set(source, 3 + destination.length);
  out[headerLength] = encodeControl(frame.control);
  let at = headerLength + 1;
  if (info.length > 0) {
    writeCheck(out, at);
    out.set(info, at + 2);
    at += 2 + info.length;
  }
  writeCheck(out, at);
  out[at + 2] = HDLC_FLAG;
  return out;
}

/** The check sequence over everything after the opening flag up to `at`, low byte first. */
function writeCheck(out: Uint8Array, at: number): void {
  const crc = crc16x25(out, 1, at);
  out[at] = crc & 0xff;
  out[at + 1] = crc >> 8;
}

/** Decodes exactly one frame, opening and closing flags included. */
export function decodeHdlcFrame(bytes: Uint8Array): TResult<THdlcFrame> {
  if (bytes.length < MIN_FRAME_LENGTH + 2) return fail("truncated", `HDLC frame: ${bytes.length} bytes is shorter than the smallest frame`);
  if (bytes[0] !== HDLC_FLAG) return fail("invalid", "HDLC frame: does not start with the flag 0x7E", 0);
  const format = bytes[1]!;
  if ((format & 0xf0) !== FORMAT_TYPE_3) return fail("invalid", formatMessage(format), 1);
  const length = ((format & 7) << 8) | bytes[2]!;
  if (length + 2 !== bytes.length) {
    return fail("invalid", `HDLC frame: the length field says ${length} bytes between the flags, there are ${bytes.length - 2}`, 1);
  }
  if (bytes[bytes.length - 1] !== HDLC_FLAG) return fail("invalid", "HDLC frame: does not end with the flag 0x7E", bytes.length - 1);
  const decoded = decodeBody(bytes.subarray(1, bytes.length - 1));
  return decoded.ok ? { ok: true, value: decoded.value } : { ok: false, error: shift(decoded.error, 1) };
}

function formatMessage(format: number): string {
  return `HDLC frame: format field 0x${format.toString(16).padStart(2, "0")} is not frame format type 3 (0xA0..0xAF)`;
}

function shift(error: TDecodeError, by: number): TDecodeError {
  return error.offset === undefined ? error : { ...error, offset: error.offset + by };
}

type THeaderCheck =
  | { status: "need-more" }
  | { status: "bad"; error: TDecodeError }
  | { status: "ok"; headerLength: number; hasInfo: boolean };

/**
 * Where the header ends and whether its HCS holds, from as many bytes as have arrived:
 * `body` starts at the format field, `length` is the value of the length field.
 */
function checkHeader(body: Uint8Array, length: number): THeaderCheck {
  let pos = 2;
  for (const what of ["destination address", "source address"]) {
    const start = pos;
    for (;;) {
      if (pos - start === 4) return bad("invalid", `HDLC frame: ${what} is longer than 4 bytes`, start);
      if (pos >= body.length) return { status: "need-more" };
      if (body[pos++]! & 1) break;
    }
    if (pos - start === 3) return bad("invalid", `HDLC frame: ${what} has 3 bytes, which no HDLC address has`, start);
  }
  const headerLength = pos + 1;
  if (length < headerLength + 2) return bad("invalid", `HDLC frame: length ${length} is too small for a ${headerLength}-byte header and the FCS`, 1);
  if (length === headerLength + 2) return { status: "ok", headerLength, hasInfo: false };
  if (length === headerLength + 3) return bad("invalid", `HDLC frame: length ${length} leaves 1 byte for HCS, information and FCS`, 1);
  if (body.length < headerLength + 2) return { status: "need-more" };
  const hcs = crc16x25(body, 0, headerLength);
  const sent = readCheck(body, headerLength);
  if (hcs !== sent) return bad("invalid", `HDLC frame: bad HCS (0x${hex4(sent)} received, 0x${hex4(hcs)} computed)`, headerLength);
  return { status: "ok", headerLength, hasInfo: true };
}

function bad(code: TDecodeError["code"], message: string, offset: number): THeaderCheck {
  return { status: "bad", error: { code, message, offset } };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** A frame without flags: format field to FCS. */
function decodeBody(body: Uint8Array): TResult<THdlcFrame> {
  const length = body.length;
  const header = checkHeader(body, length);
  if (header.status === "need-more") return fail("invalid", `HDLC frame: length ${length} ends inside the address fields`, 1);
  if (header.status === "bad") return { ok: false, error: header.error };
  const fcs = crc16x25(body, 0, length - 2);
  const sent = readCheck(body, length - 2);
  if (fcs !== sent) return fail("invalid", `HDLC frame: bad FCS (0x${hex4(sent)} received, 0x${hex4(fcs)} computed)`, length - 2);
  return decodeWith(() => {
    const r = new ByteReader(body, 2, header.headerLength);
    const destination = readAddress(r, "destination address");
    const source = readAddress(r, "source address");
    const control = decodeControl(r.u8("control field"));
    const information = header.hasInfo ? body.slice(header.headerLength + 2, length - 2) : new Uint8Array(0);
    if (!r.done) throw new DecodeFailure("invalid", "HDLC frame: header bytes left over", r.offset);
    return { segmented: (body[0]! & SEGMENTATION_BIT) !== 0, destination, source, control, information };
  });
}

export interface THdlcScanLimits {
  /** Largest frame accepted, counted like the length field (format to FCS); at most 2047. */
  maxFrameLength: number;
}

export const DEFAULT_SCAN_LIMITS: THdlcScanLimits = { maxFrameLength: MAX_FRAME_LENGTH };

export interface THdlcScan {
  /** Frames and frame errors, in stream order. */
  items: TResult<THdlcFrame>[];
  /** Bytes to keep and prepend to the next chunk: at most maxFrameLength + 1 of them. */
  rest: Uint8Array;
  /** Bytes dropped outside any frame (line noise, echoes, inter-frame fill). */
  skipped: number;
}

const EMPTY = new Uint8Array(0);

/**
 * Finds the frames in bytes that arrive in arbitrary chunks: call it with the previous `rest`
 * followed by the new chunk; how the stream is cut never changes what is found. A frame's closing
 * flag may be the next frame's opening flag, and runs of flags are fill. Bytes before a flag are
 * skipped silently; a flag followed by anything but a frame format type 3 is an error item (so is
 * garbage after a closing flag). After an error item the scan resumes at the next flag: a frame
 * whose HCS holds but whose FCS does not is skipped as a whole (its length is trustworthy), anything
 * else one byte past its opening flag. A header that fails its HCS is reported as soon as it has
 * arrived, without waiting for the length it announces.
 */
export function scanHdlcFrames(buffer: Uint8Array, limits: THdlcScanLimits = DEFAULT_SCAN_LIMITS): THdlcScan {
  const max = Math.min(limits.maxFrameLength, MAX_FRAME_LENGTH);
  const items: TResult<THdlcFrame>[] = [];
  const n = buffer.length;
  let skipped = 0;
  let pos = 0;
  for (;;) {
    let start = buffer.indexOf(HDLC_FLAG, pos);
    if (start < 0) return { items, rest: EMPTY, skipped: skipped + n - pos };
    skipped += start - pos;
    while (start + 1 < n && buffer[start + 1] === HDLC_FLAG) start++;
    if (start + 3 > n) return { items, rest: buffer.slice(start), skipped };
    pos = start + 1;
    const format = buffer[start + 1]!;
    if ((format & 0xf0) !== FORMAT_TYPE_3) {
      items.push(fail("invalid", formatMessage(format)));
      continue;
    }
    const length = ((format & 7) << 8) | buffer[start + 2]!;
    if (length < MIN_FRAME_LENGTH) {
      items.push(fail("invalid", `HDLC frame: length ${length} is below the smallest frame (${MIN_FRAME_LENGTH})`));
      continue;
    }
    if (length > max) {
      items.push(fail("too-large", `HDLC frame: length ${length} exceeds the limit of ${max} bytes`));
      continue;
    }
    const end = start + 1 + length;
    const header = checkHeader(buffer.subarray(start + 1, Math.min(end, n)), length);
    if (header.status === "bad") {
      items.push({ ok: false, error: withoutOffset(header.error) });
      continue;
    }
    if (end >= n) return { items, rest: buffer.slice(start), skipped };
    if (buffer[end] !== HDLC_FLAG) {
      items.push(fail("invalid", `HDLC frame: no closing flag where its length (${length}) ends`));
      continue;
    }
    const body = buffer.subarray(start + 1, end);
    const decoded = decodeBody(body);
    items.push(decoded.ok ? decoded : { ok: false, error: withoutOffset(decoded.error) });
    if (decoded.ok || headerHolds(body, length)) pos = end;
  }
}

/** Offsets into the scan buffer mean nothing to the caller, who never sees that buffer. */
function withoutOffset(error: TDecodeError): TDecodeError {
  return { code: error.code, message: error.message };
}

function headerHolds(body: Uint8Array, length: number): boolean {
  const header = checkHeader(body, length);
  return header.status === "ok" && header.hasInfo;
}

/** "UA from 1 to 16, 30 bytes of information": for error messages and traffic logs. */
export function describeFrame(frame: THdlcFrame): string {
  const info = frame.information.length > 0 ? `, ${frame.information.length} bytes of information` : "";
  const seg = frame.segmented ? ", segmented" : "";
  return `${describeControl(frame.control)}${seg}${info}`;
}
