import { z } from "zod";
import { ByteReader, ByteWriter } from "../bytes";
import { DecodeFailure, decodeWith, type TResult } from "../result";

/**
 * The information field of SNRM and UA, negotiating the data link (IEC 62056-46, from
 * ISO/IEC 13239 parameter negotiation): format identifier 0x81, group identifier 0x80, group
 * length, then parameters as identifier, length, value (big-endian):
 *   0x05 maximum information field length, transmit  (1 or 2 bytes)
 *   0x06 maximum information field length, receive   (1 or 2 bytes)
 *   0x07 window size, transmit                        (4 bytes)
 *   0x08 window size, receive                         (4 bytes)
 * Each side states its own values: in a SNRM the client's, in a UA the server's. A parameter that
 * is absent takes its default (128 bytes, window 1), and a SNRM with every parameter at its default
 * may have no information field at all (Gurux.DLMS.Python 1.0.197 sends it so).
 */

/**
 * Configured limits (HDLC setup, interface class 23: information field 32..2030 bytes, window 1..7);
 * the window is also what modulo-8 sequence numbers allow.
 */
export const ZHdlcParameters = z.object({
  maxInfoTransmit: z.int().min(32).max(2030),
  maxInfoReceive: z.int().min(32).max(2030),
  windowTransmit: z.int().min(1).max(7),
  windowReceive: z.int().min(1).max(7),
});
/** The same four values as they come off the wire, where the ranges above need not hold. */
export type THdlcParameters = z.infer<typeof ZHdlcParameters>;

export const DEFAULT_HDLC_PARAMETERS: Readonly<THdlcParameters> = Object.freeze({
  maxInfoTransmit: 128,
  maxInfoReceive: 128,
  windowTransmit: 1,
  windowReceive: 1,
});

/** Completes configured parameters with the defaults; throws RangeError for values outside ZHdlcParameters. */
export function configuredParameters(given: Partial<THdlcParameters> | undefined, what: string): THdlcParameters {
  const parsed = ZHdlcParameters.safeParse({ ...DEFAULT_HDLC_PARAMETERS, ...given });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new RangeError(`${what}: ${issues}`);
  }
  return parsed.data;
}

const FORMAT_IDENTIFIER = 0x81;
const GROUP_IDENTIFIER = 0x80;
const IDS = { maxInfoTransmit: 0x05, maxInfoReceive: 0x06, windowTransmit: 0x07, windowReceive: 0x08 } as const;
const KEYS = Object.keys(IDS) as (keyof THdlcParameters)[];

/**
 * The information field for these parameters; with `omitDefaults`, parameters at their default are
 * left out and an all-default set gives an empty field. Throws RangeError for values the field
 * cannot carry.
 */
export function encodeHdlcParameters(parameters: THdlcParameters, options: { omitDefaults?: boolean } = {}): Uint8Array {
  const group = new ByteWriter(20);
  for (const key of KEYS) {
    const value = parameters[key];
    if (options.omitDefaults && value === DEFAULT_HDLC_PARAMETERS[key]) continue;
    const isWindow = key === "windowTransmit" || key === "windowReceive";
    const limit = isWindow ? 0xffffffff : 0xffff;
    if (!Number.isInteger(value) || value < 1 || value > limit) throw new RangeError(`HDLC parameter ${key} = ${value} is outside 1..${limit}`);
    group.u8(IDS[key]);
    if (isWindow) group.u8(4).u32(value);
    else if (value < 0x100) group.u8(1).u8(value);
    else group.u8(2).u16(value);
  }
  if (group.size === 0 && options.omitDefaults) return new Uint8Array(0);
  return new ByteWriter(group.size + 3).u8(FORMAT_IDENTIFIER).u8(GROUP_IDENTIFIER).u8(group.size).bytes(group.finish()).finish();
}

/**
 * Reads the parameters of a SNRM or UA information field; an empty field means all defaults.
 * Parameters this version does not know are skipped; a value of 0 is refused (it would stop
 * segmentation or the window).
 */
export function decodeHdlcParameters(information: Uint8Array): TResult<THdlcParameters> {
  return decodeWith(() => {
    const result: THdlcParameters = { ...DEFAULT_HDLC_PARAMETERS };
    if (information.length === 0) return result;
    const r = new ByteReader(information);
    const format = r.u8("HDLC parameters: format identifier");
    if (format !== FORMAT_IDENTIFIER) {
      throw new DecodeFailure("unsupported", `HDLC parameters: format identifier 0x${hex2(format)}, expected 0x81`, 0);
    }
    const group = r.u8("HDLC parameters: group identifier");
    if (group !== GROUP_IDENTIFIER) {
      throw new DecodeFailure("unsupported", `HDLC parameters: group identifier 0x${hex2(group)}, expected 0x80`, 1);
    }
    const groupLength = r.u8("HDLC parameters: group length");
    const g = new ByteReader(r.take(groupLength, "HDLC parameters: group"));
    if (!r.done) throw new DecodeFailure("invalid", `HDLC parameters: ${r.remaining} bytes after the group`, r.offset);
    while (!g.done) {
      const at = 3 + g.offset;
      const id = g.u8("HDLC parameter identifier");
      const size = g.u8("HDLC parameter length");
      const bytes = g.take(size, `HDLC parameter 0x${hex2(id)}`);
      const key = KEYS.find((k) => IDS[k] === id);
      if (key === undefined) continue;
      if (size !== 1 && size !== 2 && size !== 4) {
        throw new DecodeFailure("invalid", `HDLC parameter ${key}: a ${size}-byte value, expected 1, 2 or 4`, at);
      }
      let value = 0;
      for (const b of bytes) value = value * 256 + b;
      if (value === 0) throw new DecodeFailure("invalid", `HDLC parameter ${key} is 0`, at);
      result[key] = value;
    }
    return result;
  });
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/**
 * The server's UA answer to a client's proposal: each value the smaller of the server's own limit
 * and what the client proposed for the opposite direction (the server transmits what the client
 * receives). Checked against GuruxDLMS.c 9.0.2608 dlms_parseSnrmUaResponse, which keeps the
 * smaller value the same way.
 */
export function negotiateHdlcParameters(server: THdlcParameters, clientProposal: THdlcParameters): THdlcParameters {
  return {
    maxInfoTransmit: Math.min(server.maxInfoTransmit, clientProposal.maxInfoReceive),
    maxInfoReceive: Math.min(server.maxInfoReceive, clientProposal.maxInfoTransmit),
    windowTransmit: Math.min(server.windowTransmit, clientProposal.windowReceive),
    windowReceive: Math.min(server.windowReceive, clientProposal.windowTransmit),
  };
}

/**
 * What a client uses after the UA, in its own direction: what the server will receive is what the
 * client may transmit, and never more than the client proposed (a server answering with larger
 * values than proposed does not widen the client's side).
 */
export function clientParameters(proposal: THdlcParameters, ua: THdlcParameters): THdlcParameters {
  return {
    maxInfoTransmit: Math.min(proposal.maxInfoTransmit, ua.maxInfoReceive),
    maxInfoReceive: Math.min(proposal.maxInfoReceive, ua.maxInfoTransmit),
    windowTransmit: Math.min(proposal.windowTransmit, ua.windowReceive),
    windowReceive: Math.min(proposal.windowReceive, ua.windowTransmit),
  };
}
