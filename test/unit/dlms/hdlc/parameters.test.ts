import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import {
  clientParameters,
  configuredParameters,
  DEFAULT_HDLC_PARAMETERS,
  decodeHdlcParameters,
  encodeHdlcParameters,
  negotiateHdlcParameters,
  ZHdlcParameters,
  type THdlcParameters,
} from "@/lib/dlms/hdlc/parameters";

const p = (maxInfoTransmit: number, maxInfoReceive: number, windowTransmit: number, windowReceive: number): THdlcParameters => ({
  maxInfoTransmit,
  maxInfoReceive,
  windowTransmit,
  windowReceive,
});

describe("encodeHdlcParameters", () => {
  test("writes format 81, group 80, group length, then 05 06 07 08 with 1-byte, 2-byte and 4-byte values (worked by hand)", () => {
    expect(hex(encodeHdlcParameters(p(128, 1024, 1, 7)))).toBe("818013" + "050180" + "06020400" + "070400000001" + "080400000007");
  });

  test("with omitDefaults only values other than 128 bytes and window 1 are written, and all-default gives nothing", () => {
    expect(hex(encodeHdlcParameters(p(128, 64, 1, 1), { omitDefaults: true }))).toBe("818003060140");
    expect(encodeHdlcParameters(DEFAULT_HDLC_PARAMETERS, { omitDefaults: true })).toHaveLength(0);
  });

  test("values the field cannot carry are refused", () => {
    expect(() => encodeHdlcParameters(p(0, 128, 1, 1))).toThrow(RangeError);
    expect(() => encodeHdlcParameters(p(0x10000, 128, 1, 1))).toThrow(RangeError);
  });
});

describe("decodeHdlcParameters", () => {
  test("an empty information field means the defaults", () => {
    expect(decodeHdlcParameters(new Uint8Array(0))).toEqual({ ok: true, value: DEFAULT_HDLC_PARAMETERS });
  });

  test("absent parameters keep their default", () => {
    expect(decodeHdlcParameters(fromHex("818003060140"))).toEqual({ ok: true, value: p(128, 64, 1, 1) });
  });

  test("1-, 2- and 4-byte values are read for every parameter", () => {
    expect(decodeHdlcParameters(fromHex("81800d 0504000000c8 060164 08020003"))).toEqual({ ok: true, value: p(200, 100, 1, 3) });
  });

  test("unknown parameters are skipped", () => {
    expect(decodeHdlcParameters(fromHex("818006 0901ff 060140"))).toEqual({ ok: true, value: p(128, 64, 1, 1) });
  });

  test("a wrong format or group identifier, a group longer than the field, a zero value or a 3-byte value are error values", () => {
    for (const bad of ["828003060140", "818103060140", "818009060140", "818003060100", "81800505030000ff"]) {
      expect(decodeHdlcParameters(fromHex(bad)).ok, bad).toBe(false);
    }
  });

  test("encoding then decoding gives the parameters back", () => {
    const arb = fc.record({
      maxInfoTransmit: fc.integer({ min: 1, max: 0xffff }),
      maxInfoReceive: fc.integer({ min: 1, max: 0xffff }),
      windowTransmit: fc.integer({ min: 1, max: 7 }),
      windowReceive: fc.integer({ min: 1, max: 7 }),
    });
    fc.assert(
      fc.property(arb, fc.boolean(), (params, omitDefaults) => {
        const r = decodeHdlcParameters(encodeHdlcParameters(params, { omitDefaults }));
        expect(r).toEqual({ ok: true, value: params });
      }),
    );
  });

  test("random bytes never throw", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => typeof decodeHdlcParameters(bytes).ok === "boolean"));
  });
});

describe("negotiateHdlcParameters", () => {
  test("the server's transmit answers the client's receive proposal and the other way round, each the smaller", () => {
    expect(negotiateHdlcParameters(p(2030, 512, 7, 1), p(1024, 256, 1, 7))).toEqual(p(256, 512, 7, 1));
    expect(negotiateHdlcParameters(p(128, 128, 1, 1), p(1024, 2030, 7, 7))).toEqual(p(128, 128, 1, 1));
  });
});

describe("clientParameters", () => {
  test("the client transmits what the server receives and never more than it proposed", () => {
    expect(clientParameters(p(1024, 2030, 1, 7), p(2030, 512, 7, 1))).toEqual(p(512, 2030, 1, 7));
    expect(clientParameters(DEFAULT_HDLC_PARAMETERS, p(2030, 512, 7, 1))).toEqual(p(128, 128, 1, 1));
  });
});

describe("ZHdlcParameters", () => {
  test("accepts the HDLC setup ranges and refuses values outside them", () => {
    expect(ZHdlcParameters.safeParse(p(32, 2030, 1, 7)).success).toBe(true);
    expect(ZHdlcParameters.safeParse(p(31, 128, 1, 1)).success).toBe(false);
    expect(ZHdlcParameters.safeParse(p(128, 128, 8, 1)).success).toBe(false);
  });
});

describe("configuredParameters", () => {
  test("fills in the defaults and refuses values outside the configured ranges", () => {
    expect(configuredParameters({ maxInfoReceive: 512 }, "proposal")).toEqual(p(128, 512, 1, 1));
    expect(() => configuredParameters({ windowTransmit: 8 }, "proposal")).toThrow(/proposal: windowTransmit/);
  });
});
