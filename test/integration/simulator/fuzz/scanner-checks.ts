import { concat, hex } from "@/lib/dlms/bytes";
import { formatAddress } from "@/lib/dlms/hdlc/address";
import { encodeControl } from "@/lib/dlms/hdlc/control";
import { scanHdlcFrames, type THdlcFrame } from "@/lib/dlms/hdlc/frame";
import type { TResult } from "@/lib/dlms/result";
import { scanWrapperFrames, WRAPPER_HEADER_LENGTH } from "@/lib/dlms/wrapper/frame";

/**
 * The frame scanners' promises, checked on one input: never a throw (the caller catches it), never
 * more kept for the next chunk than the limit allows, and what is found does not depend on how
 * the stream is cut (the same stream whole and in pieces gives the same frames, errors and skips).
 */

const EMPTY: Uint8Array = new Uint8Array(0);

function hdlcItem(item: TResult<THdlcFrame>): string {
  if (!item.ok) return `error ${item.error.code}: ${item.error.message}`;
  const f = item.value;
  return `frame ${f.segmented ? "S " : ""}${formatAddress(f.destination)} ${formatAddress(f.source)} ${encodeControl(f.control)} ${hex(f.information)}`;
}

function scanHdlcPieces(pieces: readonly Uint8Array[], maxFrameLength: number) {
  const items: string[] = [];
  let skipped = 0;
  let rest = EMPTY;
  let largestRest = 0;
  for (const piece of pieces) {
    const scan = scanHdlcFrames(rest.length === 0 ? piece : concat(rest, piece), { maxFrameLength });
    for (const item of scan.items) items.push(hdlcItem(item));
    skipped += scan.skipped;
    rest = scan.rest;
    largestRest = Math.max(largestRest, rest.length);
  }
  return { items, skipped, rest: hex(rest), largestRest };
}

function firstDifference(a: readonly string[], b: readonly string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `item ${i}: whole "${a[i] ?? "(none)"}", in pieces "${b[i] ?? "(none)"}"`;
  return "none";
}

export function hdlcScanProblem(stream: Uint8Array, pieces: readonly Uint8Array[], maxFrameLength: number): string | undefined {
  const whole = scanHdlcPieces([stream], maxFrameLength);
  const cut = scanHdlcPieces(pieces, maxFrameLength);
  const limit = Math.min(maxFrameLength, 0x7ff) + 1;
  if (whole.largestRest > limit || cut.largestRest > limit) return `kept ${Math.max(whole.largestRest, cut.largestRest)} bytes for the next chunk, above ${limit}`;
  if (whole.items.join("\n") !== cut.items.join("\n")) return `the cuts changed what was found: ${firstDifference(whole.items, cut.items)}`;
  if (whole.skipped !== cut.skipped) return `the cuts changed the bytes skipped: ${whole.skipped} whole, ${cut.skipped} in pieces`;
  if (whole.rest !== cut.rest) return "the cuts changed the bytes kept at the end";
  return undefined;
}

function scanWrapperPieces(pieces: readonly Uint8Array[], maxApduSize: number) {
  const frames: string[] = [];
  let rest = EMPTY;
  let largestRest = 0;
  let error: string | undefined;
  for (const piece of pieces) {
    const scan = scanWrapperFrames(rest.length === 0 ? piece : concat(rest, piece), { maxApduSize });
    for (const f of scan.frames) frames.push(`${f.source}>${f.destination} ${hex(f.apdu)}`);
    rest = scan.rest;
    largestRest = Math.max(largestRest, rest.length);
    if (scan.error) {
      // The caller closes the connection on an error: nothing after it is ever scanned.
      error = `${scan.error.code}: ${scan.error.message}`;
      break;
    }
  }
  return { frames, rest: hex(rest), largestRest, error, restAfterError: error !== undefined && rest.length > 0 };
}

export function wrapperScanProblem(stream: Uint8Array, pieces: readonly Uint8Array[], maxApduSize: number): string | undefined {
  const whole = scanWrapperPieces([stream], maxApduSize);
  const cut = scanWrapperPieces(pieces, maxApduSize);
  const limit = WRAPPER_HEADER_LENGTH + maxApduSize;
  if (whole.largestRest > limit || cut.largestRest > limit) return `kept ${Math.max(whole.largestRest, cut.largestRest)} bytes for the next chunk, above ${limit}`;
  if (whole.restAfterError || cut.restAfterError) return "kept bytes after an error, which ends the stream";
  if (whole.frames.join("\n") !== cut.frames.join("\n")) return `the cuts changed the frames found: ${firstDifference(whole.frames, cut.frames)}`;
  if (whole.error !== cut.error) return `the cuts changed the error: "${whole.error ?? "none"}" whole, "${cut.error ?? "none"}" in pieces`;
  if (whole.error === undefined && whole.rest !== cut.rest) return "the cuts changed the bytes kept at the end";
  return undefined;
}
