import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { clientAddress, serverAddress, type THdlcAddress } from "@/lib/dlms/hdlc/address";
import { decodeControl, type THdlcControl } from "@/lib/dlms/hdlc/control";
import { crc16x25 } from "@/lib/dlms/hdlc/crc";
import {
  decodeHdlcFrame,
  describeFrame,
  encodeHdlcFrame,
  MAX_FRAME_LENGTH,
  scanHdlcFrames,
  type THdlcFrame,
  type THdlcScanLimits,
} from "@/lib/dlms/hdlc/frame";

const SERVER_1 = serverAddress(1);
const CLIENT_16 = clientAddress(16);

const frame = (control: THdlcControl, information: Uint8Array = new Uint8Array(0), segmented = false): THdlcFrame => ({
  segmented,
  destination: SERVER_1,
  source: CLIENT_16,
  control,
  information,
});

/** Feeds chunks one after the other as a stream would, collecting everything the scanner reports. */
function stream(chunks: Uint8Array[], limits?: THdlcScanLimits) {
  let rest: Uint8Array = new Uint8Array(0);
  const items = [];
  let maxRest = 0;
  for (const chunk of chunks) {
    const scan = scanHdlcFrames(concat(rest, chunk), limits);
    items.push(...scan.items);
    rest = scan.rest;
    maxRest = Math.max(maxRest, rest.length);
  }
  return { items, rest, maxRest };
}

const addressArb: fc.Arbitrary<THdlcAddress> = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((u) => serverAddress(u)),
  fc.tuple(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x7f })).map(([u, l]) => serverAddress(u, l, 2)),
  fc.tuple(fc.integer({ min: 0, max: 0x3fff }), fc.integer({ min: 0, max: 0x3fff })).map(([u, l]) => serverAddress(u, l, 4)),
);

const frameArb: fc.Arbitrary<THdlcFrame> = fc.record({
  segmented: fc.boolean(),
  destination: addressArb,
  source: fc.integer({ min: 0, max: 0x7f }).map(clientAddress),
  control: fc.integer({ min: 0, max: 255 }).map(decodeControl),
  information: fc.uint8Array({ maxLength: 300 }),
});

describe("encodeHdlcFrame", () => {
  test("a SNRM without information has no HCS: 7E A0 07 03 21 93 FCS 7E (structure worked by hand, FCS over A0..93)", () => {
    const bytes = encodeHdlcFrame(frame({ kind: "SNRM", pf: true }));
    expect(hex(bytes.subarray(0, 6))).toBe("7ea007032193");
    const fcs = crc16x25(fromHex("a007032193"));
    expect(hex(bytes.subarray(6))).toBe(hex(Uint8Array.of(fcs & 0xff, fcs >> 8, 0x7e)));
    expect(hex(bytes)).toBe("7ea0070321930f017e");
  });

  test("the HCS covers the header from the format field to the control field, the FCS everything to the end of the information", () => {
    const info = fromHex("e6e600c001c1000f0000280000ff0200");
    const bytes = encodeHdlcFrame(frame({ kind: "I", ns: 0, nr: 0, pf: true }, info));
    const hcs = crc16x25(bytes, 1, 6);
    expect([bytes[6], bytes[7]]).toEqual([hcs & 0xff, hcs >> 8]);
    expect(hex(bytes.subarray(8, 8 + info.length))).toBe(hex(info));
    const fcs = crc16x25(bytes, 1, 8 + info.length);
    expect([bytes[8 + info.length], bytes[9 + info.length]]).toEqual([fcs & 0xff, fcs >> 8]);
    expect(bytes[1]! & 0x07).toBe(0);
    expect(bytes[2]).toBe(bytes.length - 2);
  });

  test("the segmentation bit is 0x08 of the format field and the length spreads over its 3 low bits", () => {
    const bytes = encodeHdlcFrame(frame({ kind: "I", ns: 1, nr: 1, pf: true }, new Uint8Array(300), true));
    const length = 7 + 1 + 1 + 300;
    expect(bytes[1]).toBe(0xa8 | (length >> 8));
    expect(bytes[2]).toBe(length & 0xff);
    expect(bytes).toHaveLength(length + 2);
  });

  test("a frame longer than the 11-bit length field is refused", () => {
    expect(() => encodeHdlcFrame(frame({ kind: "I", ns: 0, nr: 0, pf: true }, new Uint8Array(2040)))).toThrow(RangeError);
  });
});

describe("decodeHdlcFrame", () => {
  test("encoding then decoding gives the frame back", () => {
    fc.assert(
      fc.property(frameArb, (f) => {
        expect(decodeHdlcFrame(encodeHdlcFrame(f))).toEqual({ ok: true, value: f });
      }),
    );
  });

  test("a corrupt header is a bad HCS and a corrupt information field a bad FCS", () => {
    const bytes = encodeHdlcFrame(frame({ kind: "I", ns: 0, nr: 0, pf: true }, fromHex("e6e600c0")));
    const header = bytes.slice();
    header[5] = header[5]! ^ 0x20;
    const body = bytes.slice();
    body[9] = body[9]! ^ 0x01;
    const h = decodeHdlcFrame(header);
    const b = decodeHdlcFrame(body);
    expect(h.ok ? "" : h.error.message).toMatch(/bad HCS/);
    expect(b.ok ? "" : b.error.message).toMatch(/bad FCS/);
  });

  test("a frame without information field checks its FCS over the header", () => {
    const bytes = fromHex("7ea0070321930f017e");
    bytes[4] = 0x23;
    const r = decodeHdlcFrame(bytes);
    expect(r.ok ? "" : r.error.message).toMatch(/bad FCS/);
  });

  test("missing flags, a wrong format type, a length that disagrees with the bytes and 3-byte addresses are error values", () => {
    for (const bad of ["00a0070321930f017e", "7eb0070321930f017e", "7ea0080321930f017e", "7ea0070321930f0100"]) {
      expect(decodeHdlcFrame(fromHex(bad)).ok, bad).toBe(false);
    }
    const threeByte = fromHex("a009020205 21 93");
    const fcs = crc16x25(threeByte);
    const r = decodeHdlcFrame(concat(Uint8Array.of(0x7e), threeByte, Uint8Array.of(fcs & 0xff, fcs >> 8, 0x7e)));
    expect(r.ok ? "" : r.error.message).toMatch(/3 bytes/);
  });
});

describe("scanHdlcFrames", () => {
  const snrm = fromHex("7ea0070321930f017e");
  const ua = fromHex("7ea01e210373c37a818012050180060180070400000001080400000001533b7e");

  test("finds consecutive frames with their own flags and frames sharing one flag", () => {
    const own = scanHdlcFrames(concat(snrm, ua));
    const shared = scanHdlcFrames(concat(snrm, ua.subarray(1)));
    for (const scan of [own, shared]) {
      expect(scan.items.map((i) => i.ok && i.value.control.kind)).toEqual(["SNRM", "UA"]);
      expect(hex(scan.rest)).toBe("7e");
    }
  });

  test("skips garbage before a flag and counts it; garbage after a flag is one bad format field", () => {
    const scan = scanHdlcFrames(concat(fromHex("0102030405"), snrm, fromHex("ffee"), ua));
    expect(scan.items.map((i) => (i.ok ? i.value.control.kind : i.error.message))).toEqual([
      "SNRM",
      "HDLC frame: format field 0xff is not frame format type 3 (0xA0..0xAF)",
      "UA",
    ]);
    expect(scan.skipped).toBe(7);
  });

  test("an incomplete frame is kept for the next chunk and no item is reported", () => {
    const scan = scanHdlcFrames(ua.subarray(0, 20));
    expect(scan.items).toEqual([]);
    expect(hex(scan.rest)).toBe(hex(ua.subarray(0, 20)));
  });

  test("a bad HCS is reported as soon as the header has arrived, and the scan resynchronises at the next flag", () => {
    const corrupt = ua.slice();
    corrupt[5] = corrupt[5]! ^ 0x40;
    const early = scanHdlcFrames(corrupt.subarray(0, 12));
    expect(early.items).toHaveLength(1);
    expect(early.items[0]!.ok ? "" : early.items[0]!.error.message).toMatch(/bad HCS/);
    const later = stream([corrupt, snrm]);
    expect(later.items.filter((i) => i.ok).map((i) => i.ok && i.value.control.kind)).toEqual(["SNRM"]);
  });

  test("a frame whose HCS holds but whose FCS fails is skipped whole: a frame inside its information is not taken for real", () => {
    const inner = fromHex("7ea0070321530394 7e".replace(" ", ""));
    const carrier = encodeHdlcFrame(frame({ kind: "I", ns: 0, nr: 0, pf: true }, concat(fromHex("e6e600"), inner, fromHex("00"))));
    carrier[carrier.length - 3] = carrier[carrier.length - 3]! ^ 0xff;
    const scan = scanHdlcFrames(concat(carrier, snrm));
    expect(scan.items.map((i) => (i.ok ? i.value.control.kind : "error"))).toEqual(["error", "SNRM"]);
  });

  test("a bad format field, a length below 7 and a length above the limit are error values", () => {
    const format = scanHdlcFrames(fromHex("7e b0 07 03 21 93 0f 01 7e".replace(/ /g, "")));
    const small = scanHdlcFrames(fromHex("7ea00503217e"));
    const large = scanHdlcFrames(fromHex("7ea10003211000"), { maxFrameLength: 128 });
    expect(format.items[0]!.ok ? "" : format.items[0]!.error.message).toMatch(/format field 0xb0/);
    expect(small.items[0]!.ok ? "" : small.items[0]!.error.message).toMatch(/below the smallest/);
    expect(large.items[0]!.ok ? "" : large.items[0]!.error.code).toBe("too-large");
  });

  test("a frame split at every byte boundary is found once and whole", () => {
    const bytes = concat(snrm, ua);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { items } = stream([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(items.map((i) => i.ok && i.value.control.kind), `cut at ${cut}`).toEqual(["SNRM", "UA"]);
    }
  });

  test("frames with flag-free garbage between them, chunked anywhere, give what the whole stream gives, every frame included", () => {
    const garbage = fc.uint8Array({ maxLength: 20 }).map((g) => g.map((b) => (b === 0x7e ? 0x7d : b)));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbage, frameArb), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, cuts) => {
        const bytes = concat(...parts.flatMap(([g, f]) => [g, encodeHdlcFrame(f)]));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, bytes.length].map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
        const whole = scanHdlcFrames(bytes).items;
        expect(stream(chunks).items).toEqual(whole);
        expect(whole.filter((i) => i.ok)).toEqual(parts.map(([, f]) => ({ ok: true, value: f })));
      }),
    );
  });

  test("a stream cut into single bytes gives what the whole stream gives", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 4 }), (frames) => {
        const bytes = concat(...frames.map(encodeHdlcFrame));
        const bytewise = stream([...bytes].map((b) => Uint8Array.of(b)));
        expect(bytewise.items).toEqual(frames.map((f) => ({ ok: true, value: f })));
      }),
      { numRuns: 50 },
    );
  });

  test("100,000 random byte strings never throw and what is kept stays within the limit", () => {
    const limits = { maxFrameLength: 200 };
    const biased = fc.uint8Array({ maxLength: 64 }).chain((bytes) =>
      fc.array(fc.nat({ max: 63 }), { maxLength: 6 }).map((spots) => {
        const out = bytes.slice();
        spots.forEach((s, k) => {
          if (s < out.length) out[s] = [0x7e, 0xa0, 0xa8, 0x7e, 0x03, 0x21][k]!;
        });
        return out;
      }),
    );
    let rest: Uint8Array = new Uint8Array(0);
    fc.assert(
      fc.property(biased, (chunk) => {
        const scan = scanHdlcFrames(concat(rest, chunk), limits);
        rest = scan.rest;
        return rest.length <= limits.maxFrameLength + 1 && scan.items.every((i) => typeof i.ok === "boolean");
      }),
      { numRuns: 100_000 },
    );
  });

  test("random bytes cut anywhere give what the whole string gives", () => {
    const noisy = fc.array(fc.oneof(fc.constantFrom(0x7e, 0xa0, 0xa8, 0x07, 0x03, 0x21, 0x93), fc.integer({ min: 0, max: 255 })), { maxLength: 120 });
    fc.assert(
      fc.property(noisy, fc.nat(), (values, cut) => {
        const bytes = Uint8Array.from(values);
        const at = cut % (bytes.length + 1);
        const whole = scanHdlcFrames(bytes);
        const split = stream([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(split.items).toEqual(whole.items);
        expect(hex(split.rest)).toBe(hex(whole.rest));
      }),
      { numRuns: 5000 },
    );
  });

  test("a stream of flags and a long garbage run keep at most one byte", () => {
    expect(scanHdlcFrames(new Uint8Array(5000).fill(0x7e)).rest).toHaveLength(1);
    expect(scanHdlcFrames(new Uint8Array(5000).fill(0x55)).rest).toHaveLength(0);
  });

  test("the limit never exceeds what the length field can express", () => {
    const scan = scanHdlcFrames(fromHex("7ea7ff"), { maxFrameLength: 100_000 });
    expect(scan.items).toEqual([]);
    expect(MAX_FRAME_LENGTH).toBe(2047);
  });
});

describe("describeFrame", () => {
  test("names the control field, segmentation and the information length", () => {
    expect(describeFrame(frame({ kind: "I", ns: 1, nr: 2, pf: true }, new Uint8Array(10), true))).toBe(
      "I(N(S)=1, N(R)=2, P/F), segmented, 10 bytes of information",
    );
  });
});
