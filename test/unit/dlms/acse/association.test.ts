import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { decodeAare, decodeAarq, decodeRlre, decodeRlrq, encodeAare, encodeAarq, encodeRlre, encodeRlrq, passwordBytes } from "@/lib/dlms/acse/association";
import { CLIENT_CONFORMANCE, conformanceFromBytes } from "@/lib/dlms/xdlms/conformance";
import { decodeInitiateRequest, decodeInitiateResponse, encodeInitiateRequest, encodeInitiateResponse, DLMS_VERSION, VAA_NAME_LN } from "@/lib/dlms/xdlms/initiate";

/** Vectors worked out by hand from the Green Book's ACSE and xDLMS encodings (9.4, 9.5). */
const initiate = fromHex("01 00 00 00 06 5f 1f 04 00 00 7e 1f 04 b0");

describe("xDLMS InitiateRequest", () => {
  test("absent options are 00, the conformance block is [APPLICATION 31] with an unused-bits byte", () => {
    const bytes = encodeInitiateRequest({ responseAllowed: true, dlmsVersion: DLMS_VERSION, conformance: conformanceFromBytes(fromHex("007e1f")), maxReceivePduSize: 0x04b0 });
    expect(hex(bytes)).toBe(hex(initiate));
    const back = decodeInitiateRequest(bytes);
    expect(back.ok && [...back.value.conformance].sort()).toEqual([...conformanceFromBytes(fromHex("007e1f"))].sort());
  });

  test("a dedicated key is carried as a present octet string", () => {
    const key = fromHex("00112233445566778899aabbccddeeff");
    const back = decodeInitiateRequest(encodeInitiateRequest({ dedicatedKey: key, responseAllowed: true, dlmsVersion: 6, conformance: new Set(["get"]), maxReceivePduSize: 1024 }));
    expect(back.ok && hex(back.value.dedicatedKey!)).toBe(hex(key));
  });

  test("a conformance block of the wrong length is refused", () => {
    const r = decodeInitiateRequest(fromHex("01 00 00 00 06 5f 1f 03 00 7e 1f 04 b0"));
    expect(r.ok).toBe(false);
  });
});

describe("xDLMS InitiateResponse", () => {
  test("it carries the negotiated conformance, the server's PDU size and the LN VAA name 0007", () => {
    const bytes = encodeInitiateResponse({ dlmsVersion: 6, conformance: conformanceFromBytes(fromHex("00501f")), maxReceivePduSize: 0x01f4, vaaName: VAA_NAME_LN });
    expect(hex(bytes)).toBe("0800065f1f040000501f01f40007");
    const back = decodeInitiateResponse(bytes);
    expect(back.ok && back.value.maxReceivePduSize).toBe(500);
  });
});

describe("AARQ", () => {
  test("without authentication it holds the context name and the user information only", () => {
    const bytes = encodeAarq({ applicationContext: 1, userInformation: initiate });
    expect(hex(bytes)).toBe("601da109060760857405080101be10040e01000000065f1f0400007e1f04b0");
  });

  test("LLS adds the ACSE requirements, the mechanism name and the password as calling-authentication-value", () => {
    const bytes = encodeAarq({ applicationContext: 1, mechanism: 1, authenticationValue: passwordBytes("12345678"), userInformation: initiate });
    expect(hex(bytes)).toBe(
      "6036a1090607608574050801018a0207808b0760857405080201ac0a80083132333435363738be10040e01000000065f1f0400007e1f04b0",
    );
    const back = decodeAarq(bytes);
    expect(back.ok && back.value).toMatchObject({ applicationContext: 1, mechanism: 1 });
    expect(back.ok && Buffer.from(back.value.authenticationValue!).toString()).toBe("12345678");
  });

  test("a ciphered context carries the client system title as calling-AP-title", () => {
    const title = fromHex("4d4d4d0000000001");
    const back = decodeAarq(encodeAarq({ applicationContext: 3, callingApTitle: title, mechanism: 5, authenticationValue: fromHex("0102030405060708"), userInformation: initiate }));
    expect(back.ok && hex(back.value.callingApTitle!)).toBe("4d4d4d0000000001");
    expect(back.ok && back.value.applicationContext).toBe(3);
  });

  test.each([
    ["a truncated AARQ", "601da1090607608574050801"],
    ["an AARE given where an AARQ is expected", "6100"],
    ["a length running past the end", "6081ff"],
    ["an application context that is not a DLMS OID", "600ba10906072a0000000000"],
  ])("%s is an error value", (_name, input) => {
    expect(decodeAarq(fromHex(input)).ok).toBe(false);
  });
});

describe("AARE", () => {
  test("an accepted association has result 0 and a null user diagnostic", () => {
    const bytes = encodeAare({
      applicationContext: 1,
      result: "accepted",
      diagnostic: { source: "user", value: 0 },
      userInformation: encodeInitiateResponse({ dlmsVersion: 6, conformance: conformanceFromBytes(fromHex("00501f")), maxReceivePduSize: 500, vaaName: 7 }),
    });
    expect(hex(bytes)).toBe("6129a109060760857405080101a203020100a305a103020100be10040e0800065f1f040000501f01f40007");
  });

  test("a refused LLS association reads rejected-permanent with the diagnostic authentication failure", () => {
    const back = decodeAare(encodeAare({ applicationContext: 1, result: "rejected-permanent", diagnostic: { source: "user", value: 13 } }));
    expect(back.ok && back.value).toMatchObject({ result: "rejected-permanent", diagnostic: { source: "user", value: 13 } });
  });

  test("HLS gives the server system title, the mechanism and the StoC challenge", () => {
    const back = decodeAare(
      encodeAare({
        applicationContext: 3,
        result: "accepted",
        diagnostic: { source: "user", value: 14 },
        respondingApTitle: fromHex("4752580000000001"),
        mechanism: 5,
        authenticationValue: fromHex("00112233445566778899aabbccddeeff"),
      }),
    );
    expect(back.ok && back.value.mechanism).toBe(5);
    expect(back.ok && hex(back.value.authenticationValue!)).toBe("00112233445566778899aabbccddeeff");
    expect(back.ok && hex(back.value.respondingApTitle!)).toBe("4752580000000001");
  });
});

describe("RLRQ and RLRE", () => {
  test("a normal release request is 62 03 80 01 00", () => {
    expect(hex(encodeRlrq({ reason: 0 }))).toBe("6203800100");
    expect(decodeRlrq(fromHex("6203800100"))).toEqual({ ok: true, value: { reason: 0 } });
  });

  test("the release response carries its reason", () => {
    expect(decodeRlre(encodeRlre({ reason: 0 }))).toEqual({ ok: true, value: { reason: 0 } });
  });
});

describe("CLIENT_CONFORMANCE", () => {
  test("asks for get, set, action, selective access and block transfers", () => {
    for (const bit of ["get", "set", "action", "selective-access", "block-transfer-with-get-or-read", "multiple-references"] as const) expect(CLIENT_CONFORMANCE.has(bit)).toBe(true);
  });
});
