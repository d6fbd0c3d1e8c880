import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { obisGroups, type TValueContext } from "./context";
import { meterDateTime } from "./clock";
import { actionInForce } from "../meter/calendar";
import { dateOctets, dateTimeOctets, NOT_SPECIFIED_DATE, NOT_SPECIFIED_DATE_TIME, timeOctets, timeOfDay } from "./date-times";
import { lightingRelays, logicalName, maskName, objectOr, rateRegisters, relayScript, REGISTER_ACTIVATION, SCRIPT_TABLES, tariffRates, WRITE_ATTRIBUTE } from "./references";

/**
 * The time-of-use calendar (Activity calendar 0-0:13.0.0.255, Special days table, Register activation)
 * and the public lighting switching calendar (0-0:13.0.10.255), as a utility would program them:
 * winter and summer seasons, working days with peak, shoulder and off-peak rates, weekends and
 * fixed holidays off-peak. The passive calendars start empty: nothing is planned yet.
 * Structures follow the Blue Book (classes 20, 11 and 6); types checked
 * against Gurux.DLMS.Python 1.0.197 GXDLMSActivityCalendar, GXDLMSSpecialDaysTable, GXDLMSRegisterActivation.
 */

interface TSwitch {
  hour: number;
  minute: number;
  selector: number;
}
interface TDay {
  id: number;
  switches: TSwitch[];
}
interface TSeason {
  name: string;
  month: number;
  day: number;
  week: string;
}
interface TWeek {
  name: string;
  /** Day ids, Monday first. */
  days: readonly [number, number, number, number, number, number, number];
}
interface TCalendar {
  name: string;
  scripts: string;
  seasons: TSeason[];
  weeks: TWeek[];
  days: TDay[];
}

const PEAK = 1;
const SHOULDER = 2;
const OFF_PEAK = 3;
const WORKDAY_WINTER = 1;
const WORKDAY_SUMMER = 2;
const REST_DAY = 3;

function touCalendar(rates: number): TCalendar {
  const rate = (r: number): number => Math.min(r, rates);
  const at = (hour: number, r: number): TSwitch => ({ hour, minute: 0, selector: rate(r) });
  return {
    name: "TOU",
    scripts: SCRIPT_TABLES.tariffs,
    seasons: [
      { name: "WINTER1", month: 1, day: 1, week: "WINTER" },
      { name: "SUMMER", month: 4, day: 1, week: "SUMMER" },
      { name: "WINTER2", month: 10, day: 1, week: "WINTER" },
    ],
    weeks: [
      { name: "WINTER", days: [WORKDAY_WINTER, WORKDAY_WINTER, WORKDAY_WINTER, WORKDAY_WINTER, WORKDAY_WINTER, REST_DAY, REST_DAY] },
      { name: "SUMMER", days: [WORKDAY_SUMMER, WORKDAY_SUMMER, WORKDAY_SUMMER, WORKDAY_SUMMER, WORKDAY_SUMMER, REST_DAY, REST_DAY] },
    ],
    days: [
      { id: WORKDAY_WINTER, switches: [at(0, OFF_PEAK), at(8, SHOULDER), at(18, PEAK), at(22, SHOULDER)] },
      { id: WORKDAY_SUMMER, switches: [at(0, OFF_PEAK), at(8, SHOULDER), at(11, PEAK), at(15, SHOULDER)] },
      { id: REST_DAY, switches: [at(0, OFF_PEAK)] },
    ],
  };
}

/** Fixed holidays (any year) on which the rest-day profile applies. */
const HOLIDAYS = [
  { month: 1, day: 1 },
  { month: 5, day: 1 },
  { month: 12, day: 25 },
] as const;

const LIGHTS_WINTER = 1;
const LIGHTS_SUMMER = 2;

/** Lighting: on at dusk and off at dawn, each relay a minute after the previous one to spread the inrush. */
function lightingCalendar(relays: number): TCalendar {
  const day = (id: number, off: readonly [number, number], on: readonly [number, number]): TDay => {
    const switches: TSwitch[] = [];
    const at = (start: readonly [number, number], k: number, on: boolean): TSwitch => {
      const minutes = start[0] * 60 + start[1] + k - 1;
      return { hour: Math.floor(minutes / 60), minute: minutes % 60, selector: relayScript(k, on) };
    };
    for (let k = 1; k <= relays; k++) switches.push(at(off, k, false));
    for (let k = 1; k <= relays; k++) switches.push(at(on, k, true));
    return { id, switches };
  };
  const every = (id: number) => [id, id, id, id, id, id, id] as const;
  return {
    name: "LIGHTING",
    scripts: SCRIPT_TABLES.lighting,
    seasons: [
      { name: "WINTER1", month: 1, day: 1, week: "WINTER" },
      { name: "SUMMER", month: 4, day: 1, week: "SUMMER" },
      { name: "WINTER2", month: 10, day: 1, week: "WINTER" },
    ],
    weeks: [
      { name: "WINTER", days: every(LIGHTS_WINTER) },
      { name: "SUMMER", days: every(LIGHTS_SUMMER) },
    ],
    days: [day(LIGHTS_WINTER, [7, 30], [18, 0]), day(LIGHTS_SUMMER, [6, 0], [21, 0])],
  };
}

const isLighting = (object: TProfileObject): boolean => obisGroups(object.obis)[4] === 10;

function calendarOf(object: TProfileObject, profile: TUserProfile): TCalendar {
  return isLighting(object) ? lightingCalendar(lightingRelays(profile).length) : touCalendar(tariffRates(profile));
}

const text = (s: string): TData => d.octets(new TextEncoder().encode(s));

function seasonProfile(calendar: TCalendar): TData {
  return d.array(
    calendar.seasons.map((s) =>
      d.struct(text(s.name), dateTimeOctets({ ...NOT_SPECIFIED_DATE_TIME, month: s.month, day: s.day, ...timeOfDay(0, 0) }), text(s.week)),
    ),
  );
}

function weekProfiles(calendar: TCalendar): TData {
  return d.array(calendar.weeks.map((w) => d.struct(text(w.name), ...w.days.map((id) => d.u8(id)))));
}

function dayProfiles(calendar: TCalendar): TData {
  const script = logicalName(calendar.scripts);
  return d.array(
    calendar.days.map((day) =>
      d.struct(d.u8(day.id), d.array(day.switches.map((s) => d.struct(timeOctets(timeOfDay(s.hour, s.minute)), script, d.u16(s.selector))))),
    ),
  );
}

export function activityCalendarAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const calendar = calendarOf(object, ctx.profile);
  switch (index) {
    case 2:
      return text(calendar.name);
    case 3:
      return seasonProfile(calendar);
    case 4:
      return weekProfiles(calendar);
    case 5:
      return dayProfiles(calendar);
    case 6:
      return d.octets([]);
    case 7:
    case 8:
    case 9:
      return d.array([]);
    case 10:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    default:
      return undefined;
  }
}

export function specialDaysAttribute(_object: TProfileObject | undefined, index: number): TData | undefined {
  if (index !== 2) return undefined;
  return d.array(HOLIDAYS.map((h, i) => d.struct(d.u16(i + 1), dateOctets({ ...NOT_SPECIFIED_DATE, month: h.month, day: h.day }), d.u8(REST_DAY))));
}

/** The tariff rate in force when the meter starts: the selector its time-of-use calendar's action in force names. */
export function tariffAtStart(ctx: TValueContext): number {
  const calendar = touCalendar(tariffRates(ctx.profile));
  const tables = { seasons: seasonProfile(calendar), weeks: weekProfiles(calendar), days: dayProfiles(calendar), specialDays: specialDaysAttribute(undefined, 2) };
  return actionInForce(tables, meterDateTime(ctx.profile, ctx.startedAt))?.selector ?? 1;
}

export function registerActivationAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const registers = rateRegisters(ctx.profile);
  switch (index) {
    case 2:
      return d.array(registers.map((r) => d.struct(d.u16(r.classId), logicalName(r.obis))));
    case 3: {
      const masks: TData[] = [];
      for (let rate = 1; rate <= tariffRates(ctx.profile); rate++) {
        const positions = registers.flatMap((r, i) => (obisGroups(r.obis)[4] === rate ? [d.u8(i + 1)] : []));
        masks.push(d.struct(text(maskName(rate)), d.array(positions)));
      }
      return d.array(masks);
    }
    case 4:
      return text(maskName(tariffAtStart(ctx)));
    default:
      return undefined;
  }
}

/** The tariffication scripts: script k makes mask k the register activation's active mask (attribute 4). */
export function tariffScripts(profile: TUserProfile): TData[] {
  const activation = logicalName(objectOr(profile, REGISTER_ACTIVATION, 6)?.obis ?? REGISTER_ACTIVATION);
  const scripts: TData[] = [];
  for (let rate = 1; rate <= tariffRates(profile); rate++) {
    scripts.push(d.struct(d.u16(rate), d.array([d.struct(d.enum(WRITE_ATTRIBUTE), d.u16(6), activation, d.i8(4), text(maskName(rate)))])));
  }
  return scripts;
}
