import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { certificateRequest, selfSignedCertificate, systemTitleCommonName, type TCertificateRequest } from "@/lib/dlms/security/certificate";
import { generateEcdsaKeyPair } from "@/lib/dlms/security/ecdsa";

const ST = fromHex("4D4D4D0000BC614E");
const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);
const request = (suite: 1 | 2, over: Partial<TCertificateRequest> = {}): TCertificateRequest => ({
  suite,
  privateKey: generateEcdsaKeyPair(suite).privateKey,
  systemTitle: ST,
  serialNumber: 0x1234567890abcdefn,
  notBefore: new Date("2026-01-01T00:00:00.750Z"),
  notAfter: new Date("2036-01-01T00:00:00Z"),
  usage: "digital-signature",
  ...over,
});
const make = (req: TCertificateRequest) => {
  const r = selfSignedCertificate(req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const hasOpenssl = (() => {
  try {
    execFileSync("sh", ["-c", "command -v openssl"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn("certificate checks with openssl skipped: openssl is not installed");

describe("systemTitleCommonName", () => {
  test("is the system title as 16 upper-case hex digits", () => {
    expect(systemTitleCommonName(ST)).toBe("4D4D4D0000BC614E");
  });
});

describe("selfSignedCertificate", () => {
  test.each([1, 2] as const)("suite %i: node parses it and its signature verifies with its own public key", (suite) => {
    const req = request(suite);
    const cert = new X509Certificate(Buffer.from(make(req).der));
    expect(cert.subject).toBe("CN=4D4D4D0000BC614E");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.serialNumber.toUpperCase()).toBe("1234567890ABCDEF");
    expect(new Date(cert.validFrom).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(new Date(cert.validTo).toISOString()).toBe("2036-01-01T00:00:00.000Z");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.verify(generateEcdsaKeyPair(suite).publicKey)).toBe(false);
    expect(cert.checkPrivateKey(req.privateKey)).toBe(true);
  });

  test("the PEM form holds the same DER", () => {
    const c = make(request(1));
    expect(c.pem.startsWith("-----BEGIN CERTIFICATE-----\n")).toBe(true);
    expect(c.pem.endsWith("-----END CERTIFICATE-----\n")).toBe(true);
    expect(c.pem.split("\n").every((l) => l.length <= 64)).toBe(true);
    expect(hex(new Uint8Array(new X509Certificate(c.pem).raw))).toBe(hex(c.der));
  });

  test("is signed with ecdsa-with-SHA256 for P-256 and ecdsa-with-SHA384 for P-384, in the TBS and outside it", () => {
    const count = (der: Uint8Array, needle: string) => hex(der).split(needle).length - 1;
    expect(count(make(request(1)).der, "300a06082a8648ce3d040302")).toBe(2);
    expect(count(make(request(2)).der, "300a06082a8648ce3d040303")).toBe(2);
  });

  test("carries a critical key usage: digitalSignature for a signing key, keyAgreement alone for a key agreement key", () => {
    // Extension ::= SEQUENCE { 2.5.29.15, TRUE, OCTET STRING { BIT STRING } }, worked out by hand.
    expect(hex(make(request(1)).der)).toContain("300e0603551d0f0101ff040403020780");
    expect(hex(make(request(1, { usage: "key-agreement" })).der)).toContain("300e0603551d0f0101ff040403020308");
  });

  test("writes validity from 2050 on as GeneralizedTime", () => {
    const cert = new X509Certificate(Buffer.from(make(request(1, { notAfter: new Date("2099-12-31T23:59:59Z") })).der));
    expect(new Date(cert.validTo).toISOString()).toBe("2099-12-31T23:59:59.000Z");
  });

  test("refuses a key of the other curve, a bad system title, serial or validity", () => {
    expect(code(selfSignedCertificate(request(1, { privateKey: generateEcdsaKeyPair(2).privateKey })))).toBe("wrong-key-length");
    expect(code(selfSignedCertificate(request(1, { privateKey: generateEcdsaKeyPair(1).publicKey })))).toBe("invalid");
    expect(code(selfSignedCertificate(request(1, { systemTitle: new Uint8Array(7) })))).toBe("invalid");
    expect(code(selfSignedCertificate(request(1, { serialNumber: 0n })))).toBe("invalid");
    expect(code(selfSignedCertificate(request(1, { serialNumber: 1n << 159n })))).toBe("invalid");
    expect(code(selfSignedCertificate(request(1, { notAfter: new Date("2025-01-01T00:00:00Z") })))).toBe("invalid");
    expect(code(selfSignedCertificate(request(1, { notBefore: new Date(Number.NaN) })))).toBe("invalid");
  });

  test.skipIf(!hasOpenssl)("openssl x509 -noout -text accepts it and reads the same fields", () => {
    for (const [suite, usage] of [
      [1, "digital-signature"],
      [2, "key-agreement"],
    ] as const) {
      const text = execFileSync("openssl", ["x509", "-inform", "DER", "-noout", "-text"], { input: Buffer.from(make(request(suite, { usage })).der) }).toString();
      expect(text).toContain("Version: 3 (0x2)");
      expect(text).toMatch(/Subject: CN\s?=\s?4D4D4D0000BC614E/);
      expect(text).toContain(suite === 1 ? "ecdsa-with-SHA256" : "ecdsa-with-SHA384");
      expect(text).toContain(suite === 1 ? "prime256v1" : "secp384r1");
      expect(text).toContain("X509v3 Key Usage: critical");
      expect(text).toMatch(usage === "digital-signature" ? /Key Usage: critical\s+Digital Signature\n/ : /Key Usage: critical\s+Key Agreement\n/);
      expect(text).toContain("X509v3 Subject Key Identifier");
    }
  });

  test.skipIf(!hasOpenssl)("openssl verify accepts it as its own trust anchor, checking the self-signature", () => {
    const dir = mkdtempSync(join(tmpdir(), "dlms-cert-"));
    try {
      for (const suite of [1, 2] as const) {
        const file = join(dir, `cert-${suite}.pem`);
        writeFileSync(file, make(request(suite)).pem);
        expect(execFileSync("openssl", ["verify", "-check_ss_sig", "-CAfile", file, file]).toString().trim()).toBe(`${file}: OK`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!hasOpenssl) console.log("certificate.test.ts: openssl is not installed; the openssl x509 and verify checks are skipped");
});

describe("certificateRequest (PKCS#10, RFC 2986)", () => {
  test.skipIf(!hasOpenssl)("openssl req verifies its self-signature and reads the system title as subject and the key's curve", () => {
    for (const suite of [1, 2] as const) {
      const { privateKey } = generateEcdsaKeyPair(suite);
      const r = certificateRequest(suite, privateKey, ST);
      if (!r.ok) throw new Error(r.error.message);
      const out = execFileSync("openssl", ["req", "-inform", "DER", "-verify", "-noout", "-text"], { input: Buffer.from(r.value.der), stdio: ["pipe", "pipe", "pipe"] }).toString();
      expect(out).toMatch(/Subject: CN\s?=\s?4D4D4D0000BC614E/);
      expect(out).toContain(suite === 1 ? "prime256v1" : "secp384r1");
      expect(out).toContain(suite === 1 ? "ecdsa-with-SHA256" : "ecdsa-with-SHA384");
    }
  });

  test("refuses a key of the other suite's curve and a system title that is not 8 bytes", () => {
    expect(code(certificateRequest(1, generateEcdsaKeyPair(2).privateKey, ST))).toBe("wrong-key-length");
    expect(code(certificateRequest(1, generateEcdsaKeyPair(1).privateKey, ST.subarray(0, 7)))).toBe("invalid");
  });
});
