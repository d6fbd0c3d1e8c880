import { z } from "zod";
import { SECURITY_SUITES, type TSecuritySuite } from "../../vocabulary";
import { securityFail, type TSecurityResult } from "./security-error";

/**
 * The DLMS security suites (Green Book, security suite table; dlms-facts 2.2): suite 0 is
 * AES-GCM-128 alone, suite 1 adds ECDSA/ECDH on P-256 with SHA-256, suite 2 uses AES-GCM-256 with
 * P-384 and SHA-384. Each suite wraps keys with AES key wrap of its own key length. Ids 3..15 are
 * reserved.
 */
interface TSuiteSpecBase {
  name: string;
  /** Length of every symmetric key of the suite (encryption, authentication, master), in bytes. */
  keyLength: 16 | 32;
  /** node:crypto cipher names for the suite's AES-GCM and AES-CTR. */
  gcmCipher: "aes-128-gcm" | "aes-256-gcm";
  ctrCipher: "aes-128-ctr" | "aes-256-ctr";
}

export interface TSymmetricSuiteSpec extends TSuiteSpecBase {
  id: 0;
  curve: null;
  hash: null;
  signatureLength: null;
}

export interface TEccSuiteSpec extends TSuiteSpecBase {
  id: 1 | 2;
  curve: "P-256" | "P-384";
  /** The curve's OpenSSL name, as node:crypto's ECDH wants it. */
  opensslCurve: "prime256v1" | "secp384r1";
  /** node:crypto hash name used with the suite's signatures. */
  hash: "sha256" | "sha384";
  /** Length of one coordinate or scalar in bytes. */
  coordinateLength: 32 | 48;
  /** Raw r ‖ s signature length in bytes. */
  signatureLength: 64 | 96;
}

export type TSuiteSpec = TSymmetricSuiteSpec | TEccSuiteSpec;
export type TEccSuite = TEccSuiteSpec["id"];

export const ZSecuritySuiteId = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const SUITE_SPECS: { readonly 0: TSymmetricSuiteSpec; readonly 1: TEccSuiteSpec; readonly 2: TEccSuiteSpec } = {
  0: { id: 0, name: "AES-GCM-128", keyLength: 16, gcmCipher: "aes-128-gcm", ctrCipher: "aes-128-ctr", curve: null, hash: null, signatureLength: null },
  1: {
    id: 1,
    name: "ECDH-ECDSA-AES-GCM-128-SHA-256",
    keyLength: 16,
    gcmCipher: "aes-128-gcm",
    ctrCipher: "aes-128-ctr",
    curve: "P-256",
    opensslCurve: "prime256v1",
    hash: "sha256",
    coordinateLength: 32,
    signatureLength: 64,
  },
  2: {
    id: 2,
    name: "ECDH-ECDSA-AES-GCM-256-SHA-384",
    keyLength: 32,
    gcmCipher: "aes-256-gcm",
    ctrCipher: "aes-256-ctr",
    curve: "P-384",
    opensslCurve: "secp384r1",
    hash: "sha384",
    coordinateLength: 48,
    signatureLength: 96,
  },
};

export const isSuiteId = (id: number): id is TSecuritySuite => (SECURITY_SUITES as readonly number[]).includes(id);

/** The suite with this id; reserved and out-of-range ids are "unsupported". */
export function suiteSpec(id: number): TSecurityResult<TSuiteSpec> {
  if (!isSuiteId(id)) return securityFail("unsupported", `security suite ${id} is not one of 0, 1, 2`);
  return { ok: true, value: SUITE_SPECS[id] };
}
