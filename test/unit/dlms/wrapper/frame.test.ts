import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { encodeWrapperFrame, scanWrapperFrames, type TWrapperFrame } from "@/lib/dlms/wrapper/frame";

const frameArb: fc.Arbitrary<TWrapperFrame> = fc.record({
  source: fc.integer({ min: 0, max: 0xffff }),
  destination: fc.integer({ min: 0, max: 0xffff }),
  apdu: fc.uint8Array({ maxLength: 500 }),
});

describe("encodeWrapperFrame", () => {
  test("writes version 0001, source, destination and APDU length big-endian before the APDU (worked by hand)", () => {
    expect(hex(encodeWrapperFrame({ source: 16, destination: 1, apdu: fromHex("c001c1") }))).toBe("0001001000010003c001c1");
  });

  test("wPorts and APDU lengths that 2 bytes cannot carry are refused", () => {
    expect(() => encodeWrapperFrame({ source: 0x10000, destination: 1, apdu: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeWrapperFrame({ source: 1, destination: 1, apdu: new Uint8Array(0x10000) })).toThrow(RangeError);
  });
});

describe("scanWrapperFrames", () => {
  const limits = { maxApduSize: 2048 };

  test("finds consecutive frames and keeps an incomplete one", () => {
    const a = encodeWrapperFrame({ source: 1, destination: 16, apdu: fromHex("c401c100") });
    const b = encodeWrapperFrame({ source: 1, destination: 16, apdu: fromHex("0f01") });
    const scan = scanWrapperFrames(concat(a, b.subarray(0, 9)), limits);
    expect(scan.frames).toEqual([{ source: 1, destination: 16, apdu: fromHex("c401c100") }]);
    expect(hex(scan.rest)).toBe(hex(b.subarray(0, 9)));
    expect(scan.error).toBeUndefined();
  });

  test("frames chunked at any boundaries give the frames back", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (frames, cuts) => {
        const bytes = concat(...frames.map(encodeWrapperFrame));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        let rest: Uint8Array = new Uint8Array(0);
        const found: TWrapperFrame[] = [];
        for (const [i, end] of [...points, bytes.length].entries()) {
          const scan = scanWrapperFrames(concat(rest, bytes.subarray(i === 0 ? 0 : points[i - 1], end)), limits);
          expect(scan.error).toBeUndefined();
          found.push(...scan.frames);
          rest = scan.rest;
        }
        expect(found).toEqual(frames);
        expect(rest).toHaveLength(0);
      }),
    );
  });

  test("a wrong version is an error that ends the stream, after the frames before it", () => {
    const good = encodeWrapperFrame({ source: 1, destination: 16, apdu: fromHex("c4") });
    const scan = scanWrapperFrames(concat(good, fromHex("0002001000010001c0")), limits);
    expect(scan.frames).toHaveLength(1);
    expect(scan.error).toEqual({ code: "unsupported", message: "wrapper version 0x0002, expected 0x0001" });
    expect(scan.rest).toHaveLength(0);
  });

  test("a length beyond the limit is an error as soon as the header arrives", () => {
    const scan = scanWrapperFrames(fromHex("0001001000010801"), limits);
    expect(scan.error?.code).toBe("too-large");
  });

  test("random bytes never throw and never keep more than a header and the largest APDU", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const scan = scanWrapperFrames(bytes, { maxApduSize: 100 });
        return scan.rest.length <= 108;
      }),
      { numRuns: 2000 },
    );
  });
});
