import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import type { TMeterIdentity, TValueContext } from "./context";

/**
 * The PRIME narrow-band OFDM PLC stack (classes 80 to 86, Blue Book): a service node registered
 * as a terminal directly below its base node, every counter cleared. MAC setup values are the PRIME
 * PIB defaults (ITU-T G.9904). Types checked against Gurux.DLMS.Python 1.0.197 GXDLMSLlcSscsSetup and
 * GXDLMSPrimeNbOfdmPlc* (the network administration tables use integer and long, as Gurux writes them).
 */

/** The base node's EUI-48, which is also the subnetwork address (SNA) every node of the subnetwork reports. */
const BASE_NODE_EUI = Uint8Array.from([0x02, 0x00, 0x5e, 0x10, 0x00, 0x01]);
const BASE_NODE_ADDRESS = 0;

/** Identifiers the base node assigned at registration, spread by serial number: LNID 1..16382, SSCS address 1..4094. */
function assigned(meter: TMeterIdentity): { lnid: number; serviceNode: number } {
  const n = Number(BigInt(meter.serialNumber) % 16_382n);
  return { lnid: n + 1, serviceNode: (n % 4094) + 1 };
}

export function llcSscsSetupAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  if (index === 2) return d.u16(assigned(ctx.meter).serviceNode);
  if (index === 3) return d.u16(BASE_NODE_ADDRESS);
  return undefined;
}

export function phyCountersAttribute(_object: TProfileObject, index: number): TData | undefined {
  return index >= 2 && index <= 5 ? d.u16(0) : undefined;
}

/**
 * macMinSwitchSearchTime 24 s, macMaxPromotionPdu 2, macPromotionPduTxPeriod 5 s, macBeaconsPerFrame 5,
 * macSCPMaxTxAttempts 5, macCtlReTxTimer 2 s, macMaxCtlReTx 3.
 */
const MAC_SETUP = [24, 2, 5, 5, 5, 2, 3] as const;

export function macSetupAttribute(_object: TProfileObject, index: number): TData | undefined {
  const value = MAC_SETUP[index - 2];
  return value === undefined ? undefined : d.u8(value);
}

/** state (1): terminal. */
const TERMINAL = 1;
/** Shared contention period, in symbols, as the base node announces it. */
const SCP_LENGTH = 64;
/** The node can become a switch (macCapabilities bit 0, switch capable). */
const CAPABILITIES = 0x0001;

export function macFunctionalParametersAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return d.i16(assigned(ctx.meter).lnid);
    case 3:
    case 4:
      // Not a switch itself (LSID 0) and attached to the base node's switch (SID 0).
      return d.u8(0);
    case 5:
      return d.octets(BASE_NODE_EUI);
    case 6:
      return d.enum(TERMINAL);
    case 7:
      return d.i16(SCP_LENGTH);
    case 8:
      return d.u8(0);
    case 9:
      // One beacon slot in the subnetwork: the base node's; a terminal listens to it every frame and sends none.
      return d.u8(1);
    case 10:
    case 11:
    case 12:
    case 13:
      return d.u8(0);
    case 14:
      return d.u16(CAPABILITIES);
    default:
      return undefined;
  }
}

export function macCountersAttribute(_object: TProfileObject, index: number): TData | undefined {
  return index >= 2 && index <= 7 ? d.u32(0) : undefined;
}

/** The base node as this node hears it: level 0, receive level and SNR in the PRIME 0..15 and 0..7 scales. */
const BASE_NODE_HEARD = { level: 0, rxLevel: 10, snr: 6 } as const;
/** PHY coding (1): DQPSK without convolutional code. */
const CODING_DQPSK = 1;

export function macNetworkAdministrationAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
    case 3:
    case 4:
      // No multicast group joined, not a switch, no direct connection.
      return d.array([]);
    case 5:
      return d.array([d.struct(d.octets(BASE_NODE_EUI), d.i16(0), d.i8(BASE_NODE_HEARD.level), d.i8(BASE_NODE_HEARD.rxLevel), d.i8(BASE_NODE_HEARD.snr))]);
    case 6:
      return d.array([
        d.struct(d.octets(BASE_NODE_EUI), d.i8(0), d.i8(CODING_DQPSK), d.i8(CODING_DQPSK), d.i8(BASE_NODE_HEARD.rxLevel), d.i8(BASE_NODE_HEARD.snr), d.i8(0), d.i8(0), d.i8(0)),
      ]);
    default:
      return undefined;
  }
}

/**
 * PRIME Alliance vendor ids are assigned per manufacturer; the simulator derives one from the first
 * two FLAG id letters, and a product id from the number of phases.
 */
export function applicationIdentificationAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return d.octets(new TextEncoder().encode(ctx.meter.firmware.prime));
    case 3:
      return d.u16((ctx.meter.flagId.charCodeAt(0) << 8) | ctx.meter.flagId.charCodeAt(1));
    case 4:
      return d.u16(ctx.profile.electrical.phases);
    default:
      return undefined;
  }
}
