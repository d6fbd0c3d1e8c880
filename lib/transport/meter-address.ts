import type { TApduChannel } from "../dlms/channel";
import type { TMeterAddress } from "./address";
import { tcpStreams } from "./byte-stream";
import { createHdlcChannel } from "./hdlc-channel";
import { serialStreams } from "./serial";
import { createWrapperChannel } from "./wrapper-channel";

export { DEFAULT_WRAPPER_PORT, parseMeterAddress, type TMeterAddress } from "./address";

export interface TChannelTarget {
  clientSap: number;
  /** The logical device: wrapper destination wPort, HDLC upper address (1 = management). */
  logicalDevice?: number;
  /** HDLC lower (physical) address, when the meter needs one. */
  physical?: number;
}

export function channelFor(address: TMeterAddress, target: TChannelTarget): TApduChannel {
  const logicalDevice = target.logicalDevice ?? 1;
  if (address.kind === "wrapper") return createWrapperChannel({ streams: tcpStreams(address.host, address.port), clientSap: target.clientSap, logicalDevice });
  const server = target.physical !== undefined ? { upper: logicalDevice, lower: target.physical } : { upper: logicalDevice };
  const streams = address.kind === "hdlc-tcp" ? tcpStreams(address.host, address.port) : serialStreams(address.path, { baudRate: address.baudRate, modeE: address.modeE });
  return createHdlcChannel({ streams, clientSap: target.clientSap, server });
}
