import { sha256 } from "@noble/hashes/sha2.js";
import { d, type TData, type TDataType } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { logicalDeviceName, obisGroups, type TValueContext } from "./context";
import { meterDateTime } from "./clock";
import { tariffAtStart } from "./calendars";
import { dateTimeOctets, NOT_SPECIFIED_DATE_TIME, timeOctets } from "./date-times";

/**
 * The value of Data objects (class 1), by OBIS code: what each identifier, status word, counter and
 * setting of the PRIME+ baseline holds in a meter that has just been installed. Identifiers are
 * octet-strings of text; time stamps are octet-strings holding a date-time (as the Blue Book types
 * these Data objects), every field not specified for events that have not happened yet; status words and alarm registers are double-long-unsigned bit fields (bit n
 * of the value is alarm bit n), as IDIS types them.
 */

interface TDataRule {
  matches: (g: TGroups) => boolean;
  type: (profile: TUserProfile, object: TProfileObject) => TDataType;
  value: (ctx: TValueContext, object: TProfileObject) => TData;
}
type TGroups = [number, number, number, number, number, number];

const text = (s: string): TData => d.octets(new TextEncoder().encode(s));
const is =
  (a: number, b: number | "any", c: number, d_: number, e: number | "any") =>
  (g: TGroups): boolean =>
    g[0] === a && (b === "any" || g[1] === b) && g[2] === c && g[3] === d_ && (e === "any" || g[4] === e);
const fixed = (type: TDataType) => () => type;

/** Clock synchronization method 1-0:0.9.10 (enum, Blue Book OBIS list): (6) shift time, the clock is slewed rather than stepped. */
const SHIFT_TIME = 6;
/** HAN port operation mode 0-0:96.60.0: 1 = the meter sends P1 telegrams. */
const HAN_PORT_ON = 1;
/** Maximum credit limit 0-0:19.50.1 in the account's currency units (scale -2): 1000.00. */
const MAX_CREDIT = 100_000;
/** The P1 specification version the telegrams follow (DSMR 5.0), written as its two characters. */
const P1_VERSION = "50";
/** Current transformer ratio of a transformer-connected meter, 200/5 A; voltage ratios stay 1/1 (low-voltage metering). */
const CT_RATIO = [200, 5] as const;

function connectionDiagram(profile: TUserProfile): string {
  const { phases, wiring, connection } = profile.electrical;
  const wires = { "two-wire": 2, "three-wire": 3, "four-wire": 4 }[wiring];
  return `${phases}P${wires}W ${connection}`;
}

function transformerRatio(profile: TUserProfile, e: number): number {
  const connection = profile.electrical.connection;
  if (e === 2 || e === 5) return connection === "direct" ? 1 : CT_RATIO[e === 2 ? 0 : 1];
  return 1;
}

function eventCodeType(profile: TUserProfile, object: TProfileObject): TDataType {
  const log = profile.events.logs.find((l) => l.codeObject.id === object.id);
  const highest = Math.max(0, ...(log?.events.map((e) => e.code) ?? []));
  return highest <= 0xff ? "unsigned" : "long-unsigned";
}

function alarmFilterMask(profile: TUserProfile, object: TProfileObject): number {
  return profile.alarms.registers.find((r) => r.filterObject.id === object.id)?.filterMask ?? 0xffffffff;
}

function firmwareSignature(ctx: TValueContext): TData {
  const { identifier, version } = ctx.meter.firmware;
  return d.octets(sha256(new TextEncoder().encode(`${identifier} ${version}`)));
}

const NEVER = (): TData => dateTimeOctets(NOT_SPECIFIED_DATE_TIME);

const RULES: TDataRule[] = [
  { matches: is(0, 0, 42, 0, 0), type: fixed("octet-string"), value: (ctx) => text(logicalDeviceName(ctx.meter)) },
  { matches: is(0, 0, 43, 1, "any"), type: fixed("double-long-unsigned"), value: () => d.u32(0) },
  { matches: is(0, 0, 96, 1, 0), type: fixed("octet-string"), value: (ctx) => text(ctx.meter.serialNumber) },
  // Equipment identifier of an M-Bus channel: no slave installed yet.
  { matches: is(0, "any", 96, 1, 0), type: fixed("octet-string"), value: () => d.octets([]) },
  // Utility equipment identifier and metering point: written by the Management client at installation.
  { matches: is(0, 0, 96, 1, 1), type: fixed("octet-string"), value: () => d.octets([]) },
  { matches: is(0, 0, 96, 1, 10), type: fixed("octet-string"), value: () => d.octets([]) },
  { matches: is(0, 0, 96, 1, 2), type: fixed("octet-string"), value: (ctx) => text(`DLMS/COSEM PRIME+ ${ctx.profile.baseline.version}`) },
  { matches: is(0, 0, 96, 1, 128), type: fixed("unsigned"), value: (ctx) => d.u8(ctx.profile.electrical.phases) },
  { matches: is(1, 0, 0, 2, 4), type: fixed("octet-string"), value: (ctx) => text(connectionDiagram(ctx.profile)) },
  { matches: (g) => is(1, 0, 0, 4, "any")(g) && [2, 3, 5, 6].includes(g[4]), type: fixed("long-unsigned"), value: (ctx, o) => d.u16(transformerRatio(ctx.profile, obisGroups(o.obis)[4])) },
  { matches: is(0, 0, 0, 9, 1), type: fixed("octet-string"), value: (ctx) => timeOctets(meterDateTime(ctx.profile, ctx.startedAt)) },
  { matches: is(1, 0, 0, 9, 10), type: fixed("enum"), value: () => d.enum(SHIFT_TIME) },
  { matches: is(0, 0, 96, 14, 0), type: fixed("unsigned"), value: (ctx) => d.u8(tariffAtStart(ctx)) },
  { matches: is(1, 0, 0, 1, 0), type: fixed("double-long-unsigned"), value: () => d.u32(0) },
  { matches: is(1, 0, 0, 1, 1), type: fixed("unsigned"), value: () => d.u8(0) },
  { matches: is(1, 0, 0, 1, 2), type: fixed("octet-string"), value: NEVER },
  { matches: is(0, 0, 96, 11, "any"), type: eventCodeType, value: (ctx, o) => (eventCodeType(ctx.profile, o) === "unsigned" ? d.u8(0) : d.u16(0)) },
  { matches: (g) => is(0, 0, 97, 98, "any")(g) && g[4] < 10, type: fixed("double-long-unsigned"), value: () => d.u32(0) },
  { matches: is(0, 0, 97, 98, "any"), type: fixed("double-long-unsigned"), value: (ctx, o) => d.u32(alarmFilterMask(ctx.profile, o)) },
  { matches: is(0, 0, 97, 97, 0), type: fixed("double-long-unsigned"), value: () => d.u32(0) },
  { matches: is(1, 0, 0, 2, 0), type: fixed("octet-string"), value: (ctx) => text(ctx.meter.firmware.identifier) },
  { matches: is(0, 0, 0, 2, 1), type: fixed("octet-string"), value: (ctx) => text(ctx.meter.firmware.version) },
  { matches: is(1, 0, 0, 2, 8), type: fixed("octet-string"), value: firmwareSignature },
  { matches: is(1, 0, 96, 1, 6), type: fixed("octet-string"), value: (ctx) => text(ctx.meter.firmware.former) },
  { matches: (g) => is(0, 0, 96, 2, "any")(g) && (g[4] === 1 || g[4] === 13), type: fixed("octet-string"), value: NEVER },
  { matches: (g) => is(0, 0, 96, 7, "any")(g) && (g[4] === 10 || g[4] === 14), type: fixed("octet-string"), value: NEVER },
  // AMR profile status bytes (0-0:96.10.1/2 and 0-b:96.10.3 of the M-Bus channels).
  { matches: is(0, "any", 96, 10, "any"), type: fixed("unsigned"), value: () => d.u8(0) },
  { matches: is(0, 0, 19, 50, 1), type: fixed("double-long"), value: () => d.i32(MAX_CREDIT) },
  { matches: is(0, 0, 96, 60, 0), type: fixed("enum"), value: () => d.enum(HAN_PORT_ON) },
  { matches: is(1, 3, 0, 2, 8), type: fixed("octet-string"), value: () => text(P1_VERSION) },
  { matches: is(0, 0, 96, 13, "any"), type: fixed("octet-string"), value: () => d.octets([]) },
];

/** The rule of a Data object; a Data object no rule knows is an error, so that a new baseline object shows as a gap. */
function ruleOf(object: TProfileObject): TDataRule {
  const g = obisGroups(object.obis);
  const rule = RULES.find((r) => r.matches(g));
  if (!rule) throw new Error(`no value is known for the Data object ${object.id} (${object.obis})`);
  return rule;
}

/** The type a Data object's value has, without building it. */
export const dataObjectType = (object: TProfileObject, profile: TUserProfile): TDataType => ruleOf(object).type(profile, object);

/** Whether a Data object is one whose value is a bit mask of alarm filter bits. */
export const isAlarmFilter = (object: TProfileObject, profile: TUserProfile): boolean => profile.alarms.registers.some((r) => r.filterObject.id === object.id);

export function dataAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  return index === 2 ? ruleOf(object).value(ctx, object) : undefined;
}
