import { createHash, sign, type KeyObject } from "node:crypto";
import { hex } from "../bytes";
import { derBitString, derBoolean, derExplicit, derInteger, derOctetString, derOid, derSequence, derSet, derTime, derUtf8String } from "./der-writer";
import { eccSuiteOfKey, publicKeyToPoint, publicKeyToSpkiDer } from "./ecdsa";
import { SYSTEM_TITLE_LENGTH } from "./gcm";
import { securityFail, type TSecurityResult } from "./security-error";
import { SUITE_SPECS, type TEccSuite } from "./suite";

/**
 * A minimal self-signed X.509 v3 certificate (RFC 5280) for a DLMS ECDSA key: subject = issuer
 * with the common name set to the system title as 16 upper-case hex digits (the DLMS convention,
 * Green Book certificate profile), key usage (critical) and a subject key identifier, signed with
 * ecdsa-with-SHA256 for P-256 and ecdsa-with-SHA384 for P-384 (RFC 5758 3.2: no parameters).
 */
export const CERTIFICATE_USAGES = ["digital-signature", "key-agreement"] as const;
export type TCertificateUsage = (typeof CERTIFICATE_USAGES)[number];

export interface TCertificateRequest {
  suite: TEccSuite;
  /** The subject's own key: the certificate carries its public half and is signed with it. */
  privateKey: KeyObject;
  systemTitle: Uint8Array;
  /** Positive, at most 20 bytes (RFC 5280 4.1.2.2). */
  serialNumber: bigint;
  /** Whole seconds; fractions are dropped. */
  notBefore: Date;
  notAfter: Date;
  usage: TCertificateUsage;
}

export interface TCertificate {
  der: Uint8Array;
  pem: string;
}

const OID = {
  commonName: "2.5.4.3",
  keyUsage: "2.5.29.15",
  subjectKeyIdentifier: "2.5.29.14",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  ecdsaWithSha384: "1.2.840.10045.4.3.3",
} as const;

/**
 * KeyUsage bits (RFC 5280 4.2.1.3) as a DER named bit string, trailing zero bits dropped:
 * digitalSignature is bit 0; a key agreement key has keyAgreement (bit 4) alone, as the Green Book
 * certificate profile gives key agreement certificates.
 */
const KEY_USAGE_BITS: Record<TCertificateUsage, { bytes: Uint8Array; unused: number }> = {
  "digital-signature": { bytes: Uint8Array.of(0x80), unused: 7 },
  "key-agreement": { bytes: Uint8Array.of(0x08), unused: 3 },
};

/** The DLMS common name: the system title as 16 upper-case hex digits. */
export const systemTitleCommonName = (systemTitle: Uint8Array): string => hex(systemTitle).toUpperCase();

function toPem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const extension = (oid: string, critical: boolean, value: Uint8Array): Uint8Array =>
  derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));

export function selfSignedCertificate(req: TCertificateRequest): TSecurityResult<TCertificate> {
  if (req.privateKey.type !== "private") return securityFail("invalid", "a private key signs the certificate");
  const keySuite = eccSuiteOfKey(req.privateKey);
  if (keySuite !== req.suite) return securityFail("wrong-key-length", `the key is not on ${SUITE_SPECS[req.suite].curve}`);
  if (req.systemTitle.length !== SYSTEM_TITLE_LENGTH) return securityFail("invalid", `system title has ${req.systemTitle.length} bytes, not 8`);
  if (req.serialNumber <= 0n || req.serialNumber >= 1n << 159n) return securityFail("invalid", "the serial number must be positive and fit in 20 bytes");
  const from = Math.floor(req.notBefore.getTime() / 1000);
  const to = Math.floor(req.notAfter.getTime() / 1000);
  if (Number.isNaN(from) || Number.isNaN(to)) return securityFail("invalid", "validity dates must be valid dates");
  if (to < from) return securityFail("invalid", "notAfter is before notBefore");
  if (new Date(from * 1000).getUTCFullYear() < 0 || new Date(to * 1000).getUTCFullYear() > 9999) {
    return securityFail("invalid", "validity dates must lie in the years 0 to 9999");
  }

  const spec = SUITE_SPECS[req.suite];
  const algorithm = derSequence(derOid(req.suite === 1 ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384));
  const name = derSequence(derSet(derSequence(derOid(OID.commonName), derUtf8String(systemTitleCommonName(req.systemTitle)))));
  const point = publicKeyToPoint(req.privateKey);
  if (!point.ok) return point;
  // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
  const keyId = new Uint8Array(createHash("sha1").update(point.value).digest());
  const usage = KEY_USAGE_BITS[req.usage];
  const tbs = derSequence(
    derExplicit(0, derInteger(2n)),
    derInteger(req.serialNumber),
    algorithm,
    name,
    derSequence(derTime(new Date(from * 1000)), derTime(new Date(to * 1000))),
    name,
    publicKeyToSpkiDer(req.privateKey),
    derExplicit(
      3,
      derSequence(extension(OID.keyUsage, true, derBitString(usage.bytes, usage.unused)), extension(OID.subjectKeyIdentifier, false, derOctetString(keyId))),
    ),
  );
  const signature = new Uint8Array(sign(spec.hash, tbs, { key: req.privateKey, dsaEncoding: "der" }));
  const der = derSequence(tbs, algorithm, derBitString(signature));
  return { ok: true, value: { der, pem: toPem("CERTIFICATE", der) } };
}

/**
 * A PKCS#10 certification request (RFC 2986) for a DLMS ECDSA key, as security setup v1
 * generate_certificate_request answers it (Blue Book, class 64 method 5): the subject is the
 * system title as common name, the key its public half, no attributes, signed with the key itself
 * so that a CA can check the requester holds it.
 */
export function certificateRequest(suite: TEccSuite, privateKey: KeyObject, systemTitle: Uint8Array): TSecurityResult<TCertificate> {
  if (privateKey.type !== "private") return securityFail("invalid", "a private key signs the request");
  if (eccSuiteOfKey(privateKey) !== suite) return securityFail("wrong-key-length", `the key is not on ${SUITE_SPECS[suite].curve}`);
  if (systemTitle.length !== SYSTEM_TITLE_LENGTH) return securityFail("invalid", `system title has ${systemTitle.length} bytes, not 8`);
  const algorithm = derSequence(derOid(suite === 1 ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384));
  const name = derSequence(derSet(derSequence(derOid(OID.commonName), derUtf8String(systemTitleCommonName(systemTitle)))));
  // attributes [0] IMPLICIT SET OF Attribute: present and empty.
  const info = derSequence(derInteger(0n), name, publicKeyToSpkiDer(privateKey), derExplicit(0, new Uint8Array()));
  const signature = new Uint8Array(sign(SUITE_SPECS[suite].hash, info, { key: privateKey, dsaEncoding: "der" }));
  const der = derSequence(info, algorithm, derBitString(signature));
  return { ok: true, value: { der, pem: toPem("CERTIFICATE REQUEST", der) } };
}
