import { createCipheriv, createDecipheriv, timingSafeEqual } from "node:crypto";
import { concat } from "../bytes";
import { decodeSecurityControl, protectionOf, type TProtection } from "./control";
import { securityFail, type TSecurityResult } from "./security-error";
import { SUITE_SPECS, isSuiteId, type TSuiteSpec } from "./suite";

/**
 * AES-GCM as DLMS uses it (Green Book, cryptographic algorithms; NIST SP 800-38D): the IV is the
 * sender's system title (8 bytes) followed by its invocation counter (4 bytes, big-endian), the
 * tag is 12 bytes, and the additional authenticated data is
 *   authenticated and encrypted: SC ‖ AK              output ciphertext ‖ tag
 *   authenticated only (GMAC):   SC ‖ AK ‖ plaintext  output plaintext ‖ tag
 *   encrypted only:              nothing              output ciphertext
 * where SC is the whole security control byte. Checked against Gurux.DLMS.Python 1.0.197
 * (GXDLMSChippering.encryptAesGcm, getAuthenticatedData) and GuruxDLMS.c 9.0.2608 (ciphering.c,
 * which also ties the authentication key's length to the suite: 32 bytes for suite 2, else 16).
 */
export const GCM_TAG_LENGTH = 12;
export const SYSTEM_TITLE_LENGTH = 8;
export const MAX_INVOCATION_COUNTER = 0xffffffff;

export interface TGcmParams {
  /** The security control byte as it is sent: its suite, protection and key-set bits. */
  securityControl: number;
  /** The sender's system title, 8 bytes. */
  systemTitle: Uint8Array;
  /** The sender's invocation counter for this message, 0..0xFFFFFFFF. */
  invocationCounter: number;
  /** The block cipher key (global unicast, global broadcast or dedicated), 16 or 32 bytes by suite. */
  encryptionKey: Uint8Array;
  /** The authentication key, as long as the suite's keys. */
  authenticationKey: Uint8Array;
}

/** The 12-byte GCM IV: system title ‖ invocation counter. */
export function gcmIv(systemTitle: Uint8Array, invocationCounter: number): Uint8Array {
  const iv = new Uint8Array(12);
  iv.set(systemTitle, 0);
  new DataView(iv.buffer).setUint32(8, invocationCounter);
  return iv;
}

interface TChecked {
  spec: TSuiteSpec;
  protection: TProtection;
  iv: Uint8Array;
  sc: number;
}

function check(p: TGcmParams): TSecurityResult<TChecked> {
  if (!Number.isInteger(p.securityControl) || p.securityControl < 0 || p.securityControl > 0xff) {
    return securityFail("invalid", `security control ${p.securityControl} is not a byte`);
  }
  const control = decodeSecurityControl(p.securityControl);
  if (!isSuiteId(control.suite)) return securityFail("unsupported", `security suite ${control.suite} is reserved`);
  if (control.compression) return securityFail("unsupported", "compressed payloads (security control bit 7) are not supported");
  const protection = protectionOf(control);
  if (protection === null) return securityFail("invalid", "the security control byte asks for neither authentication nor encryption");
  if (p.systemTitle.length !== SYSTEM_TITLE_LENGTH) return securityFail("invalid", `system title has ${p.systemTitle.length} bytes, not 8`);
  if (!Number.isInteger(p.invocationCounter) || p.invocationCounter < 0 || p.invocationCounter > MAX_INVOCATION_COUNTER) {
    return securityFail("invalid", `invocation counter ${p.invocationCounter} is not a 32-bit unsigned value`);
  }
  const spec = SUITE_SPECS[control.suite];
  if (p.encryptionKey.length !== spec.keyLength) {
    return securityFail("wrong-key-length", `encryption key has ${p.encryptionKey.length} bytes; suite ${spec.id} needs ${spec.keyLength}`);
  }
  if (p.authenticationKey.length !== spec.keyLength) {
    return securityFail("wrong-key-length", `authentication key has ${p.authenticationKey.length} bytes; suite ${spec.id} needs ${spec.keyLength}`);
  }
  return { ok: true, value: { spec, protection, iv: gcmIv(p.systemTitle, p.invocationCounter), sc: p.securityControl } };
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b);

function gmacTag(c: TChecked, key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const cipher = createCipheriv(c.spec.gcmCipher, key, c.iv, { authTagLength: GCM_TAG_LENGTH });
  cipher.setAAD(aad);
  const ciphertext = concat(bytes(cipher.update(plaintext)), bytes(cipher.final()));
  return { ciphertext, tag: bytes(cipher.getAuthTag()) };
}

/**
 * GCM without authentication is its counter mode alone: the keystream starts at the counter block
 * IV ‖ 00000002 (SP 800-38D 7.1, J0 = IV ‖ 00000001 is kept for the tag). OpenSSL's CTR carries
 * into the IV bytes after 2^32 blocks where GCM would wrap, far beyond any APDU.
 */
function ctr(c: TChecked, key: Uint8Array, data: Uint8Array): Uint8Array {
  const counter = concat(c.iv, Uint8Array.of(0, 0, 0, 2));
  const cipher = createCipheriv(c.spec.ctrCipher, key, counter);
  return concat(bytes(cipher.update(data)), bytes(cipher.final()));
}

/** Protects a plaintext as the security control byte asks; the result is what follows SC ‖ IC in an APDU. */
export function gcmProtect(params: TGcmParams, plaintext: Uint8Array): TSecurityResult<Uint8Array> {
  const checked = check(params);
  if (!checked.ok) return checked;
  const c = checked.value;
  const sc = Uint8Array.of(c.sc);
  switch (c.protection) {
    case "authenticated-encrypted": {
      const { ciphertext, tag } = gmacTag(c, params.encryptionKey, concat(sc, params.authenticationKey), plaintext);
      return { ok: true, value: concat(ciphertext, tag) };
    }
    case "authenticated": {
      const { tag } = gmacTag(c, params.encryptionKey, concat(sc, params.authenticationKey, plaintext), new Uint8Array(0));
      return { ok: true, value: concat(plaintext, tag) };
    }
    case "encrypted":
      return { ok: true, value: ctr(c, params.encryptionKey, plaintext) };
  }
}

/**
 * Recovers the plaintext from what follows SC ‖ IC. Errors: "authentication-failed" (wrong key or
 * changed data), "truncated" (shorter than the tag), "wrong-key-length", "invalid"/"unsupported"
 * (a control byte or parameter this layer cannot use).
 */
export function gcmUnprotect(params: TGcmParams, payload: Uint8Array): TSecurityResult<Uint8Array> {
  const checked = check(params);
  if (!checked.ok) return checked;
  const c = checked.value;
  if (c.protection === "encrypted") return { ok: true, value: ctr(c, params.encryptionKey, payload) };
  if (payload.length < GCM_TAG_LENGTH) {
    return securityFail("truncated", `protected payload has ${payload.length} bytes, fewer than the ${GCM_TAG_LENGTH}-byte tag`);
  }
  const body = payload.subarray(0, payload.length - GCM_TAG_LENGTH);
  const tag = payload.subarray(payload.length - GCM_TAG_LENGTH);
  const sc = Uint8Array.of(c.sc);
  if (c.protection === "authenticated") {
    const expected = gmacTag(c, params.encryptionKey, concat(sc, params.authenticationKey, body), new Uint8Array(0)).tag;
    if (!timingSafeEqual(expected, tag)) return securityFail("authentication-failed", "authentication tag does not verify: wrong key or changed data");
    return { ok: true, value: body.slice() };
  }
  const decipher = createDecipheriv(c.spec.gcmCipher, params.encryptionKey, c.iv, { authTagLength: GCM_TAG_LENGTH });
  decipher.setAAD(concat(sc, params.authenticationKey));
  decipher.setAuthTag(tag);
  const plaintext = bytes(decipher.update(body));
  try {
    decipher.final();
  } catch {
    return securityFail("authentication-failed", "authentication tag does not verify: wrong key or changed data");
  }
  return { ok: true, value: plaintext };
}
