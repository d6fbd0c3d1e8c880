import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import {
  eccSuiteOfKey,
  ecdsaSign,
  ecdsaVerify,
  generateEcdsaKeyPair,
  privateKeyFromPem,
  privateKeyFromScalar,
  privateKeyToPem,
  privateKeyToScalar,
  publicKeyFromPoint,
  publicKeyFromSpki,
  publicKeyToPoint,
  publicKeyToSpkiDer,
  publicKeyToSpkiPem,
} from "@/lib/dlms/security/ecdsa";
import { guruxVectors } from "./gurux-vectors";

const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const gurux = guruxVectors.hls.ecdsa[0]!;
const message = new TextEncoder().encode("ST-C ‖ ST-S ‖ StoC ‖ CtoS");

describe("generateEcdsaKeyPair", () => {
  test("makes P-256 keys for suite 1 and P-384 keys for suite 2", () => {
    expect(eccSuiteOfKey(generateEcdsaKeyPair(1).publicKey)).toBe(1);
    expect(eccSuiteOfKey(generateEcdsaKeyPair(2).privateKey)).toBe(2);
  });
});

describe("eccSuiteOfKey", () => {
  test("is null for keys on other curves and for other key types", () => {
    expect(eccSuiteOfKey(generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey)).toBeNull();
    expect(eccSuiteOfKey(generateKeyPairSync("ed25519").publicKey)).toBeNull();
  });
});

describe("ecdsaSign and ecdsaVerify", () => {
  test.each([
    [1, 64],
    [2, 96],
  ] as const)("suite %i signatures are raw r ‖ s of %i bytes and verify with the public key", (suite, length) => {
    const { privateKey, publicKey } = generateEcdsaKeyPair(suite);
    const sig = value(ecdsaSign(suite, privateKey, message));
    expect(sig.length).toBe(length);
    expect(code(ecdsaVerify(suite, publicKey, message, sig))).toBe("ok");
  });

  test("suite 2 hashes with SHA-384: the signature verifies as ecdsa-with-SHA384 and not with SHA-256", async () => {
    const { verify } = await import("node:crypto");
    const { privateKey, publicKey } = generateEcdsaKeyPair(2);
    const sig = value(ecdsaSign(2, privateKey, message));
    expect(verify("sha384", message, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
    expect(verify("sha256", message, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig)).toBe(false);
  });

  test("a changed message, a changed signature or another key is authentication-failed", () => {
    const { privateKey, publicKey } = generateEcdsaKeyPair(1);
    const sig = value(ecdsaSign(1, privateKey, message));
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(code(ecdsaVerify(1, publicKey, message.subarray(1), sig))).toBe("authentication-failed");
    expect(code(ecdsaVerify(1, publicKey, message, flipped))).toBe("authentication-failed");
    expect(code(ecdsaVerify(1, generateEcdsaKeyPair(1).publicKey, message, sig))).toBe("authentication-failed");
    expect(code(ecdsaVerify(1, publicKey, message, new Uint8Array(64)))).toBe("authentication-failed");
  });

  test("refuses signatures of the wrong length and keys of the other suite", () => {
    const { privateKey, publicKey } = generateEcdsaKeyPair(1);
    const sig = value(ecdsaSign(1, privateKey, message));
    expect(code(ecdsaVerify(1, publicKey, message, sig.subarray(0, 63)))).toBe("truncated");
    expect(code(ecdsaVerify(1, publicKey, message, Uint8Array.of(...sig, 0)))).toBe("invalid");
    expect(code(ecdsaSign(2, privateKey, message))).toBe("wrong-key-length");
    expect(code(ecdsaVerify(1, privateKey, message, sig))).toBe("invalid");
  });

  test("verifies the P-256 signatures Gurux.DLMS.Python made over the HLS transcripts", () => {
    const client = value(publicKeyFromPoint(1, gurux.clientPublicKey));
    const transcript = Uint8Array.of(...gurux.clientSystemTitle, ...gurux.serverSystemTitle, ...gurux.serverChallenge, ...gurux.clientChallenge);
    expect(code(ecdsaVerify(1, client, transcript, gurux.clientProof))).toBe("ok");
  });
});

describe("publicKeyToPoint and publicKeyFromPoint", () => {
  test("the point is 04 ‖ X ‖ Y and reads back as the same key, for both curves", () => {
    for (const suite of [1, 2] as const) {
      const { publicKey, privateKey } = generateEcdsaKeyPair(suite);
      const point = value(publicKeyToPoint(publicKey));
      expect([point.length, point[0]]).toEqual([suite === 1 ? 65 : 97, 4]);
      expect(hex(value(publicKeyToPoint(privateKey)))).toBe(hex(point));
      const back = value(publicKeyFromPoint(suite, point));
      expect(back.equals(publicKey)).toBe(true);
    }
  });

  test("agrees with Gurux on the public point of a given private scalar", () => {
    const key = value(privateKeyFromScalar(1, gurux.serverPrivateKey));
    expect(hex(value(publicKeyToPoint(key)))).toBe(hex(gurux.serverPublicKey));
  });

  test("refuses points of the wrong length, compressed points and points off the curve", () => {
    const point = value(publicKeyToPoint(generateEcdsaKeyPair(1).publicKey));
    expect(code(publicKeyFromPoint(2, point))).toBe("wrong-key-length");
    expect(code(publicKeyFromPoint(1, Uint8Array.of(2, ...point.subarray(1))))).toBe("invalid");
    const off = point.slice();
    off[64]! ^= 1;
    expect(code(publicKeyFromPoint(1, off))).toBe("invalid");
  });
});

describe("publicKeyToSpkiDer and publicKeyFromSpki", () => {
  test("produce the same SubjectPublicKeyInfo DER as Gurux for the same key", () => {
    const key = value(publicKeyFromPoint(1, gurux.clientPublicKey));
    expect(hex(publicKeyToSpkiDer(key))).toBe(hex(gurux.clientPublicKeySpki));
  });

  test("DER and PEM read back, and a key on the other curve is refused", () => {
    const { publicKey } = generateEcdsaKeyPair(2);
    expect(value(publicKeyFromSpki(2, publicKeyToSpkiDer(publicKey))).equals(publicKey)).toBe(true);
    const pem = publicKeyToSpkiPem(publicKey);
    expect(pem.startsWith("-----BEGIN PUBLIC KEY-----")).toBe(true);
    expect(value(publicKeyFromSpki(2, pem)).equals(publicKey)).toBe(true);
    expect(code(publicKeyFromSpki(1, pem))).toBe("wrong-key-length");
    expect(code(publicKeyFromSpki(1, fromHex("3000")))).toBe("invalid");
    expect(code(publicKeyFromSpki(1, "not pem"))).toBe("invalid");
  });
});

describe("privateKeyToPem and privateKeyFromPem", () => {
  test("write PKCS#8 PEM that reads back as the same key", () => {
    const { privateKey, publicKey } = generateEcdsaKeyPair(1);
    const pem = privateKeyToPem(privateKey);
    expect(pem.startsWith("-----BEGIN PRIVATE KEY-----")).toBe(true);
    const back = value(privateKeyFromPem(1, pem));
    expect(createPublicKey(back).equals(publicKey)).toBe(true);
  });

  test("refuse text that is not a private key and keys on the other curve", () => {
    expect(code(privateKeyFromPem(1, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))).toBe("invalid");
    expect(code(privateKeyFromPem(2, privateKeyToPem(generateEcdsaKeyPair(1).privateKey)))).toBe("wrong-key-length");
  });
});

describe("privateKeyFromScalar and privateKeyToScalar", () => {
  test("round-trip the raw scalar, for both curves", () => {
    for (const suite of [1, 2] as const) {
      const { privateKey } = generateEcdsaKeyPair(suite);
      const d = value(privateKeyToScalar(privateKey));
      expect(d.length).toBe(suite === 1 ? 32 : 48);
      expect(hex(value(privateKeyToScalar(value(privateKeyFromScalar(suite, d)))))).toBe(hex(d));
    }
  });

  test("refuse 0, values of n or above and the wrong length", () => {
    expect(code(privateKeyFromScalar(1, new Uint8Array(32)))).toBe("invalid");
    expect(code(privateKeyFromScalar(1, new Uint8Array(32).fill(0xff)))).toBe("invalid");
    expect(code(privateKeyFromScalar(2, new Uint8Array(32).fill(1)))).toBe("wrong-key-length");
  });
});
