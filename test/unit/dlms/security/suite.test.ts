import { describe, expect, test } from "vitest";
import { SUITE_SPECS, ZSecuritySuiteId, suiteSpec } from "@/lib/dlms/security/suite";

describe("SUITE_SPECS", () => {
  test("suite 0 is AES-GCM-128 with no asymmetric algorithms", () => {
    expect(SUITE_SPECS[0]).toMatchObject({ keyLength: 16, gcmCipher: "aes-128-gcm", curve: null, hash: null, signatureLength: null });
  });

  test("suite 1 is AES-GCM-128 with P-256, SHA-256 and 64-byte signatures", () => {
    expect(SUITE_SPECS[1]).toMatchObject({ keyLength: 16, gcmCipher: "aes-128-gcm", curve: "P-256", hash: "sha256", coordinateLength: 32, signatureLength: 64 });
  });

  test("suite 2 is AES-GCM-256 with P-384, SHA-384 and 96-byte signatures", () => {
    expect(SUITE_SPECS[2]).toMatchObject({ keyLength: 32, gcmCipher: "aes-256-gcm", curve: "P-384", hash: "sha384", coordinateLength: 48, signatureLength: 96 });
  });
});

describe("suiteSpec", () => {
  test("finds the assigned suites by id", () => {
    for (const id of [0, 1, 2]) expect(suiteSpec(id)).toEqual({ ok: true, value: SUITE_SPECS[id as 0 | 1 | 2] });
  });

  test("reports reserved ids 3..15 as unsupported", () => {
    for (let id = 3; id <= 15; id++) {
      const r = suiteSpec(id);
      expect(r.ok || r.error.code).toBe("unsupported");
    }
  });
});

describe("ZSecuritySuiteId", () => {
  test("accepts 0, 1 and 2 and nothing else", () => {
    expect([0, 1, 2].every((id) => ZSecuritySuiteId.safeParse(id).success)).toBe(true);
    expect([3, -1, 1.5, "1"].some((id) => ZSecuritySuiteId.safeParse(id).success)).toBe(false);
  });
});
