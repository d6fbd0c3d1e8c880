import { describe, expect, test } from "vitest";
import { hex } from "@/lib/dlms/bytes";
import {
  derBitString,
  derBoolean,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from "@/lib/dlms/security/der-writer";

/** Vectors worked out by hand from X.690 (8.3 integers, 8.6 bit strings, 8.19 object identifiers, 8.1.3 lengths). */
describe("derInteger", () => {
  test.each([
    [0n, "020100"],
    [127n, "02017f"],
    [128n, "02020080"],
    [256n, "02020100"],
    [-1n, "0201ff"],
    [-128n, "020180"],
    [-129n, "0202ff7f"],
  ])("%s is written in the fewest two's complement bytes", (v, expected) => {
    expect(hex(derInteger(v))).toBe(expected);
  });
});

describe("derOid", () => {
  test.each([
    ["2.5.4.3", "0603550403"],
    ["1.2.840.10045.4.3.2", "06082a8648ce3d040302"],
    ["1.3.132.0.34", "06052b81040022"],
    ["2.999.3", "0603883703"],
  ])("%s packs the first two arcs into one and the rest base-128", (oid, expected) => {
    expect(hex(derOid(oid))).toBe(expected);
  });

  test("refuses text that is not an object identifier", () => {
    for (const bad of ["1", "3.1", "1.40", "1.2.x", ""]) expect(() => derOid(bad)).toThrow(RangeError);
  });
});

describe("lengths", () => {
  test.each([
    [127, "047f"],
    [128, "048180"],
    [256, "04820100"],
    [70000, "0483011170"],
  ])("a %i-byte content gets the shortest definite length", (n, prefix) => {
    expect(hex(derOctetString(new Uint8Array(n))).slice(0, prefix.length)).toBe(prefix);
  });
});

describe("derTime", () => {
  test("uses UTCTime for 1950 to 2049 and GeneralizedTime from 2050, always with seconds and Z", () => {
    const ascii = (b: Uint8Array) => new TextDecoder().decode(b.subarray(2));
    expect([derTime(new Date("2049-12-31T23:59:59Z"))[0], ascii(derTime(new Date("2049-12-31T23:59:59Z")))]).toEqual([0x17, "491231235959Z"]);
    expect([derTime(new Date("1950-01-01T00:00:00Z"))[0], ascii(derTime(new Date("1950-01-01T00:00:00Z")))]).toEqual([0x17, "500101000000Z"]);
    expect([derTime(new Date("2050-01-01T00:00:00Z"))[0], ascii(derTime(new Date("2050-01-01T00:00:00Z")))]).toEqual([0x18, "20500101000000Z"]);
    expect(ascii(derTime(new Date("1949-06-01T12:00:00Z")))).toBe("19490601120000Z");
  });

  test("refuses an invalid date", () => {
    expect(() => derTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("the other elements", () => {
  test("are tag, length and content", () => {
    expect(hex(derBoolean(true))).toBe("0101ff");
    expect(hex(derBitString(Uint8Array.of(0x80), 7))).toBe("03020780");
    expect(hex(derExplicit(0, derInteger(2n)))).toBe("a003020102");
    expect(hex(derSequence(derInteger(1n), derInteger(2n)))).toBe("3006020101020102");
    expect(hex(derSet(derUtf8String("A")))).toBe("31030c0141");
  });

  test("a bit string cannot have more than 7 unused bits, nor any when empty", () => {
    expect(() => derBitString(Uint8Array.of(0), 8)).toThrow(RangeError);
    expect(() => derBitString(new Uint8Array(0), 1)).toThrow(RangeError);
  });
});
