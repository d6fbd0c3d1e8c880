import { describe, expect, test } from "vitest";
import { checkValue, parseFormat, type TP1ValueSpec } from "@/lib/p1/format";

const spec = (format: string, unit: string | null, encoding: TP1ValueSpec["encoding"] = null): TP1ValueSpec => ({ format: parseFormat(format)!, unit, encoding });

describe("parseFormat", () => {
  test("reads the formats of the readout list", () => {
    expect(parseFormat("F9(3,3)")).toEqual({ kind: "fixed", text: "F9(3,3)", digits: 9, minDecimals: 3, maxDecimals: 3 });
    expect(parseFormat("F8(0,3)")).toMatchObject({ minDecimals: 0, maxDecimals: 3 });
    expect(parseFormat("I1")).toEqual({ kind: "integer", text: "I1", digits: 1 });
    expect(parseFormat("S32")).toEqual({ kind: "string", text: "S32", minLength: 0, maxLength: 32 });
    expect(parseFormat("Sn(n=0..2048)")).toEqual({ kind: "string", text: "Sn(n=0..2048)", minLength: 0, maxLength: 2048 });
    expect(parseFormat("TST")).toEqual({ kind: "timestamp", text: "TST" });
  });

  test.each(["F3(3,3)", "F5(3,1)", "11", "S", "Sn(n=5..2)", "T"])("refuses %s", (text) => expect(parseFormat(text)).toBeNull());
});

describe("checkValue", () => {
  test("accepts values written as their row says", () => {
    expect(checkValue(spec("F9(3,3)", "kWh"), "000123.456*kWh")).toBeNull();
    expect(checkValue(spec("F5(3,3)", "kW"), "01.193*kW")).toBeNull();
    expect(checkValue(spec("F4(1,1)", "kVA"), "011.0*kVA")).toBeNull();
    expect(checkValue(spec("F3(0,0)", null), "003")).toBeNull();
    expect(checkValue(spec("F8(0,3)", "m3"), "12785.123*m3")).toBeNull();
    expect(checkValue(spec("F8(0,3)", "m3"), "1278512.3*m3")).toBeNull();
    expect(checkValue(spec("I1", null), "1")).toBeNull();
    expect(checkValue(spec("S32", null, "hex"), "4B384547303034303436333935353037")).toBeNull();
    expect(checkValue(spec("Sn(n=0..2048)", null, "hex"), "")).toBeNull();
    expect(checkValue(spec("S2", null, "characters"), "50")).toBeNull();
    expect(checkValue(spec("TST", null), "101209113020W")).toBeNull();
  });

  test.each([
    ["F9(3,3)", "kWh", "000123.45*kWh", "has 2 decimals; F9(3,3) needs 3"],
    ["F9(3,3)", "kWh", "123.456*kWh", "has 6 digits; F9(3,3) needs 9, leading zeros included (e.g. 000001.222)"],
    ["F9(3,3)", "kWh", "000123.456", "the unit is missing: values of this row end with *kWh"],
    ["F9(3,3)", "kWh", "000123.456*Wh", "the unit is Wh; this row's unit is kWh"],
    ["F9(3,3)", "kWh", "000123.456*KWH", "(units are case-sensitive)"],
    ["F9(3,3)", "kWh", "-00123.456*kWh", "is negative"],
    ["F9(3,3)", "kWh", "000123,456*kWh", "is not a number of the form F9(3,3)"],
    ["F3(0,0)", null, "003*m3", "a unit (*m3) is written, but this row has none"],
    ["F3(0,0)", null, "3.0", "has 1 decimal; F3(0,0) needs 0"],
    ["I1", null, "01", "has 2 digits; I1 needs 1"],
  ])("%s %s: %s is refused: %s", (format, unit, text, message) => {
    expect(checkValue(spec(format, unit), text)).toContain(message);
  });

  test("octet strings are hexadecimal, two digits per octet, within the row's length", () => {
    expect(checkValue(spec("S16", null, "hex"), "323232414243440")).toContain("odd number");
    expect(checkValue(spec("S16", null, "hex"), "G232324142434401")).toContain("'G' (character 1) is not a hexadecimal digit");
    expect(checkValue(spec("S16", null, "hex"), "32323241424344010203")).toContain("20 characters; S16 allows at most 16");
  });

  test("a time stamp without its DST flag is refused", () => {
    expect(checkValue(spec("TST", null), "101209113020")).toContain("the DST flag S or W is missing");
  });
});
