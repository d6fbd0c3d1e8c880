import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ByteReader, fromHex, hex } from "@/lib/dlms/bytes";
import {
  clientAddress,
  encodeAddress,
  formatAddress,
  readAddress,
  sameStation,
  serverAddress,
  type THdlcAddress,
} from "@/lib/dlms/hdlc/address";
import { decodeWith } from "@/lib/dlms/result";

const read = (text: string) => decodeWith(() => readAddress(new ByteReader(fromHex(text)), "address"));

describe("clientAddress", () => {
  test("a client address is one byte: SAP shifted left with the extension bit (16 → 0x21, worked by hand)", () => {
    expect(hex(encodeAddress(clientAddress(16)))).toBe("21");
    expect(hex(encodeAddress(clientAddress(1)))).toBe("03");
  });

  test("a SAP above 127 does not fit one address byte", () => {
    expect(() => clientAddress(128)).toThrow(RangeError);
  });
});

describe("serverAddress", () => {
  test("the smallest size that holds the values is chosen", () => {
    expect(serverAddress(1).size).toBe(1);
    expect(serverAddress(1, 17).size).toBe(2);
    expect(serverAddress(1, 0x80).size).toBe(4);
    expect(serverAddress(0x80, 1).size).toBe(4);
  });

  test("an upper address above 127 without a lower address cannot be written", () => {
    expect(() => serverAddress(0x80)).toThrow(/needs a lower/);
  });

  test("a given size is kept, and values that do not fit it are refused", () => {
    expect(serverAddress(1, 17, 4)).toEqual({ upper: 1, lower: 17, size: 4 });
    expect(() => serverAddress(1, 0x80, 2)).toThrow(RangeError);
    expect(() => serverAddress(1, 17, 1)).toThrow(RangeError);
    expect(() => serverAddress(0x4000, 0, 4)).toThrow(RangeError);
  });
});

describe("encodeAddress", () => {
  test("2 bytes carry upper then lower, 7 bits each, extension bit on the last (1/17 → 02 23, worked by hand)", () => {
    expect(hex(encodeAddress(serverAddress(1, 17)))).toBe("0223");
  });

  test("4 bytes carry 14-bit upper and lower, high 7 bits first (1/0x1234 → 00 02 48 69, worked by hand)", () => {
    expect(hex(encodeAddress(serverAddress(1, 0x1234)))).toBe("00024869");
  });
});

describe("readAddress", () => {
  test("reads 1-, 2- and 4-byte addresses up to the byte with the extension bit", () => {
    expect(read("03")).toEqual({ ok: true, value: { upper: 1, size: 1 } });
    expect(read("0223")).toEqual({ ok: true, value: { upper: 1, lower: 17, size: 2 } });
    expect(read("044610ad")).toEqual({ ok: true, value: { upper: 0x123, lower: 0x456, size: 4 } });
  });

  test("a 3-byte address is an error value", () => {
    const r = read("020203");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/3-byte/);
  });

  test("an address without extension bit within 4 bytes is an error value", () => {
    expect(read("0202020203").ok).toBe(false);
  });

  test("an address that runs off the end is truncated", () => {
    const r = read("0202");
    expect(r.ok ? undefined : r.error.code).toBe("truncated");
  });

  test("encoding then reading gives the same address for every size", () => {
    const arb: fc.Arbitrary<THdlcAddress> = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }).map((upper) => serverAddress(upper)),
      fc.tuple(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x7f })).map(([u, l]) => serverAddress(u, l, 2)),
      fc.tuple(fc.integer({ min: 0, max: 0x3fff }), fc.integer({ min: 0, max: 0x3fff })).map(([u, l]) => serverAddress(u, l, 4)),
    );
    fc.assert(
      fc.property(arb, (address) => {
        const r = decodeWith(() => readAddress(new ByteReader(encodeAddress(address)), "address"));
        return r.ok && r.value.upper === address.upper && r.value.lower === address.lower && r.value.size === address.size;
      }),
    );
  });
});

describe("sameStation", () => {
  test("the same upper and lower address in different sizes name one station", () => {
    expect(sameStation(serverAddress(1, 17, 2), serverAddress(1, 17, 4))).toBe(true);
    expect(sameStation(serverAddress(1), serverAddress(1, 0))).toBe(false);
  });
});

describe("formatAddress", () => {
  test("writes upper/lower, or upper alone", () => {
    expect(formatAddress(serverAddress(1, 17))).toBe("1/17");
    expect(formatAddress(serverAddress(1))).toBe("1");
  });
});
