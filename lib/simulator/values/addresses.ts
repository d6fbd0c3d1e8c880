import type { TProfileObject, TUserProfile } from "../../profile/schema";
import type { TMeterIdentity } from "./context";

/**
 * Network addresses of the simulated meter, derived from its system title so that every meter of a
 * test network gets its own: the PRIME EUI-48 (locally administered, 02 then the title's last five
 * bytes), private IPv4 addresses (RFC 1918) and IPv6 addresses in the documentation prefix
 * 2001:db8::/32 (RFC 3849) with an interface id from the EUI-48 (RFC 4291 modified EUI-64).
 */

/** The head end that pushes go to and that the modem connects to (DLMS/COSEM port 4059, IANA). */
export const HEAD_END = "10.64.0.10:4059";
export const DLMS_PORT = 4059;

export function macAddress(meter: TMeterIdentity): Uint8Array {
  return Uint8Array.from([0x02, ...meter.systemTitle.slice(3, 8)]);
}

/** Host part bytes 1..254 from the title's last two bytes. */
function host(meter: TMeterIdentity): [number, number] {
  const t = meter.systemTitle;
  return [t[6]! % 254, (t[7]! % 254) + 1];
}

export const ipv4 = (a: number, b: number, c: number, d: number): number => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** Cellular: an address of the utility's private APN (10.64.0.0/10 style); PLC: one the base node hands out (172.16.0.0/16). */
export const cellularAddress = (meter: TMeterIdentity): number => ipv4(10, 64, ...host(meter));
export const plcAddress = (meter: TMeterIdentity): number => ipv4(172, 16, ...host(meter));

export function ipv6(prefix: readonly number[], meter: TMeterIdentity): Uint8Array {
  const mac = macAddress(meter);
  const id = [mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!];
  return Uint8Array.from([...prefix, ...id]);
}

export const LINK_LOCAL_PREFIX = [0xfe, 0x80, 0, 0, 0, 0, 0, 0] as const;
export const GLOBAL_PREFIX = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1] as const;
/** ff02::1, all nodes on the link. */
export const ALL_NODES = Uint8Array.from([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
export const GLOBAL_GATEWAY = Uint8Array.from([...GLOBAL_PREFIX, 0, 0, 0, 0, 0, 0, 0, 1]);
export const GLOBAL_DNS = Uint8Array.from([...GLOBAL_PREFIX, 0, 0, 0, 0, 0, 0, 0, 0x53]);

/** The communication family (plc, cellular, optical) an object serves, from the profile's communication profiles. */
export function familyOf(profile: TUserProfile, object: TProfileObject): "plc" | "cellular" | "optical" | undefined {
  return profile.communication.find((c) => c.objects.some((o) => o.id === object.id))?.family;
}
