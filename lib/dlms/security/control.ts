import type { TSecurityPolicy } from "../../vocabulary";

/**
 * The security control byte that opens every protected payload (Green Book, security header):
 * bits 0-3 security suite id, bit 4 authentication, bit 5 encryption, bit 6 key set (0 unicast,
 * 1 broadcast), bit 7 compression. Checked against Gurux.DLMS.Python 1.0.197 (encryptAesGcm).
 */
export interface TSecurityControl {
  /** 0..15; only 0, 1 and 2 are assigned. */
  suite: number;
  authentication: boolean;
  encryption: boolean;
  /** The global broadcast encryption key protects the payload instead of the unicast one. */
  broadcastKey: boolean;
  compression: boolean;
}

export const PROTECTIONS = ["authenticated", "encrypted", "authenticated-encrypted"] as const;
export type TProtection = (typeof PROTECTIONS)[number];

const AUTHENTICATION = 0x10;
const ENCRYPTION = 0x20;
const BROADCAST_KEY = 0x40;
const COMPRESSION = 0x80;

export function encodeSecurityControl(c: TSecurityControl): number {
  if (!Number.isInteger(c.suite) || c.suite < 0 || c.suite > 15) throw new RangeError(`security suite ${c.suite} does not fit in bits 0-3`);
  return (
    c.suite |
    (c.authentication ? AUTHENTICATION : 0) |
    (c.encryption ? ENCRYPTION : 0) |
    (c.broadcastKey ? BROADCAST_KEY : 0) |
    (c.compression ? COMPRESSION : 0)
  );
}

/** Every byte is a well-formed control byte; whether its suite or bits are acceptable is the caller's rule. */
export function decodeSecurityControl(byte: number): TSecurityControl {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff) throw new RangeError(`${byte} is not a byte`);
  return {
    suite: byte & 0x0f,
    authentication: (byte & AUTHENTICATION) !== 0,
    encryption: (byte & ENCRYPTION) !== 0,
    broadcastKey: (byte & BROADCAST_KEY) !== 0,
    compression: (byte & COMPRESSION) !== 0,
  };
}

/** The protection the control byte asks for; null when it sets neither authentication nor encryption. */
export function protectionOf(c: TSecurityControl): TProtection | null {
  if (c.authentication && c.encryption) return "authenticated-encrypted";
  if (c.authentication) return "authenticated";
  if (c.encryption) return "encrypted";
  return null;
}

/** The control byte's fields for a suite and a protection, without compression. */
export function securityControl(suite: number, protection: TProtection, broadcastKey = false): TSecurityControl {
  return {
    suite,
    authentication: protection !== "encrypted",
    encryption: protection !== "authenticated",
    broadcastKey,
    compression: false,
  };
}

/** The protection a sender applies under a security policy; null: APDUs go unciphered. */
export function protectionFor(policy: TSecurityPolicy): TProtection | null {
  return policy === "none" ? null : policy;
}

/**
 * The protections a received APDU may have under a security policy: at least what the policy
 * asks for. The receiver must check this, or a changed control byte could turn an authenticated
 * APDU into an "encrypted only" one that nothing verifies.
 */
export function protectionsMeeting(policy: TSecurityPolicy): readonly TProtection[] {
  switch (policy) {
    case "none":
      return PROTECTIONS;
    case "authenticated":
      return ["authenticated", "authenticated-encrypted"];
    case "encrypted":
      return ["encrypted", "authenticated-encrypted"];
    case "authenticated-encrypted":
      return ["authenticated-encrypted"];
  }
}
