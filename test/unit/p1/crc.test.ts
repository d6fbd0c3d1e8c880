import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { crc16, crc16Text, formatCrc } from "@/lib/p1/crc";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("crc16", () => {
  test("is CRC-16/ARC: the check value of 123456789 is 0xBB3D", () => {
    expect(crc16(ascii("123456789"))).toBe(0xbb3d);
  });

  test("continues over a split: the CRC of a whole equals the CRC of its second part started from the first", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        expect(crc16(bytes, at, bytes.length, crc16(bytes, 0, at))).toBe(crc16(bytes));
      }),
    );
  });

  test("is linear: with initial value 0 and no final XOR, crc(a xor b) = crc(a) xor crc(b)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), (a, b) => {
        const n = Math.min(a.length, b.length);
        const x = a.subarray(0, n).map((v, i) => v ^ b[i]!);
        expect(crc16(x)).toBe(crc16(a.subarray(0, n)) ^ crc16(b.subarray(0, n)));
      }),
    );
  });
});

describe("crc16Text", () => {
  test("gives the CRC of the text's bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 200 }), (text) => {
        expect(crc16Text(text)).toBe(crc16(ascii(text)));
      }),
    );
  });
});

describe("formatCrc", () => {
  test("writes 4 upper-case hexadecimal digits, most significant first", () => {
    expect(formatCrc(0xbb3d)).toBe("BB3D");
    expect(formatCrc(0x00af)).toBe("00AF");
  });
});
