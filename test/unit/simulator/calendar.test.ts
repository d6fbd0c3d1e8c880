import { describe, expect, test } from "vitest";
import { d } from "@/lib/dlms/axdr/data";
import { dateTimeFromInstant } from "@/lib/dlms/axdr/date-time";
import { actionInForce, type TCalendarTables } from "@/lib/simulator/meter/calendar";
import { activityCalendarAttribute, specialDaysAttribute } from "@/lib/simulator/values/calendars";
import { dateOctets, dateTimeOctets, timeOctets, timeOfDay, NOT_SPECIFIED_DATE, NOT_SPECIFIED_DATE_TIME } from "@/lib/simulator/values/date-times";
import { obisBytes } from "@/lib/dlms/obis";
import { contextOf, readProfile } from "./values/examples";

/**
 * The simulator's activity calendar rule (Blue Book class 20) on the full example's time-of-use
 * calendar: winter and summer seasons, working days with off-peak (3), shoulder (2) and peak (1)
 * rates, weekends and fixed holidays off-peak.
 */
const profile = readProfile("full");
const calendar = profile.objects.find((o) => o.obis === "0-0:13.0.0.255")!;
const ctx = contextOf(profile);
const tables: TCalendarTables = {
  seasons: activityCalendarAttribute(calendar, 3, ctx),
  weeks: activityCalendarAttribute(calendar, 4, ctx),
  days: activityCalendarAttribute(calendar, 5, ctx),
  specialDays: specialDaysAttribute(undefined, 2),
};
/** A local date-time as the clock shows it (deviation 0: the fields are the local time). */
const at = (year: number, month: number, day: number, hour: number, minute = 0) => dateTimeFromInstant(Date.UTC(year, month - 1, day, hour, minute), 0);

describe("activity calendar action in force", () => {
  test.each([
    ["a winter Wednesday at 07:59, off-peak", at(2026, 12, 2, 7, 59), 3, 0],
    ["a winter Wednesday at 08:00, shoulder", at(2026, 12, 2, 8, 0), 2, 8 * 3600],
    ["a winter Wednesday at 19:00, peak", at(2026, 12, 2, 19, 0), 1, 18 * 3600],
    ["a summer Wednesday at 12:00, peak from 11:00", at(2026, 7, 15, 12, 0), 1, 11 * 3600],
    ["a summer Saturday at 12:00, the rest day", at(2026, 7, 18, 12, 0), 3, 0],
    ["Christmas on a Friday, a special day of the table", at(2026, 12, 25, 19, 0), 3, 0],
    ["1 April, the summer season's first day", at(2026, 4, 1, 12, 0), 1, 11 * 3600],
  ])("%s", (_, local, selector, start) => {
    expect(actionInForce(tables, local)).toEqual({ script: "0-0:10.0.100.255", selector, start });
  });

  test("before the first action of the day, the last action of the day before is in force", () => {
    const script = d.octets(obisBytes("0-0:10.0.100.255"));
    const days = d.array([d.struct(d.u8(1), d.array([d.struct(timeOctets(timeOfDay(6, 0)), script, d.u16(2)), d.struct(timeOctets(timeOfDay(22, 0)), script, d.u16(3))]))]);
    const weeks = d.array([d.struct(d.octets(Buffer.from("W")), ...Array.from({ length: 7 }, () => d.u8(1)))]);
    const seasons = d.array([d.struct(d.octets(Buffer.from("ALL")), dateTimeOctets({ ...NOT_SPECIFIED_DATE_TIME, month: 1, day: 1, ...timeOfDay(0, 0) }), d.octets(Buffer.from("W")))]);
    expect(actionInForce({ seasons, weeks, days }, at(2026, 12, 2, 3, 0))?.selector).toBe(3);
    expect(actionInForce({ seasons, weeks, days }, at(2026, 12, 2, 6, 0))?.selector).toBe(2);
  });

  test("a special day of a given year applies that year only", () => {
    const special = d.array([d.struct(d.u16(1), dateOctets({ ...NOT_SPECIFIED_DATE, year: 2027, month: 12, day: 2 }), d.u8(3))]);
    expect(actionInForce({ ...tables, specialDays: special }, at(2026, 12, 2, 19, 0))?.selector).toBe(1);
    expect(actionInForce({ ...tables, specialDays: special }, at(2027, 12, 2, 19, 0))?.selector).toBe(3);
  });
});
