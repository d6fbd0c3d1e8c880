import { describe, expect, test } from "vitest";
import { decodeControl, describeControl, encodeControl, type THdlcControl } from "@/lib/dlms/hdlc/control";

describe("encodeControl", () => {
  test("an I frame puts N(R) in bits 7..5, P/F in bit 4, N(S) in bits 3..1 (worked by hand)", () => {
    expect(encodeControl({ kind: "I", ns: 0, nr: 0, pf: true })).toBe(0x10);
    expect(encodeControl({ kind: "I", ns: 0, nr: 1, pf: true })).toBe(0x30);
    expect(encodeControl({ kind: "I", ns: 1, nr: 1, pf: true })).toBe(0x32);
    expect(encodeControl({ kind: "I", ns: 7, nr: 7, pf: false })).toBe(0xee);
  });

  test("RR is xxx P 0001 and RNR xxx P 0101 (worked by hand)", () => {
    expect(encodeControl({ kind: "RR", nr: 1, pf: true })).toBe(0x31);
    expect(encodeControl({ kind: "RR", nr: 2, pf: true })).toBe(0x51);
    expect(encodeControl({ kind: "RNR", nr: 0, pf: false })).toBe(0x05);
  });

  test("U frames with the P/F bit have the values the standard lists", () => {
    const values = ["SNRM", "DISC", "UA", "DM", "FRMR", "UI"].map((kind) => encodeControl({ kind, pf: true } as THdlcControl));
    expect(values).toEqual([0x93, 0x53, 0x73, 0x1f, 0x97, 0x13]);
    expect(encodeControl({ kind: "UI", pf: false })).toBe(0x03);
  });

  test("sequence numbers outside 0..7 are refused", () => {
    expect(() => encodeControl({ kind: "I", ns: 8, nr: 0, pf: true })).toThrow(RangeError);
  });
});

describe("decodeControl", () => {
  test("every byte decodes, and encoding what it decoded gives the byte back", () => {
    for (let v = 0; v < 256; v++) expect(encodeControl(decodeControl(v))).toBe(v);
  });

  test("REJ and unknown U frames decode as other", () => {
    expect(decodeControl(0x09)).toEqual({ kind: "other", value: 0x09 });
    expect(decodeControl(0x2f)).toEqual({ kind: "other", value: 0x2f });
  });

  test("reads the fields of I and S frames", () => {
    expect(decodeControl(0x54)).toEqual({ kind: "I", ns: 2, nr: 2, pf: true });
    expect(decodeControl(0x51)).toEqual({ kind: "RR", nr: 2, pf: true });
  });
});

describe("describeControl", () => {
  test("names the frame and its numbers", () => {
    expect(describeControl(decodeControl(0x32))).toBe("I(N(S)=1, N(R)=1, P/F)");
    expect(describeControl(decodeControl(0x93))).toBe("SNRM(P/F)");
    expect(describeControl(decodeControl(0x09))).toBe("unknown control 0x09");
  });
});
