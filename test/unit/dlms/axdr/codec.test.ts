import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { decodeData, encodeData } from "@/lib/dlms/axdr/codec";
import { d, type TData, type TTypeDescription } from "@/lib/dlms/axdr/data";
import { equalData } from "@/lib/dlms/axdr/format";

/** Vectors worked out by hand from the Blue Book's A-XDR rules (4.1.5) unless a test says otherwise. */
const roundTrip = (value: TData, expected: string) => {
  expect(hex(encodeData(value))).toBe(expected.replace(/\s/g, ""));
  const back = decodeData(fromHex(expected));
  expect(back.ok && equalData(back.value, value)).toBe(true);
};

describe("encodeData and decodeData", () => {
  test.each<[string, TData, string]>([
    ["null-data is its tag alone", d.null(), "00"],
    ["boolean true is one byte 01 (any non-zero byte decodes as true)", d.bool(true), "03 01"],
    ["integer is a signed byte", d.i8(-2), "0f fe"],
    ["long is two bytes big-endian, two's complement", d.i16(-300), "10 fe d4"],
    ["unsigned is one byte", d.u8(200), "11 c8"],
    ["long-unsigned is two bytes big-endian", d.u16(0x1234), "12 12 34"],
    ["double-long is four bytes, two's complement", d.i32(-1), "05 ff ff ff ff"],
    ["double-long-unsigned is four bytes", d.u32(4294967295), "06 ff ff ff ff"],
    ["long64 is eight bytes", d.i64(-2n), "14 ff ff ff ff ff ff ff fe"],
    ["long64-unsigned keeps values beyond 2^53 exactly", d.u64(18446744073709551615n), "15 ff ff ff ff ff ff ff ff"],
    ["enum is one byte", d.enum(3), "16 03"],
    ["float32 is IEEE 754 single precision, big-endian", d.f32(1.5), "17 3f c0 00 00"],
    ["float64 is IEEE 754 double precision, big-endian", d.f64(-2), "18 c0 00 00 00 00 00 00 00"],
    ["octet-string carries its length first", d.octets([0, 0, 1, 0, 0, 255]), "09 06 00 00 01 00 00 ff"],
    ["visible-string carries its length first", d.visible("GRX"), "0a 03 47 52 58"],
    ["utf8-string counts bytes, not characters", d.utf8("é"), "0c 02 c3 a9"],
    ["bit-string counts bits and pads the last byte with zeros", d.bits("101"), "04 03 a0"],
    ["a bit-string of 9 bits takes two bytes", d.bits("111111111"), "04 09 ff 80"],
    ["structure carries its element count", d.struct(d.u8(1), d.bool(false)), "02 02 11 01 03 00"],
    ["array carries its element count", d.array([d.u16(1), d.u16(2)]), "01 02 12 00 01 12 00 02"],
    ["an empty array is its tag and a zero count", d.array([]), "01 00"],
  ])("%s", (_name, value, expected) => roundTrip(value, expected));

  test("a length of 128 or more takes 0x81 and one byte, 256 or more 0x82 and two bytes", () => {
    expect(hex(encodeData(d.octets(new Uint8Array(200)))).slice(0, 6)).toBe("0981c8");
    expect(hex(encodeData(d.octets(new Uint8Array(300)))).slice(0, 8)).toBe("0982012c");
    const back = decodeData(encodeData(d.octets(new Uint8Array(300).fill(7))));
    expect(back.ok && back.value.type === "octet-string" && back.value.value.length).toBe(300);
  });

  test("date-time is 12 bytes: year, month, day, weekday, time, deviation, status", () => {
    const value = d.dateTime({ year: 2026, month: 12, day: 1, dayOfWeek: 2, hour: 21, minute: 57, second: 8, hundredths: 0, deviation: -60, status: 0x80 });
    roundTrip(value, "19 07ea 0c 01 02 15 39 08 00 ffc4 80");
  });

  test("unspecified date-time fields are 0xFF, 0xFFFF for the year and 0x8000 for the deviation", () => {
    const value = d.dateTime({ year: null, month: null, day: null, dayOfWeek: null, hour: 0, minute: 0, second: 0, hundredths: null, deviation: null, status: null });
    roundTrip(value, "19 ffff ff ff ff 00 00 00 ff 8000 ff");
  });

  test("date and time are 5 and 4 bytes", () => {
    roundTrip(d.date({ year: 2027, month: 0xfe, day: 0xfe, dayOfWeek: 7 }), "1a 07eb fe fe 07");
    roundTrip(d.time({ hour: 23, minute: 59, second: 59, hundredths: 99 }), "1b 17 3b 3b 63");
  });

  test("a compact array writes its type description once and its elements without tags", () => {
    const description: TTypeDescription = { type: "structure", elements: [{ type: "long-unsigned" }, { type: "boolean" }] };
    const value: TData = { type: "compact-array", description, items: [d.struct(d.u16(1), d.bool(true)), d.struct(d.u16(2), d.bool(false))] };
    roundTrip(value, "13 02 02 12 03 06 0001 01 0002 00");
  });

  test("a compact array of arrays repeats the element count of its description", () => {
    const description: TTypeDescription = { type: "array", count: 2, element: { type: "unsigned" } };
    const value: TData = { type: "compact-array", description, items: [d.array([d.u8(1), d.u8(2)])] };
    roundTrip(value, "13 01 0002 11 02 01 02");
  });
});

describe("decodeData on bad input", () => {
  test.each([
    ["an empty input is truncated", "", "truncated"],
    ["an unknown tag is invalid", "08 00", "invalid"],
    ["an octet string longer than the input is truncated", "09 05 01 02", "truncated"],
    ["an array claiming more elements than bytes is truncated", "01 82 ff ff 00", "truncated"],
    ["a length of five bytes is refused", "09 85 00 00 00 00 01", "invalid"],
    ["bytes after the value are refused", "11 01 00", "invalid"],
    ["a compact array of elements that take no bytes is refused", "13 00 02 00 00", "invalid"],
  ])("%s", (_name, input, code) => {
    const r = decodeData(fromHex(input));
    expect(r.ok ? "ok" : r.error.code).toBe(code);
  });

  test("nesting deeper than the limit is refused, not a stack overflow", () => {
    const deep = fromHex("0101".repeat(10_000) + "00");
    const r = decodeData(deep);
    expect(r.ok ? "ok" : r.error.code).toBe("too-large");
  });

  test("random bytes never throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = decodeData(bytes);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 20_000 },
    );
  });
});

const arbData: fc.Arbitrary<TData> = fc.letrec<{ data: TData }>((tie) => ({
  data: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(d.null()),
    fc.boolean().map(d.bool),
    fc.integer({ min: -128, max: 127 }).map(d.i8),
    fc.integer({ min: -32768, max: 32767 }).map(d.i16),
    fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(d.i32),
    fc.integer({ min: 0, max: 0xffffffff }).map(d.u32),
    fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map(d.i64),
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(d.u64),
    fc.integer({ min: 0, max: 255 }).map(d.enum),
    fc.double({ noNaN: true }).map(d.f64),
    fc.uint8Array({ maxLength: 300 }).map(d.octets),
    fc.string({ maxLength: 40 }).map(d.utf8),
    fc.stringMatching(/^[01]{0,40}$/).map(d.bits),
    fc.array(tie("data"), { maxLength: 5 }).map(d.array),
    fc.array(tie("data"), { maxLength: 5 }).map((items) => d.struct(...items)),
  ),
})).data;

describe("A-XDR round trip", () => {
  test("every value decodes to itself", () => {
    fc.assert(
      fc.property(arbData, (value) => {
        const back = decodeData(encodeData(value));
        expect(back.ok && equalData(back.value, value)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });
});
