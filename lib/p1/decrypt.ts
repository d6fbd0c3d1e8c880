import { createDecipheriv } from "node:crypto";
import { crc16 } from "./crc";
import { additionalData, initialisationVector, SECURITY_CONTROL, specificationAuthenticationKey, TAG_LENGTH } from "./frame";

/**
 * Decryption of a P1 frame with a diagnosis when it fails. GCM alone cannot tell a wrong key
 * from a wrong tag: both fail authentication. The counter-mode part of GCM can: decrypted
 * without the tag, the right key gives a readable telegram and a wrong key noise. With the key
 * known to be right, other AADs and a 16-byte tag are tried to say what the meter did instead.
 */
export type TP1Keys = {
  /** The P1 encryption keys to try, in order (several when the capture spans a key change). */
  encryption: Uint8Array[];
  authentication: Uint8Array;
};

export type TFrameParts = { systemTitle: Uint8Array; frameCounter: number; securityControl: number; ciphertext: Uint8Array; tag: Uint8Array };

export const DECRYPT_CAUSES = ["no-key", "wrong-key", "keys-swapped", "bad-tag", "aad", "tag-length", "altered"] as const;
export type TDecryptCause = (typeof DECRYPT_CAUSES)[number];

export type TDecryption =
  | { ok: true; plaintext: Uint8Array; keyIndex: number }
  | {
      ok: false;
      cause: TDecryptCause;
      reason: string;
      /** The telegram read without the tag when the key is right, so that its content can still be checked. */
      plaintext: Uint8Array | null;
      keyIndex: number | null;
    };

function gcmOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Uint8Array | null {
  try {
    const decipher = createDecipheriv("aes-128-gcm", key, iv, { authTagLength: tag.length });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const out = decipher.update(ciphertext);
    decipher.final();
    return out;
  } catch {
    return null;
  }
}

/** GCM's keystream starts at counter block IV || 00000002. */
function ctrOpen(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const counter = new Uint8Array(16);
  counter.set(iv);
  counter[15] = 2;
  return createDecipheriv("aes-128-ctr", key, counter).update(ciphertext);
}

/** A plaintext that starts like a telegram: "/" and printable ASCII or line ends. */
function looksLikeTelegram(plain: Uint8Array): boolean {
  if (plain[0] !== 0x2f) return false;
  const end = Math.min(plain.length, 64);
  for (let i = 1; i < end; i++) {
    const b = plain[i]!;
    if ((b < 0x20 || b > 0x7e) && b !== 13 && b !== 10) return false;
  }
  return true;
}

function telegramCrcVerifies(plain: Uint8Array): boolean {
  const bang = plain.lastIndexOf(0x21);
  if (bang < 0 || bang + 5 > plain.length) return false;
  const written = String.fromCharCode(...plain.subarray(bang + 1, bang + 5));
  return /^[0-9A-Fa-f]{4}$/.test(written) && parseInt(written, 16) === crc16(plain, 0, bang + 1);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** With the right key but a failing tag: what the meter may have authenticated instead. */
function explainTag(key: Uint8Array, iv: Uint8Array, parts: TFrameParts, keys: TP1Keys): { cause: TDecryptCause; reason: string } | null {
  const specKey = specificationAuthenticationKey();
  const variants: { aad: Uint8Array; says: string }[] = [];
  if (!sameBytes(keys.authentication, specKey)) variants.push({ aad: additionalData(parts.securityControl, specKey), says: "the meter authenticates with the specification's fixed authentication key, not with the authentication key given" });
  if (parts.securityControl !== SECURITY_CONTROL) variants.push({ aad: additionalData(SECURITY_CONTROL, keys.authentication), says: "the AAD starts with 30h while the header carries another security control byte" });
  variants.push({ aad: Uint8Array.of(parts.securityControl), says: "the AAD is the security control byte alone, without the authentication key" });
  variants.push({ aad: new Uint8Array(0), says: "the meter uses no AAD at all instead of security control || authentication key" });
  for (const v of variants) {
    if (gcmOpen(key, iv, v.aad, parts.ciphertext, parts.tag)) return { cause: "aad", reason: `the tag verifies with another AAD: ${v.says}` };
  }
  if (parts.ciphertext.length > 4) {
    const cut = parts.ciphertext.length - 4;
    const longTag = new Uint8Array(16);
    longTag.set(parts.ciphertext.subarray(cut));
    longTag.set(parts.tag, 4);
    if (gcmOpen(key, iv, additionalData(parts.securityControl, keys.authentication), parts.ciphertext.subarray(0, cut), longTag)) {
      return { cause: "tag-length", reason: `the frame ends with a 16-byte tag; the specification's tag has ${TAG_LENGTH} bytes` };
    }
  }
  return null;
}

/** Decrypts and authenticates a frame with the given keys; on failure says why. Never throws. */
export function decryptP1Frame(parts: TFrameParts, keys: TP1Keys): TDecryption {
  if (keys.encryption.length === 0) return { ok: false, cause: "no-key", reason: "no encryption key was given, so the frame cannot be decrypted", plaintext: null, keyIndex: null };
  const short = keys.encryption.findIndex((k) => k.length !== 16);
  if (short >= 0) return { ok: false, cause: "no-key", reason: `encryption key ${short + 1} does not have 16 bytes (AES-128)`, plaintext: null, keyIndex: null };
  const iv = initialisationVector(parts.systemTitle, parts.frameCounter);
  const aad = additionalData(parts.securityControl, keys.authentication);
  for (let k = 0; k < keys.encryption.length; k++) {
    const plain = gcmOpen(keys.encryption[k]!, iv, aad, parts.ciphertext, parts.tag);
    if (plain) return { ok: true, plaintext: plain, keyIndex: k };
  }
  for (let k = 0; k < keys.encryption.length; k++) {
    const key = keys.encryption[k]!;
    const plain = ctrOpen(key, iv, parts.ciphertext);
    if (!looksLikeTelegram(plain)) continue;
    const which = keys.encryption.length > 1 ? ` (key ${k + 1})` : "";
    const tag = explainTag(key, iv, parts, keys);
    if (tag) return { ok: false, ...tag, plaintext: tag.cause === "tag-length" ? plain.subarray(0, plain.length - 4) : plain, keyIndex: k };
    if (telegramCrcVerifies(plain)) {
      return {
        ok: false,
        cause: "bad-tag",
        reason: `the encryption key${which} is right (the frame decrypts into a telegram whose CRC verifies) but the tag does not verify: the 12-byte tag or the AAD is wrong; check the authentication key`,
        plaintext: plain,
        keyIndex: k,
      };
    }
    return {
      ok: false,
      cause: "altered",
      reason: `the encryption key${which} is right (the frame decrypts into a telegram) but neither the tag nor the telegram's CRC verifies: bytes of the ciphertext were changed or lost`,
      plaintext: plain,
      keyIndex: k,
    };
  }
  const swapped = keys.authentication.length === 16 ? ctrOpen(keys.authentication, iv, parts.ciphertext) : null;
  if (swapped && looksLikeTelegram(swapped)) {
    return { ok: false, cause: "keys-swapped", reason: "the frame decrypts with the key given as authentication key: the encryption and authentication keys are swapped", plaintext: swapped, keyIndex: null };
  }
  const tried = keys.encryption.length === 1 ? "the encryption key given" : `any of the ${keys.encryption.length} encryption keys given`;
  return {
    ok: false,
    cause: "wrong-key",
    reason: `wrong key: with ${tried} the tag does not verify and the decrypted bytes are not a telegram (if the key is right, the system title or frame counter of the header was altered)`,
    plaintext: null,
    keyIndex: null,
  };
}
