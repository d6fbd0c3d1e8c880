import { concat, equalBytes } from "../bytes";

/**
 * The LLC header in front of every APDU carried by HDLC (the LLC sublayer of IEC 62056-46, after
 * ISO/IEC 8802-2): destination LSAP 0xE6, source LSAP 0xE6 (client to server, command) or 0xE7
 * (server to client, response), LLC quality 0x00. Same bytes in Gurux.DLMS.Python 1.0.197 (_GXCommon
 * LLC_SEND_BYTES / LLC_REPLY_BYTES).
 */

export const LLC_COMMAND = Uint8Array.of(0xe6, 0xe6, 0x00);
export const LLC_RESPONSE = Uint8Array.of(0xe6, 0xe7, 0x00);
export const LLC_LENGTH = 3;

export type TLlcDirection = "command" | "response";

export function llcHeader(direction: TLlcDirection): Uint8Array {
  return direction === "command" ? LLC_COMMAND : LLC_RESPONSE;
}

export function addLlc(direction: TLlcDirection, apdu: Uint8Array): Uint8Array {
  return concat(llcHeader(direction), apdu);
}

/** The APDU after the expected LLC header, or undefined when the header is not there. */
export function stripLlc(direction: TLlcDirection, information: Uint8Array): Uint8Array | undefined {
  if (information.length < LLC_LENGTH) return undefined;
  return equalBytes(information.subarray(0, LLC_LENGTH), llcHeader(direction)) ? information.subarray(LLC_LENGTH) : undefined;
}
