import { describe, expect, test } from "vitest";
import { CLOCK_STATUS, DAY_LAST, instantOfDateTime } from "@/lib/dlms/axdr/date-time";
import type { TData } from "@/lib/dlms/axdr/data";
import type { TUserProfile } from "@/lib/profile/schema";
import { initialAttributeValue } from "@/lib/simulator/values/initial-value";
import { contextOf, readProfile } from "./examples";

const CET = readProfile("three-phase-hls-cellular");
const clockOf = (p: TUserProfile) => p.objects.find((o) => o.obis === "0-0:1.0.0.255")!;
const attribute = (p: TUserProfile, index: number, at: number): TData => initialAttributeValue(clockOf(p), index, contextOf(p, at));
const timeAt = (p: TUserProfile, at: number) => {
  const v = attribute(p, 2, at);
  if (v.type !== "date-time") throw new Error(`clock time is ${v.type}`);
  return v.value;
};

describe("the clock at start-up", () => {
  test("shows Central European Summer Time in July: local = UTC + 2 h, deviation -120, DST status bit", () => {
    const t = timeAt(CET, Date.UTC(2026, 6, 15, 10, 7, 30));
    expect(t).toMatchObject({ year: 2026, month: 7, day: 15, dayOfWeek: 3, hour: 12, minute: 7, second: 30, deviation: -120, status: CLOCK_STATUS.daylightSaving });
    expect(instantOfDateTime(t)).toBe(Date.UTC(2026, 6, 15, 10, 7, 30));
    expect(attribute(CET, 4, Date.UTC(2026, 6, 15))).toEqual({ type: "unsigned", value: CLOCK_STATUS.daylightSaving });
  });

  test("shows Central European Time in January: deviation -60, no status bit", () => {
    const t = timeAt(CET, Date.UTC(2026, 0, 15, 10, 0, 0));
    expect(t).toMatchObject({ hour: 11, deviation: -60, status: 0 });
    expect(attribute(CET, 4, Date.UTC(2026, 0, 15))).toEqual({ type: "unsigned", value: 0 });
  });

  test("changes to summer time at 01:00 UTC on the last Sunday of March and back on the last Sunday of October", () => {
    expect(timeAt(CET, Date.UTC(2026, 2, 29, 0, 59, 59)).deviation).toBe(-60);
    expect(timeAt(CET, Date.UTC(2026, 2, 29, 1, 0, 0))).toMatchObject({ hour: 3, deviation: -120 });
    expect(timeAt(CET, Date.UTC(2026, 9, 25, 0, 59, 59)).deviation).toBe(-120);
    expect(timeAt(CET, Date.UTC(2026, 9, 25, 1, 0, 0))).toMatchObject({ hour: 2, deviation: -60 });
  });

  test("holds the switches as any-year last Sundays at the local time they happen", () => {
    const begin = attribute(CET, 5, Date.UTC(2026, 0, 1));
    const end = attribute(CET, 6, Date.UTC(2026, 0, 1));
    expect(begin).toEqual({ type: "date-time", value: { year: null, month: 3, day: DAY_LAST, dayOfWeek: 7, hour: 2, minute: 0, second: 0, hundredths: 0, deviation: null, status: null } });
    expect(end).toMatchObject({ value: { month: 10, day: DAY_LAST, dayOfWeek: 7, hour: 3 } });
    expect(attribute(CET, 7, 0)).toEqual({ type: "integer", value: 60 });
  });

  test("stays on standard time all year when the profile disables daylight saving", () => {
    const noDst: TUserProfile = {
      ...CET,
      objects: CET.objects.map((o) => (o.obis === "0-0:1.0.0.255" ? { ...o, attributes: o.attributes.map((a) => (a.index === 8 ? { ...a, value: false } : a)) } : o)),
      parameters: CET.parameters.filter((p) => p.id !== "daylightSavingsEnabled"),
    };
    expect(timeAt(noDst, Date.UTC(2026, 6, 15, 10, 0, 0))).toMatchObject({ hour: 11, deviation: -60, status: 0 });
    expect(attribute(noDst, 8, 0)).toEqual({ type: "boolean", value: false });
  });

  test("the local time object shows the clock's time of day", () => {
    const at = Date.UTC(2026, 6, 15, 10, 7, 30);
    const local = CET.objects.find((o) => o.obis === "0-0:0.9.1.255")!;
    expect(initialAttributeValue(local, 2, contextOf(CET, at))).toEqual({ type: "octet-string", value: Uint8Array.from([12, 7, 30, 0]) });
  });
});
