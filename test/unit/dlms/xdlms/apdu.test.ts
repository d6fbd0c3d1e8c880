import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { d } from "@/lib/dlms/axdr/data";
import { decodeApdu, encodeApdu, invokeByte, type TXdlmsApdu } from "@/lib/dlms/xdlms/apdu";
import { dataAccessResultName } from "@/lib/dlms/xdlms/results";

/** Vectors worked out by hand from the Green Book's xDLMS A-XDR encodings (9.5). */
const clock = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };

const cases: [string, TXdlmsApdu, string][] = [
  ["GET normal: choice 1, invoke byte, class, logical name, attribute, no access selection", { type: "get-request-normal", invoke: 0xc1, attribute: clock }, "c001c1000800000100 00ff0200"],
  [
    "GET normal with an entry descriptor as selective access (selector 2)",
    { type: "get-request-normal", invoke: 0xc1, attribute: { classId: 7, obis: "1-0:99.1.0.255", attribute: 2 }, access: { selector: 2, parameters: d.struct(d.u32(1), d.u32(10), d.u16(1), d.u16(0)) } },
    "c001c1 0007 0100630100ff 02 01 02 0204 0600000001 060000000a 120001 120000",
  ],
  ["GET next asks for a block number", { type: "get-request-next", invoke: 0xc1, block: 2 }, "c002c100000002"],
  [
    "GET with list counts its descriptors",
    { type: "get-request-with-list", invoke: 0xc1, attributes: [{ attribute: clock }, { attribute: { classId: 1, obis: "0-0:42.0.0.255", attribute: 2 } }] },
    "c003c102 0008 0000010000ff 02 00 0001 00002a0000ff 02 00",
  ],
  ["a GET response carries data under choice 0", { type: "get-response-normal", invoke: 0xc1, result: { ok: true, data: d.u16(5) } }, "c401c1001200 05"],
  ["a refused GET carries a data-access-result under choice 1", { type: "get-response-normal", invoke: 0xc1, result: { ok: false, code: 3 } }, "c401c10103"],
  [
    "a GET block carries last-block, its number and raw bytes",
    { type: "get-response-with-datablock", invoke: 0xc1, last: false, block: 1, result: { ok: true, raw: fromHex("0102") } },
    "c402c1 00 00000001 00 02 0102",
  ],
  ["SET normal ends with the value", { type: "set-request-normal", invoke: 0xc1, attribute: { ...clock, attribute: 3 }, value: d.i16(-60) }, "c101c1 0008 0000010000ff 03 00 10ffc4"],
  ["a SET response is one result byte", { type: "set-response-normal", invoke: 0xc1, result: 0 }, "c501c100"],
  [
    "ACTION normal with parameters marks them present with 01",
    { type: "action-request-normal", invoke: 0xc1, method: { classId: 70, obis: "0-0:96.3.10.255", method: 1 }, parameters: d.i8(0) },
    "c301c1 0046 000060030aff 01 01 0f00",
  ],
  ["an ACTION response without return parameters ends with 00", { type: "action-response-normal", invoke: 0xc1, outcome: { result: 0 } }, "c701c10000"],
  ["an exception-response names the state and service errors", { type: "exception-response", stateError: 1, serviceError: 5 }, "d80105"],
  ["a data-notification without date-time has an empty octet string", { type: "data-notification", invoke: 1, body: d.struct(d.u8(1)) }, "0f00000001 00 020111 01"],
];

describe("encodeApdu and decodeApdu", () => {
  test.each(cases)("%s", (_name, apdu, expected) => {
    const bytes = encodeApdu(apdu);
    expect(hex(bytes)).toBe(expected.replace(/\s/g, ""));
    expect(decodeApdu(bytes)).toEqual({ ok: true, value: apdu });
  });

  test("the invoke byte holds the id in bits 0-3, confirmed in bit 6 and high priority in bit 7", () => {
    expect(invokeByte(1)).toBe(0xc1);
    expect(invokeByte(5, false, true)).toBe(0x45);
  });

  test("every truncation of every vector is an error value", () => {
    for (const [, , expected] of cases) {
      const bytes = fromHex(expected);
      for (let n = 0; n < bytes.length; n++) expect(decodeApdu(bytes.subarray(0, n)).ok).toBe(false);
    }
  });

  test("random bytes behind a service tag never throw", () => {
    fc.assert(
      fc.property(fc.constantFrom(0xc0, 0xc1, 0xc3, 0xc4, 0xc5, 0xc7, 0xd8, 0x0f, 0xc2, 0x0e), fc.uint8Array({ maxLength: 48 }), (tag, body) => {
        expect(typeof decodeApdu(Uint8Array.from([tag, ...body])).ok).toBe("boolean");
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("dataAccessResultName", () => {
  test("names every code and keeps the number of an unknown one", () => {
    expect(dataAccessResultName(3)).toBe("read-write-denied");
    expect(dataAccessResultName(4)).toBe("object-undefined");
    expect(dataAccessResultName(77)).toBe("code 77");
  });
});
