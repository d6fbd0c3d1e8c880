import { d, type TData } from "../../dlms/axdr/data";
import { CLOCK_STATUS, DAY_LAST, dateTimeFromInstant, type TCosemDateTime } from "../../dlms/axdr/date-time";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectByObis, objectsOfClass, type TValueContext } from "./context";
import { NOT_SPECIFIED_DATE_TIME } from "./date-times";
import { fixedValue } from "./fixed-values";

/**
 * The meter's clock (class 8) and the local time every other time stamp is written in. Deviations
 * follow lib/dlms/axdr/date-time.ts: UTC minus local time, so Central European Time is -60 and its
 * summer time -120. Daylight saving follows the European rule (Directive 2000/84/EC): from the last
 * Sunday of March to the last Sunday of October, both at 01:00 UTC.
 */

export interface TClockSettings {
  /** Clock time_zone: UTC minus local standard time, in minutes. */
  timeZone: number;
  daylightSavingEnabled: boolean;
  /** Minutes the clock moves forward in summer (daylight_savings_deviation). */
  daylightSavingDeviation: number;
}

const CLOCK_OBIS = "0-0:1.0.0.255";
const SUMMER_SHIFT_MIN = 60;
/** Clock base: internal crystal (Blue Book clock_base (1)), as meters with a battery-backed RTC report. */
const CLOCK_BASE_CRYSTAL = 1;
/** Time zone of a profile that fixes none: Central European Time, where most PRIME meters run. */
const DEFAULT_TIME_ZONE = -60;

export function clockObject(profile: TUserProfile): TProfileObject | undefined {
  return objectByObis(profile, CLOCK_OBIS) ?? objectsOfClass(profile, 8)[0];
}

/**
 * The clock time_zone for the profile's time zone offset: the questionnaire asks for local time minus
 * UTC (60 for Central European Time), the clock holds UTC minus local time (-60).
 */
export const timeZoneOfOffset = (offsetMinutes: number): number => (offsetMinutes === 0 ? 0 : -offsetMinutes);

export function clockSettings(profile: TUserProfile): TClockSettings {
  const clock = clockObject(profile);
  const offset = clock ? fixedValue(profile, clock, 3) : undefined;
  const enabled = clock ? fixedValue(profile, clock, 8) : undefined;
  return {
    timeZone: typeof offset === "number" ? timeZoneOfOffset(offset) : DEFAULT_TIME_ZONE,
    daylightSavingEnabled: typeof enabled === "boolean" ? enabled : true,
    daylightSavingDeviation: SUMMER_SHIFT_MIN,
  };
}

/** 01:00 UTC on the last Sunday of a month (0-based month). */
function lastSundayAtOneUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

export function daylightSavingActive(ms: number, settings: TClockSettings): boolean {
  if (!settings.daylightSavingEnabled) return false;
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayAtOneUtc(year, 2) && ms < lastSundayAtOneUtc(year, 9);
}

/** What a clock with these settings shows at an instant: local time, its deviation and the status (DST bit, invalid bit). */
export function dateTimeAt(ms: number, settings: TClockSettings, invalid = false): TCosemDateTime {
  const summer = daylightSavingActive(ms, settings);
  const deviation = settings.timeZone - (summer ? settings.daylightSavingDeviation : 0);
  return dateTimeFromInstant(ms, deviation, (summer ? CLOCK_STATUS.daylightSaving : 0) | (invalid ? CLOCK_STATUS.invalid : 0));
}

/** What the profile's clock shows at an instant. */
export function meterDateTime(profile: TUserProfile, ms: number): TCosemDateTime {
  return dateTimeAt(ms, clockSettings(profile));
}

/**
 * A daylight saving switch as the clock holds it: any year, the last Sunday of the month, at the
 * local time the switch happens (01:00 UTC shown in local standard time for the begin, in local
 * summer time for the end).
 */
function switchDateTime(month: number, utcHour: number, settings: TClockSettings, summer: boolean): TData {
  const localMinutes = utcHour * 60 - settings.timeZone + (summer ? settings.daylightSavingDeviation : 0);
  const minutes = ((localMinutes % 1440) + 1440) % 1440;
  return d.dateTime({ ...NOT_SPECIFIED_DATE_TIME, month, day: DAY_LAST, dayOfWeek: 7, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, hundredths: 0 });
}

export function clockAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const settings = clockSettings(ctx.profile);
  switch (index) {
    case 2:
      return d.dateTime(meterDateTime(ctx.profile, ctx.startedAt));
    case 3:
      return d.i16(settings.timeZone);
    case 4:
      return d.u8(daylightSavingActive(ctx.startedAt, settings) ? CLOCK_STATUS.daylightSaving : 0);
    case 5:
      return switchDateTime(3, 1, settings, false);
    case 6:
      return switchDateTime(10, 1, settings, true);
    case 7:
      return d.i8(settings.daylightSavingDeviation);
    case 8:
      return d.bool(settings.daylightSavingEnabled);
    case 9:
      return d.enum(CLOCK_BASE_CRYSTAL);
    default:
      return undefined;
  }
}
