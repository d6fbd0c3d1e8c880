import { createCipheriv, createDecipheriv } from "node:crypto";
import { concat } from "../bytes";
import { securityFail, type TSecurityResult } from "./security-error";

/**
 * AES key wrap (RFC 3394) with its default initial value A6A6A6A6A6A6A6A6. The security setup
 * object's key_transfer method sends each new key wrapped with the master key (KEK): AES-128 key
 * wrap in suites 0 and 1, AES-256 in suite 2 (Green Book, security suites; dlms-facts 2.2).
 */
const DEFAULT_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);
const CIPHERS = { 16: "id-aes128-wrap", 24: "id-aes192-wrap", 32: "id-aes256-wrap" } as const;

function cipherFor(kek: Uint8Array): TSecurityResult<string> {
  const name = (CIPHERS as Record<number, string | undefined>)[kek.length];
  return name === undefined ? securityFail("wrong-key-length", `a key-encrypting key has 16, 24 or 32 bytes, not ${kek.length}`) : { ok: true, value: name };
}

/** Wraps key data of 16 bytes or more, a multiple of 8; the result is 8 bytes longer. */
export function wrapKey(kek: Uint8Array, keyData: Uint8Array): TSecurityResult<Uint8Array> {
  const cipher = cipherFor(kek);
  if (!cipher.ok) return cipher;
  if (keyData.length < 16 || keyData.length % 8 !== 0) return securityFail("invalid", `key data of ${keyData.length} bytes cannot be wrapped: 16 or more, a multiple of 8`);
  const c = createCipheriv(cipher.value, kek, DEFAULT_IV);
  return { ok: true, value: concat(new Uint8Array(c.update(keyData)), new Uint8Array(c.final())) };
}

/** Unwraps and checks the integrity value; a wrong KEK or a changed input is "authentication-failed". */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array): TSecurityResult<Uint8Array> {
  const cipher = cipherFor(kek);
  if (!cipher.ok) return cipher;
  if (wrapped.length < 24) return securityFail("truncated", `wrapped key of ${wrapped.length} bytes: at least 24 are needed`);
  if (wrapped.length % 8 !== 0) return securityFail("invalid", `wrapped key of ${wrapped.length} bytes is not a multiple of 8`);
  const d = createDecipheriv(cipher.value, kek, DEFAULT_IV);
  try {
    return { ok: true, value: concat(new Uint8Array(d.update(wrapped)), new Uint8Array(d.final())) };
  } catch {
    return securityFail("authentication-failed", "the wrapped key does not unwrap: wrong key-encrypting key or changed data");
  }
}
