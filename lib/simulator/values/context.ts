import type { TProfileObject, TUserProfile } from "../../profile/schema";
import type { TClientId } from "../../vocabulary";

/** The firmware a simulated meter reports (identification objects and the PRIME application identification). */
export interface TFirmwareVersions {
  /** Active metrology and application firmware identifier (1-0:0.2.0.255). */
  identifier: string;
  /** Active firmware version (0-0:0.2.1.255). */
  version: string;
  /** Firmware version that was active before the last upgrade (1-0:96.1.6.255). */
  former: string;
  /** Firmware version of the PRIME communication part (class 86 firmware_version). */
  prime: string;
}

/** Who the meter is: the manufacturer, the serial number and what is derived from them. */
export interface TMeterIdentity {
  /** Manufacturer FLAG id, three capital letters (for example "PRP"). */
  flagId: string;
  /** Manufacturing serial number, as on the nameplate. */
  serialNumber: string;
  /** The server system title, 8 bytes. */
  systemTitle: Uint8Array;
  firmware: TFirmwareVersions;
}

/** Everything initial values are made from. */
export interface TValueContext {
  profile: TUserProfile;
  meter: TMeterIdentity;
  /** When the meter starts, in ms since the epoch: the clock and every start-up time stamp derive from it. */
  startedAt: number;
  /** The client the current association (0-0:40.0.0.255) stands for; the Public client when absent. */
  currentClient?: TClientId;
}

const FLAG_ID = /^[A-Z]{3}$/;

/**
 * An identity whose system title follows the Green Book: the three FLAG id characters, then five
 * manufacturer-chosen bytes, here the serial number read as a decimal number (modulo 2^40) so that
 * serials below 2^40 give distinct titles.
 */
export function meterIdentity(flagId: string, serialNumber: string, firmware: TFirmwareVersions): TMeterIdentity {
  if (!FLAG_ID.test(flagId)) throw new Error(`a FLAG id is three capital letters, not "${flagId}"`);
  if (!/^\d{1,20}$/.test(serialNumber)) throw new Error(`a serial number is decimal digits, not "${serialNumber}"`);
  let rest = BigInt(serialNumber) % (1n << 40n);
  const systemTitle = new Uint8Array(8);
  for (let i = 0; i < 3; i++) systemTitle[i] = flagId.charCodeAt(i);
  for (let i = 7; i >= 3; i--) {
    systemTitle[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return { flagId, serialNumber, systemTitle, firmware };
}

/**
 * The COSEM logical device name: 16 characters, the FLAG id then the serial number on 13 digits, as
 * the Gurux example meter and IDIS write it (the Blue Book leaves the 13 characters to the maker).
 */
export function logicalDeviceName(meter: TMeterIdentity): string {
  return meter.flagId + meter.serialNumber.padStart(13, "0").slice(-13);
}

interface TProfileIndex {
  byId: ReadonlyMap<string, TProfileObject>;
  byObis: ReadonlyMap<string, TProfileObject>;
}

const INDEXES = new WeakMap<TUserProfile, TProfileIndex>();

function index(profile: TUserProfile): TProfileIndex {
  let found = INDEXES.get(profile);
  if (!found) {
    found = { byId: new Map(profile.objects.map((o) => [o.id, o])), byObis: new Map(profile.objects.map((o) => [o.obis, o])) };
    INDEXES.set(profile, found);
  }
  return found;
}

export const objectById = (profile: TUserProfile, id: string): TProfileObject | undefined => index(profile).byId.get(id);
export const objectByObis = (profile: TUserProfile, obis: string): TProfileObject | undefined => index(profile).byObis.get(obis);

/** The six value groups A..F of an object's OBIS code. */
export function obisGroups(obis: string): [number, number, number, number, number, number] {
  const m = /^(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(obis);
  if (!m) throw new Error(`not an OBIS code: ${obis}`);
  return m.slice(1).map(Number) as [number, number, number, number, number, number];
}

export const objectsOfClass = (profile: TUserProfile, classId: number): TProfileObject[] => profile.objects.filter((o) => o.classId === classId);
