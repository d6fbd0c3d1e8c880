import { createCipheriv } from "node:crypto";
import { describeByte } from "./bytes";
import { getP1Readout } from "./readout";

/**
 * The encrypted P1 frame (Luxembourg P1 2.6), a general-glo-ciphering APDU:
 * DBh || 08h || system title (8) || length || 30h || frame counter (4) || ciphertext || tag (12),
 * where the length counts everything after it (17 + the ciphertext) in A-XDR form: one byte below
 * 80h, else 81h or 82h followed by one or two bytes. AES-128-GCM with IV = system title || frame
 * counter and AAD = security control || authentication key.
 */
export const FRAME_TAG = 0xdb;
export const SYSTEM_TITLE_LENGTH = 8;
export const SECURITY_CONTROL = 0x30;
export const TAG_LENGTH = 12;
/** Security control, frame counter and tag: what the length counts besides the ciphertext. */
export const FRAME_OVERHEAD = 1 + 4 + TAG_LENGTH;
export const MAX_FRAME_COUNTER = 0xffffffff;

/** The fixed authentication key of the specification (P1 2.6), used when none is given. */
export function specificationAuthenticationKey(): Uint8Array {
  return Uint8Array.from(getP1Readout().security.authenticationKey.match(/../g)!.map((h) => parseInt(h, 16)));
}

export type TP1FrameSecurity = {
  /** The P1 encryption key, 16 bytes. */
  key: Uint8Array;
  /** 16 bytes; the specification's fixed key when omitted. */
  authenticationKey?: Uint8Array;
  systemTitle: Uint8Array;
  frameCounter: number;
};

export function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  if (length < 0x10000) return [0x82, length >> 8, length & 0xff];
  throw new RangeError(`a P1 frame length takes at most three bytes: ${length} is too long`);
}

export const initialisationVector = (systemTitle: Uint8Array, frameCounter: number): Uint8Array => {
  const iv = new Uint8Array(12);
  iv.set(systemTitle.subarray(0, 8));
  new DataView(iv.buffer).setUint32(8, frameCounter >>> 0);
  return iv;
};

export function additionalData(securityControl: number, authenticationKey: Uint8Array): Uint8Array {
  const aad = new Uint8Array(1 + authenticationKey.length);
  aad[0] = securityControl;
  aad.set(authenticationKey, 1);
  return aad;
}

/**
 * Encrypts a telegram into a P1 frame. Arguments outside the specification (key or title length,
 * counter out of 32 bits) are the caller's mistake and throw a RangeError.
 */
export function encryptP1Frame(plaintext: Uint8Array, security: TP1FrameSecurity): Uint8Array {
  const { key, systemTitle, frameCounter } = security;
  if (key.length !== 16) throw new RangeError("the P1 encryption key has 16 bytes");
  if (systemTitle.length !== SYSTEM_TITLE_LENGTH) throw new RangeError("the system title has 8 bytes");
  if (!Number.isInteger(frameCounter) || frameCounter < 0 || frameCounter > MAX_FRAME_COUNTER) throw new RangeError("the frame counter is a 32-bit unsigned number");
  const cipher = createCipheriv("aes-128-gcm", key, initialisationVector(systemTitle, frameCounter), { authTagLength: TAG_LENGTH });
  cipher.setAAD(additionalData(SECURITY_CONTROL, security.authenticationKey ?? specificationAuthenticationKey()));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  const length = encodeLength(FRAME_OVERHEAD + ciphertext.length);
  const frame = new Uint8Array(2 + SYSTEM_TITLE_LENGTH + length.length + 5 + ciphertext.length + TAG_LENGTH);
  let at = 0;
  frame[at++] = FRAME_TAG;
  frame[at++] = SYSTEM_TITLE_LENGTH;
  frame.set(systemTitle, at);
  at += SYSTEM_TITLE_LENGTH;
  frame.set(length, at);
  at += length.length;
  frame[at++] = SECURITY_CONTROL;
  new DataView(frame.buffer).setUint32(at, frameCounter);
  at += 4;
  frame.set(ciphertext, at);
  frame.set(tag, at + ciphertext.length);
  return frame;
}

/** A wrong or missing header field, at its byte offset from the frame's first byte. */
export type TFrameIssue = { byte: number; field: "tag" | "system-title" | "length" | "security-control"; message: string };

export type TFrameHeader = {
  tag: number;
  systemTitleLength: number;
  systemTitle: Uint8Array | null;
  /** Offset and size of the length field, and the length it gives (null when unreadable). */
  lengthField: { byte: number; size: number; value: number | null } | null;
  securityControl: number | null;
  frameCounter: number | null;
  /** Offset of the first byte the length counts (the security control byte). */
  lengthStart: number | null;
  /** Offset of the ciphertext. */
  contentStart: number | null;
};

const TAG_HINTS: Record<number, string> = {
  0x2f: "a plain telegram starts here, not an encrypted frame",
  0x7e: "this is an HDLC flag: the port sends HDLC frames",
  0xdc: "0xDC is general-ded-ciphering (dedicated key), not general-glo-ciphering",
  0xdf: "0xDF is general-ciphering, not general-glo-ciphering",
};

const SC_HINTS: Record<number, string> = {
  0x10: "authentication only, no encryption",
  0x20: "encryption only, no authentication",
  0x00: "neither encryption nor authentication",
};

/**
 * Reads the header of a frame starting at bytes[0]; reports every field that differs from the
 * specification with its byte offset, and never throws. A short buffer leaves later fields null.
 */
export function parseFrameHeader(bytes: Uint8Array): { header: TFrameHeader; issues: TFrameIssue[] } {
  const issues: TFrameIssue[] = [];
  const header: TFrameHeader = { tag: bytes[0] ?? -1, systemTitleLength: -1, systemTitle: null, lengthField: null, securityControl: null, frameCounter: null, lengthStart: null, contentStart: null };
  if (bytes.length === 0) return { header, issues };
  if (header.tag !== FRAME_TAG) {
    const hint = TAG_HINTS[header.tag];
    issues.push({ byte: 0, field: "tag", message: `byte 0 is ${describeByte(header.tag)}, not 0xDB (general-glo-ciphering)${hint ? `: ${hint}` : ""}` });
  }
  if (bytes.length < 2) return { header, issues };
  header.systemTitleLength = bytes[1]!;
  if (header.systemTitleLength !== SYSTEM_TITLE_LENGTH) {
    issues.push({ byte: 1, field: "system-title", message: `byte 1 (system title length) is ${describeByte(header.systemTitleLength)}, not 0x08` });
  }
  const titleLength = header.systemTitleLength <= 16 ? header.systemTitleLength : SYSTEM_TITLE_LENGTH;
  let at = 2;
  if (bytes.length < at + titleLength) return { header, issues };
  header.systemTitle = bytes.slice(at, at + titleLength);
  at += titleLength;
  if (bytes.length <= at) return { header, issues };
  const first = bytes[at]!;
  const size = first < 0x80 ? 1 : first === 0x81 ? 2 : first === 0x82 ? 3 : 0;
  if (size === 0) {
    issues.push({ byte: at, field: "length", message: `byte ${at} (length) is ${describeByte(first)}: a length takes one, two or three bytes (below 0x80, 0x81 xx or 0x82 xx xx)` });
    header.lengthField = { byte: at, size: 1, value: null };
    return { header, issues };
  }
  if (bytes.length < at + size) {
    header.lengthField = { byte: at, size, value: null };
    return { header, issues };
  }
  const value = size === 1 ? first : size === 2 ? bytes[at + 1]! : (bytes[at + 1]! << 8) | bytes[at + 2]!;
  header.lengthField = { byte: at, size, value };
  if (value < FRAME_OVERHEAD) {
    issues.push({ byte: at, field: "length", message: `byte ${at} (length) gives ${value}, less than the ${FRAME_OVERHEAD} bytes of security control, frame counter and tag` });
  }
  at += size;
  header.lengthStart = at;
  if (bytes.length <= at) return { header, issues };
  header.securityControl = bytes[at]!;
  if (header.securityControl !== SECURITY_CONTROL) {
    const hint = SC_HINTS[header.securityControl];
    const suite = header.securityControl & 0x0f;
    const detail = hint ?? (suite !== 0 ? `security suite ${suite} instead of suite 0` : "an unknown security control");
    issues.push({ byte: at, field: "security-control", message: `byte ${at} (security control) is ${describeByte(header.securityControl)}, not 0x30 (authenticated and encrypted, suite 0): ${detail}` });
  }
  at += 1;
  if (bytes.length < at + 4) return { header, issues };
  header.frameCounter = ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
  header.contentStart = at + 4;
  return { header, issues };
}
