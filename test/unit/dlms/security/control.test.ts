import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PROTECTIONS, decodeSecurityControl, encodeSecurityControl, protectionFor, protectionOf, protectionsMeeting, securityControl } from "@/lib/dlms/security/control";

/** Bit positions from the Green Book's security header, checked against Gurux.DLMS.Python 1.0.197 (enums/Security.py). */
describe("encodeSecurityControl", () => {
  test.each([
    ["authentication is bit 4", securityControl(0, "authenticated"), 0x10],
    ["encryption is bit 5", securityControl(0, "encrypted"), 0x20],
    ["both set bits 4 and 5", securityControl(0, "authenticated-encrypted"), 0x30],
    ["the suite id is in bits 0-3", securityControl(2, "authenticated-encrypted"), 0x32],
    ["the broadcast key is bit 6", securityControl(1, "authenticated-encrypted", true), 0x71],
    ["compression is bit 7", { suite: 0, authentication: false, encryption: false, broadcastKey: false, compression: true }, 0x80],
  ])("%s", (_rule, control, byte) => {
    expect(encodeSecurityControl(control)).toBe(byte);
  });

  test("refuses a suite id that does not fit in four bits", () => {
    expect(() => encodeSecurityControl({ ...securityControl(0, "authenticated"), suite: 16 })).toThrow(RangeError);
  });
});

describe("decodeSecurityControl", () => {
  test("every byte decodes and encodes back to itself", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), (b) => encodeSecurityControl(decodeSecurityControl(b)) === b));
  });

  test("reads the reserved suite ids as they are, leaving the refusal to the caller", () => {
    expect(decodeSecurityControl(0x3f).suite).toBe(15);
  });
});

describe("protectionOf", () => {
  test("names the protection from bits 4 and 5, and null when neither is set", () => {
    expect([0x10, 0x20, 0x30, 0x00, 0x40].map((b) => protectionOf(decodeSecurityControl(b)))).toEqual([
      "authenticated",
      "encrypted",
      "authenticated-encrypted",
      null,
      null,
    ]);
  });
});

describe("protectionFor", () => {
  test("a sender protects as the policy says, and not at all under policy none", () => {
    expect((["none", "authenticated", "encrypted", "authenticated-encrypted"] as const).map(protectionFor)).toEqual([
      null,
      "authenticated",
      "encrypted",
      "authenticated-encrypted",
    ]);
  });
});

describe("protectionsMeeting", () => {
  test("a receiver accepts at least what the policy asks for", () => {
    expect(protectionsMeeting("none")).toEqual(PROTECTIONS);
    expect(protectionsMeeting("authenticated")).toEqual(["authenticated", "authenticated-encrypted"]);
    expect(protectionsMeeting("encrypted")).toEqual(["encrypted", "authenticated-encrypted"]);
    expect(protectionsMeeting("authenticated-encrypted")).toEqual(["authenticated-encrypted"]);
  });
});
