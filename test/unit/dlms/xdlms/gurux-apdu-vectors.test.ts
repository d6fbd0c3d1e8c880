import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { encodeAarq, encodeRlrq, passwordBytes } from "@/lib/dlms/acse/association";
import { d, type TData } from "@/lib/dlms/axdr/data";
import { dateTimeOctets, entrySelection, rangeSelection } from "@/lib/dlms/cosem/selective-access";
import { decodeApdu, encodeApdu, type TXdlmsApdu } from "@/lib/dlms/xdlms/apdu";
import { conformanceFromBytes } from "@/lib/dlms/xdlms/conformance";
import { encodeInitiateRequest } from "@/lib/dlms/xdlms/initiate";
import { ROOT } from "../../../helpers/examples";

/**
 * APDUs built by an independent client (Gurux.DLMS.Python 1.0.197, test/tools/gurux-vectors.py)
 * for fixed inputs: ours must be byte-identical for the same request.
 */
const vectors = new Map(
  (JSON.parse(readFileSync(join(ROOT, "test/fixtures/gurux/apdu-vectors.json"), "utf8")) as { vectors: Array<{ name: string; hex: string; apdu?: string }> }).vectors.map((v) => [v.name, v]),
);
const gurux = (name: string): string => {
  const v = vectors.get(name);
  if (!v) throw new Error(`no Gurux vector named ${name}`);
  return v.apdu ?? v.hex;
};

// Gurux proposes conformance 00 40 1E 5D and a max PDU of 0xFFFF.
const guruxInitiate = encodeInitiateRequest({ responseAllowed: true, dlmsVersion: 6, conformance: conformanceFromBytes(fromHex("401e5d")), maxReceivePduSize: 0xffff });
const clock = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };
const dt = (day: number) => ({ year: 2026, month: 1, day, dayOfWeek: null, hour: 0, minute: 0, second: 0, hundredths: 0, deviation: 0, status: 0 });

describe("our APDUs against the Gurux client's for the same requests", () => {
  test("AARQ without security", () => {
    expect(hex(encodeAarq({ applicationContext: 1, userInformation: guruxInitiate }))).toBe(gurux("AARQ, no security"));
  });

  test("AARQ with LLS", () => {
    expect(hex(encodeAarq({ applicationContext: 1, mechanism: 1, authenticationValue: passwordBytes("12345678"), userInformation: guruxInitiate }))).toBe(gurux("AARQ, LLS"));
  });

  test("RLRQ", () => {
    expect(hex(encodeRlrq({ reason: 0 }))).toBe(gurux("RLRQ, release request"));
  });

  const apdus: Array<[string, TXdlmsApdu]> = [
    ["GET-request-normal", { type: "get-request-normal", invoke: 0xc1, attribute: clock }],
    ["GET-request-normal with selective access by entry", { type: "get-request-normal", invoke: 0xc1, attribute: { classId: 7, obis: "1-0:99.1.0.255", attribute: 2 }, access: entrySelection(1, 10, 1, 0) }],
    [
      "GET-request-normal with selective access by range",
      {
        type: "get-request-normal",
        invoke: 0xc1,
        attribute: { classId: 7, obis: "1-0:99.1.0.255", attribute: 2 },
        access: rangeSelection({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2, dataIndex: 0 }, dateTimeOctets(dt(1)), dateTimeOctets(dt(2))),
      },
    ],
    ["GET-request-with-list", { type: "get-request-with-list", invoke: 0xc1, attributes: [{ attribute: clock }, { attribute: { classId: 3, obis: "1-0:1.8.0.255", attribute: 2 } }] }],
    ["GET-request-next", { type: "get-request-next", invoke: 0xc1, block: 1 }],
    [
      "SET-request-normal, clock time",
      { type: "set-request-normal", invoke: 0xc1, attribute: clock, value: dateTimeOctets({ year: 2026, month: 12, day: 1, dayOfWeek: 2, hour: 10, minute: 30, second: 0, hundredths: 0, deviation: -60, status: 0 }) },
    ],
    ["SET-request-normal, data value", { type: "set-request-normal", invoke: 0xc1, attribute: { classId: 1, obis: "0-0:96.1.10.255", attribute: 2 }, value: d.u32(123456) as TData }],
    ["ACTION-request-normal, disconnect control remote_disconnect", { type: "action-request-normal", invoke: 0xc1, method: { classId: 70, obis: "0-0:96.3.10.255", method: 1 }, parameters: d.i8(0) }],
    ["GET-request-normal in the TCP wrapper", { type: "get-request-normal", invoke: 0xc1, attribute: clock }],
  ];

  test.each(apdus)("%s", (name, apdu) => {
    expect(hex(encodeApdu(apdu))).toBe(gurux(name));
    expect(decodeApdu(fromHex(gurux(name)))).toEqual({ ok: true, value: apdu });
  });
});
