import { createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { concat } from "../bytes";
import { securityFail, type TSecurityResult } from "./security-error";
import { SUITE_SPECS, type TEccSuite, type TEccSuiteSpec } from "./suite";

/**
 * ECDSA for security suites 1 (P-256, SHA-256) and 2 (P-384, SHA-384). DLMS carries signatures
 * as the raw r ‖ s pair, each the curve's coordinate length (Green Book, ECDSA; checked against
 * Gurux.DLMS.Python 1.0.197 GXEcdsa.sign), and public keys as uncompressed points 04 ‖ X ‖ Y
 * (SEC 1 2.3.3; Gurux GXPublicKey keeps the same form).
 */
export interface TEcdsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateEcdsaKeyPair(suite: TEccSuite): TEcdsaKeyPair {
  return generateKeyPairSync("ec", { namedCurve: SUITE_SPECS[suite].curve });
}

/** The suite whose curve the key is on; null for any other key. */
export function eccSuiteOfKey(key: KeyObject): TEccSuite | null {
  if (key.asymmetricKeyType !== "ec") return null;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === SUITE_SPECS[1].opensslCurve) return 1;
  if (curve === SUITE_SPECS[2].opensslCurve) return 2;
  return null;
}

function checkKey(suite: TEccSuite, key: KeyObject, type: "private" | "public"): TSecurityResult<TEccSuiteSpec> {
  const spec = SUITE_SPECS[suite];
  if (key.type !== type) return securityFail("invalid", `a ${type} key is needed, not a ${key.type} key`);
  const keySuite = eccSuiteOfKey(key);
  if (keySuite === null) return securityFail("invalid", "the key is not an EC key on P-256 or P-384");
  if (keySuite !== suite) return securityFail("wrong-key-length", `the key is on ${SUITE_SPECS[keySuite].curve}; suite ${suite} uses ${spec.curve}`);
  return { ok: true, value: spec };
}

/** Signs with the suite's hash; the signature is r ‖ s (64 bytes for P-256, 96 for P-384). */
export function ecdsaSign(suite: TEccSuite, privateKey: KeyObject, message: Uint8Array): TSecurityResult<Uint8Array> {
  const spec = checkKey(suite, privateKey, "private");
  if (!spec.ok) return spec;
  return { ok: true, value: new Uint8Array(sign(spec.value.hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" })) };
}

/** Checks an r ‖ s signature; a signature that does not verify is "authentication-failed". */
export function ecdsaVerify(suite: TEccSuite, publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): TSecurityResult<true> {
  const spec = checkKey(suite, publicKey, "public");
  if (!spec.ok) return spec;
  if (signature.length !== spec.value.signatureLength) {
    return securityFail(signature.length < spec.value.signatureLength ? "truncated" : "invalid", `signature has ${signature.length} bytes; ${spec.value.curve} needs ${spec.value.signatureLength}`);
  }
  let valid: boolean;
  try {
    valid = verify(spec.value.hash, message, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, value: true } : securityFail("authentication-failed", "the signature does not verify with this public key");
}

/** node:crypto derives a public key from a private KeyObject only; a public one is used as it is. */
const publicHalf = (key: KeyObject): KeyObject => (key.type === "public" ? key : createPublicKey(key));

const base64url = (b: Uint8Array): string => Buffer.from(b).toString("base64url");
const fromBase64url = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? "", "base64url"));

/** The public key (of a public or private key object) as an uncompressed point 04 ‖ X ‖ Y: 65 bytes for P-256, 97 for P-384. */
export function publicKeyToPoint(key: KeyObject): TSecurityResult<Uint8Array> {
  if (eccSuiteOfKey(key) === null) return securityFail("invalid", "not a P-256 or P-384 key");
  const jwk = publicHalf(key).export({ format: "jwk" });
  return { ok: true, value: concat(Uint8Array.of(4), fromBase64url(jwk.x), fromBase64url(jwk.y)) };
}

/** Imports an uncompressed point on the suite's curve; a point off the curve is "invalid". */
export function publicKeyFromPoint(suite: TEccSuite, point: Uint8Array): TSecurityResult<KeyObject> {
  const spec = SUITE_SPECS[suite];
  const n = spec.coordinateLength;
  if (point.length !== 1 + 2 * n) return securityFail("wrong-key-length", `an uncompressed ${spec.curve} point has ${1 + 2 * n} bytes, not ${point.length}`);
  if (point[0] !== 4) return securityFail("invalid", "an uncompressed point starts with 04");
  try {
    const key = createPublicKey({
      key: { kty: "EC", crv: spec.curve, x: base64url(point.subarray(1, 1 + n)), y: base64url(point.subarray(1 + n)) },
      format: "jwk",
    });
    return { ok: true, value: key };
  } catch {
    return securityFail("invalid", `the point is not on ${spec.curve}`);
  }
}

/** SubjectPublicKeyInfo (RFC 5480) of a public key, or of a private key's public half, as DER bytes. */
export function publicKeyToSpkiDer(key: KeyObject): Uint8Array {
  return new Uint8Array(publicHalf(key).export({ type: "spki", format: "der" }));
}

/** SubjectPublicKeyInfo (RFC 5480) as PEM text ("PUBLIC KEY"). */
export function publicKeyToSpkiPem(key: KeyObject): string {
  return publicHalf(key).export({ type: "spki", format: "pem" }).toString();
}

/** Imports a SubjectPublicKeyInfo in DER bytes or PEM text; the key must be on the suite's curve. */
export function publicKeyFromSpki(suite: TEccSuite, spki: Uint8Array | string): TSecurityResult<KeyObject> {
  let key: KeyObject;
  try {
    key = typeof spki === "string" ? createPublicKey({ key: spki, format: "pem" }) : createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  } catch {
    return securityFail("invalid", "not a SubjectPublicKeyInfo");
  }
  const checked = checkKey(suite, key, "public");
  return checked.ok ? { ok: true, value: key } : checked;
}

/** The private key as PKCS#8 PEM text ("PRIVATE KEY"), unencrypted: protect the file that holds it. */
export function privateKeyToPem(privateKey: KeyObject): string {
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** Imports a PKCS#8 (or SEC 1 "EC PRIVATE KEY") PEM private key; it must be on the suite's curve. */
export function privateKeyFromPem(suite: TEccSuite, pem: string): TSecurityResult<KeyObject> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return securityFail("invalid", "not a PEM private key");
  }
  const checked = checkKey(suite, key, "private");
  return checked.ok ? { ok: true, value: key } : checked;
}

/**
 * Imports a private key from its raw scalar d (32 bytes for P-256, 48 for P-384), the form
 * Gurux keeps keys in; d must be in 1..n-1.
 */
export function privateKeyFromScalar(suite: TEccSuite, d: Uint8Array): TSecurityResult<KeyObject> {
  const spec = SUITE_SPECS[suite];
  const n = spec.coordinateLength;
  if (d.length !== n) return securityFail("wrong-key-length", `a ${spec.curve} private key has ${n} bytes, not ${d.length}`);
  try {
    const ecdh = createECDH(spec.opensslCurve);
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey();
    const key = createPrivateKey({
      key: { kty: "EC", crv: spec.curve, d: base64url(d), x: base64url(point.subarray(1, 1 + n)), y: base64url(point.subarray(1 + n)) },
      format: "jwk",
    });
    return { ok: true, value: key };
  } catch {
    return securityFail("invalid", `not a valid ${spec.curve} private key`);
  }
}

/** The raw scalar d of a private key, zero-padded to the curve's length. */
export function privateKeyToScalar(privateKey: KeyObject): TSecurityResult<Uint8Array> {
  const suite = privateKey.type === "private" ? eccSuiteOfKey(privateKey) : null;
  if (suite === null) return securityFail("invalid", "not a P-256 or P-384 private key");
  return { ok: true, value: fromBase64url(privateKey.export({ format: "jwk" }).d) };
}
