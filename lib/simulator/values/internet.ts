import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectsOfClass, obisGroups, type TValueContext } from "./context";
import { ALL_NODES, cellularAddress, DLMS_PORT, familyOf, GLOBAL_DNS, GLOBAL_GATEWAY, GLOBAL_PREFIX, ipv4, ipv6, LINK_LOCAL_PREFIX, macAddress, plcAddress } from "./addresses";
import { logicalName, NO_OBJECT } from "./references";

/**
 * The IP stacks: TCP-UDP setup (class 41, Blue Book), IPv4 setup (42), MAC address
 * setup (43) and IPv6 setup (48), for the cellular interface and the PRIME TCP-UDP/IPv4
 * and IPv6 profiles. Each setup refers to the layer below it in its own channel (same OBIS B group).
 * Types checked against Gurux.DLMS.Python 1.0.197 GXDLMSTcpUdpSetup, GXDLMSIp4Setup,
 * GXDLMSMacAddressSetup, GXDLMSIp6Setup.
 */

const sameChannel = (a: TProfileObject, b: TProfileObject): boolean => obisGroups(a.obis)[1] === obisGroups(b.obis)[1];

function below(profile: TUserProfile, object: TProfileObject, classIds: readonly number[], sameGroup: boolean): TData {
  for (const classId of classIds) {
    const found = objectsOfClass(profile, classId).find((o) => !sameGroup || sameChannel(o, object));
    if (found) return logicalName(found.obis);
  }
  return NO_OBJECT;
}

/** Segment sizes: a 1500-byte cellular MTU, the IPv4 minimum of 576 bytes over PRIME. */
const MSS_CELLULAR = 1460;
const MSS_PLC = 536;
const INACTIVITY_S = 180;

export function tcpUdpSetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const cellular = familyOf(ctx.profile, object) === "cellular";
  switch (index) {
    case 2:
      return d.u16(DLMS_PORT);
    case 3:
      return below(ctx.profile, object, [42, 48], true);
    case 4:
      return d.u16(cellular ? MSS_CELLULAR : MSS_PLC);
    case 5:
      return d.u8(cellular ? 2 : 1);
    case 6:
      return d.u16(INACTIVITY_S);
    default:
      return undefined;
  }
}

/** PRIME IPv4 multicast group of the broadcast services (administratively scoped, RFC 2365). */
const PLC_MULTICAST = ipv4(239, 255, 0, 1);

export function ipv4SetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const cellular = familyOf(ctx.profile, object) === "cellular";
  switch (index) {
    case 2:
      return cellular ? below(ctx.profile, object, [44, 45], true) : below(ctx.profile, object, [43], false);
    case 3:
      return d.u32(cellular ? cellularAddress(ctx.meter) : plcAddress(ctx.meter));
    case 4:
      return d.array(cellular ? [] : [d.u32(PLC_MULTICAST)]);
    case 5:
      return d.array([]);
    case 6:
      return d.u32(cellular ? ipv4(255, 255, 255, 255) : ipv4(255, 255, 0, 0));
    case 7:
      return d.u32(cellular ? ipv4(10, 64, 0, 1) : ipv4(172, 16, 0, 1));
    case 8:
      return d.bool(cellular);
    case 9:
      return d.u32(cellular ? ipv4(10, 64, 0, 2) : 0);
    case 10:
      return d.u32(cellular ? ipv4(10, 64, 0, 3) : 0);
    default:
      return undefined;
  }
}

export function macAddressSetupAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  return index === 2 ? d.octets(macAddress(ctx.meter)) : undefined;
}

/** address_config_mode (0): auto-configuration, as the PRIME IPv6 convergence sublayer does. */
const AUTO_CONFIGURATION = 0;
/** neighbor_discovery_setup: {max_retry, retry_wait_time (s), send_period (s)}. */
const ROUTER_SOLICITATION = { retries: 3, waitS: 10, periodS: 3600 } as const;

export function ipv6SetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return below(ctx.profile, object, [43], false);
    case 3:
      return d.enum(AUTO_CONFIGURATION);
    case 4:
      return d.array([d.octets(ipv6(LINK_LOCAL_PREFIX, ctx.meter)), d.octets(ipv6(GLOBAL_PREFIX, ctx.meter))]);
    case 5:
      return d.array([d.octets(ALL_NODES)]);
    case 6:
      return d.array([d.octets(GLOBAL_GATEWAY)]);
    case 7:
      return d.octets(GLOBAL_DNS);
    case 8:
      return d.octets([]);
    case 9:
      return d.u8(0);
    case 10:
      return d.array([d.struct(d.u8(ROUTER_SOLICITATION.retries), d.u16(ROUTER_SOLICITATION.waitS), d.u32(ROUTER_SOLICITATION.periodS))]);
    default:
      return undefined;
  }
}
