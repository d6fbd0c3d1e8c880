import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { concat } from "@/lib/dlms/bytes";
import { crc16x25, readCheck } from "@/lib/dlms/hdlc/crc";

const ascii = (s: string) => new TextEncoder().encode(s);

/** CRC-16/X.25 computed bit by bit from its definition, to check the table against. */
function bitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc ^ 0xffff;
}

describe("crc16x25", () => {
  test("the check value of ASCII 123456789 is 0x906E (CRC-16/X.25 catalogue value)", () => {
    expect(crc16x25(ascii("123456789"))).toBe(0x906e);
  });

  test("the table-driven CRC equals the bit-by-bit definition", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc16x25(bytes) === bitwise(bytes)));
  });

  test("a range covers only the bytes between start and end", () => {
    const bytes = ascii("xx123456789yy");
    expect(crc16x25(bytes, 2, 11)).toBe(0x906e);
  });

  test("data followed by its FCS low byte first leaves the good-FCS residue 0xF0B8 before the final complement (RFC 1662)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const fcs = crc16x25(bytes);
        const sent = concat(bytes, Uint8Array.of(fcs & 0xff, fcs >> 8));
        return (crc16x25(sent) ^ 0xffff) === 0xf0b8;
      }),
    );
  });
});

describe("readCheck", () => {
  test("reads the low byte first, as the FCS is sent", () => {
    expect(readCheck(Uint8Array.of(0, 0x6e, 0x90), 1)).toBe(0x906e);
  });
});
