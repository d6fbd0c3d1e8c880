import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatTimestamp, parseTimestamp, standardTimeMs, timestampOfDateTime } from "@/lib/p1/tst";

const timestamp = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }), dst: fc.boolean() });

describe("formatTimestamp", () => {
  test("writes YYMMDDhhmmss and S for daylight saving time, W otherwise (the seed's example 101209113020W)", () => {
    expect(formatTimestamp({ year: 2010, month: 12, day: 9, hour: 11, minute: 30, second: 20, dst: false })).toBe("101209113020W");
    expect(formatTimestamp({ year: 2026, month: 7, day: 1, hour: 8, minute: 5, second: 0, dst: true })).toBe("260701080500S");
  });
});

describe("parseTimestamp", () => {
  test("reads back every time stamp it writes", () => {
    fc.assert(
      fc.property(timestamp, (t) => {
        expect(parseTimestamp(formatTimestamp(t))).toEqual({ ok: true, value: t });
      }),
    );
  });

  test.each([
    ["101209113020", "the DST flag S or W is missing"],
    ["101209113020X", "the DST flag is 'X'"],
    ["101309113020W", "month 13 does not exist"],
    ["100230113020W", "day 30 does not exist in 2010-02"],
    ["101209243020W", "time 24:30:20 does not exist"],
    ["10120911302AW", "character 12 'A' is not a digit"],
  ])("names what is wrong in %s", (text, message) => {
    const r = parseTimestamp(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe("timestampOfDateTime", () => {
  test("takes the DST flag from clock status bit 0x80 and refuses unspecified fields", () => {
    expect(timestampOfDateTime({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 1, status: 0x80 })?.dst).toBe(true);
    expect(timestampOfDateTime({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 1, status: null })?.dst).toBe(false);
    expect(timestampOfDateTime({ year: null, month: 3, day: 29, hour: 3, minute: 0, second: 1, status: 0 })).toBeNull();
  });
});

describe("standardTimeMs", () => {
  test("puts the autumn change 02:59:59S → 02:00:00W one second apart", () => {
    const before = parseTimestamp("261025025959S");
    const after = parseTimestamp("261025020000W");
    expect(before.ok && after.ok && standardTimeMs(after.value) - standardTimeMs(before.value)).toBe(1000);
  });
});
