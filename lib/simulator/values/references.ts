import { d, type TData } from "../../dlms/axdr/data";
import { obisBytes } from "../../dlms/obis";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectByObis, objectsOfClass, obisGroups } from "./context";

/**
 * How the objects of a profile refer to each other: which script table a schedule runs, which
 * registers a tariff mask switches, which relay a lighting script drives. Script tables are found
 * by their Blue Book OBIS codes (0-0:10.0.x.255), so a schedule points at the script table
 * the meter would have even when the profile lacks it.
 */
export const SCRIPT_TABLES = {
  globalReset: "0-0:10.0.0.255",
  billing: "0-0:10.0.1.255",
  tariffs: "0-0:10.0.100.255",
  lighting: "0-0:10.0.103.255",
  disconnect: "0-0:10.0.106.255",
  imageActivation: "0-0:10.0.107.255",
  push: "0-0:10.0.108.255",
} as const;

export const MAIN_DISCONNECTOR = "0-0:96.3.10.255";
export const REGISTER_ACTIVATION = "0-0:14.0.0.255";
export const IMAGE_TRANSFER = "0-0:44.0.0.255";
export const ACTIVE_POWER_IMPORT = "1-0:1.7.0.255";
export const MONTHLY_BILLING = "0-0:98.1.0.255";
export const LOAD_PROFILE_1 = "1-0:99.1.0.255";
export const LOGICAL_DEVICE_NAME = "0-0:42.0.0.255";

/** Script action service ids (Blue Book, action_specification service_id). */
export const WRITE_ATTRIBUTE = 1;
export const EXECUTE_METHOD = 2;

/** Disconnect control methods (Blue Book): 1 remote_disconnect, 2 remote_reconnect. */
export const REMOTE_DISCONNECT = 1;
export const REMOTE_RECONNECT = 2;

/** A logical name as it travels: the six bytes of the OBIS code. */
export const logicalName = (obis: string): TData => d.octets(obisBytes(obis));
/** Six zero bytes: "no object" where a reference is required but nothing is referred to. */
export const NO_OBJECT: TData = d.octets(new Uint8Array(6));

/** The class of a referenced object, from the profile; the class its OBIS code implies otherwise. */
export function classOf(profile: TUserProfile, obis: string, fallback: number): number {
  return objectByObis(profile, obis)?.classId ?? fallback;
}

/** Energy and maximum demand registers per tariff rate (D = 8 or 6, E = rate 1..63): the registers a tariff mask switches. */
export function rateRegisters(profile: TUserProfile): TProfileObject[] {
  return profile.objects.filter((o) => {
    if (o.classId !== 3 && o.classId !== 4) return false;
    const [a, , c, d_, e] = obisGroups(o.obis);
    return a === 1 && c >= 1 && c <= 80 && (d_ === 8 || d_ === 6) && e >= 1 && e <= 63;
  });
}

/** Number of tariff rates: the highest rate any rate register has, at least one. */
export function tariffRates(profile: TUserProfile): number {
  return Math.max(1, ...rateRegisters(profile).map((o) => obisGroups(o.obis)[4]));
}

export const maskName = (rate: number): string => `RATE${rate}`;

/** The relays of the public lighting circuits: disconnect control objects 0-k:96.3.10.255, k = 1, 2, ... */
export function lightingRelays(profile: TUserProfile): TProfileObject[] {
  return objectsOfClass(profile, 70)
    .filter((o) => {
      const [a, b, c, d_, e] = obisGroups(o.obis);
      return a === 0 && b >= 1 && c === 96 && d_ === 3 && e === 10;
    })
    .sort((x, y) => obisGroups(x.obis)[1] - obisGroups(y.obis)[1]);
}

/** Script selectors of the lighting script table: relay k (1-based) is switched on by 2k − 1 and off by 2k. */
export const relayScript = (relay: number, on: boolean): number => (on ? 2 * relay - 1 : 2 * relay);

/** Push setups (0-b:25.9.0.255); the push script table runs push setup b with script b. */
export const pushInstance = (object: TProfileObject): number => obisGroups(object.obis)[1];
export const pushSetups = (profile: TUserProfile): TProfileObject[] => objectsOfClass(profile, 40).sort((a, b) => pushInstance(a) - pushInstance(b));

/** The object a family of objects is found by: its usual OBIS code, else the first of its class. */
export function objectOr(profile: TUserProfile, obis: string, classId: number): TProfileObject | undefined {
  return objectByObis(profile, obis) ?? objectsOfClass(profile, classId)[0];
}
