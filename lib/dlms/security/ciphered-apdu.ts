import type { TSecuritySuite } from "../../vocabulary";
import { ByteReader, ByteWriter, equalBytes } from "../bytes";
import { decodeSecurityControl, encodeSecurityControl, protectionOf, securityControl, type TProtection, type TSecurityControl } from "./control";
import { SYSTEM_TITLE_LENGTH, gcmProtect, gcmUnprotect } from "./gcm";
import { acceptInvocationCounter, type TReceiveCounter } from "./invocation-counter";
import { SecurityFailure, securityResultOf, type TSecurityResult } from "./security-error";
import { isSuiteId } from "./suite";

/**
 * Ciphered xDLMS APDUs (Green Book, ciphered xDLMS APDUs; tags from the xDLMS ASN.1 as implemented
 * in Gurux.DLMS.Python 1.0.197 enums/Command.py):
 *   service-specific glo-/ded- forms: tag, then an octet string (A-XDR length) holding
 *     SC ‖ IC (4 bytes) ‖ protected payload; the sender's system title is known from the association;
 *   general-glo-ciphering 0xDB / general-ded-ciphering 0xDC: tag, system title as a length-prefixed
 *     octet string, then the length-prefixed SC ‖ IC ‖ protected payload, for any APDU
 *     (data-notification has no service-specific form).
 * glo forms use a global key (unicast, or broadcast when SC bit 6 is set), ded forms the dedicated key.
 */
export const CIPHERED_FORMS = ["glo", "ded", "general-glo", "general-ded"] as const;
export type TCipheredForm = (typeof CIPHERED_FORMS)[number];

export const GENERAL_GLO_CIPHERING = 0xdb;
export const GENERAL_DED_CIPHERING = 0xdc;

export interface TServiceTags {
  name: string;
  plain: number;
  glo: number;
  ded: number;
}

/** Plain tag → glo tag / ded tag, checked one by one against Command.py (GLO_*, DED_*). */
export const SERVICE_TAGS: readonly TServiceTags[] = [
  { name: "initiate-request", plain: 0x01, glo: 0x21, ded: 0x41 },
  { name: "initiate-response", plain: 0x08, glo: 0x28, ded: 0x48 },
  { name: "confirmed-service-error", plain: 0x0e, glo: 0x2e, ded: 0x4e },
  { name: "get-request", plain: 0xc0, glo: 0xc8, ded: 0xd0 },
  { name: "set-request", plain: 0xc1, glo: 0xc9, ded: 0xd1 },
  { name: "event-notification-request", plain: 0xc2, glo: 0xca, ded: 0xd2 },
  { name: "action-request", plain: 0xc3, glo: 0xcb, ded: 0xd3 },
  { name: "get-response", plain: 0xc4, glo: 0xcc, ded: 0xd4 },
  { name: "set-response", plain: 0xc5, glo: 0xcd, ded: 0xd5 },
  { name: "action-response", plain: 0xc7, glo: 0xcf, ded: 0xd7 },
];

/** The tag of the service-specific ciphered form of a plain APDU tag, if it has one. */
export function cipheredTagOf(plainTag: number, form: "glo" | "ded"): number | undefined {
  return SERVICE_TAGS.find((t) => t.plain === plainTag)?.[form];
}

/** What a ciphered tag is: a service-specific form with the plain tag it carries, or a general form. */
export function describeCipheredTag(tag: number): { form: TCipheredForm; plainTag?: number } | undefined {
  if (tag === GENERAL_GLO_CIPHERING) return { form: "general-glo" };
  if (tag === GENERAL_DED_CIPHERING) return { form: "general-ded" };
  for (const t of SERVICE_TAGS) {
    if (t.glo === tag) return { form: "glo", plainTag: t.plain };
    if (t.ded === tag) return { form: "ded", plainTag: t.plain };
  }
  return undefined;
}

/** The symmetric keys of one association (or one peer), all of the suite's key length. */
export interface TSecurityKeys {
  suite: TSecuritySuite;
  /** Global unicast encryption key (GUEK). */
  unicastKey: Uint8Array;
  /** Global broadcast encryption key (GBEK), for payloads with SC bit 6 set. */
  broadcastKey?: Uint8Array;
  /** Dedicated key of the current association, for the ded forms. */
  dedicatedKey?: Uint8Array;
  /** Authentication key (AK). */
  authenticationKey: Uint8Array;
}

const isDedicated = (form: TCipheredForm): boolean => form === "ded" || form === "general-ded";

function encryptionKeyFor(keys: TSecurityKeys, form: TCipheredForm, broadcast: boolean): Uint8Array {
  if (isDedicated(form)) {
    // The key-set bit chooses between the two global keys; a dedicated key has no broadcast twin.
    if (broadcast) throw new SecurityFailure("invalid", "the broadcast key bit is set on a dedicated-key form");
    if (keys.dedicatedKey === undefined) throw new SecurityFailure("no-key", "no dedicated key is established");
    return keys.dedicatedKey;
  }
  if (!broadcast) return keys.unicastKey;
  if (keys.broadcastKey === undefined) throw new SecurityFailure("no-key", "no global broadcast key is known");
  return keys.broadcastKey;
}

export interface TProtectRequest {
  /** The plain xDLMS APDU, its tag first. */
  apdu: Uint8Array;
  form: TCipheredForm;
  protection: TProtection;
  /** The sender's own system title: it forms the IV, and the general forms carry it. */
  systemTitle: Uint8Array;
  /** The sender's invocation counter for this message (see invocation-counter.ts). */
  invocationCounter: number;
  keys: TSecurityKeys;
  /** Protect with the global broadcast key (glo forms only). */
  broadcast?: boolean;
}

/** Wraps a plain APDU in the asked ciphered form. */
export function protectApdu(req: TProtectRequest): TSecurityResult<Uint8Array> {
  return securityResultOf(() => {
    if (req.apdu.length === 0) throw new SecurityFailure("invalid", "an empty APDU cannot be protected");
    const plainTag = req.apdu[0]!;
    let tag: number;
    if (req.form === "general-glo") tag = GENERAL_GLO_CIPHERING;
    else if (req.form === "general-ded") tag = GENERAL_DED_CIPHERING;
    else {
      const t = cipheredTagOf(plainTag, req.form);
      if (t === undefined) {
        throw new SecurityFailure("unsupported", `APDU tag 0x${plainTag.toString(16)} has no ${req.form}- form; use general-${req.form}-ciphering`);
      }
      tag = t;
    }
    const broadcast = req.broadcast ?? false;
    const key = encryptionKeyFor(req.keys, req.form, broadcast);
    const sc = encodeSecurityControl(securityControl(req.keys.suite, req.protection, broadcast));
    const payload = gcmProtect(
      { securityControl: sc, systemTitle: req.systemTitle, invocationCounter: req.invocationCounter, encryptionKey: key, authenticationKey: req.keys.authenticationKey },
      req.apdu,
    );
    if (!payload.ok) throw new SecurityFailure(payload.error.code, payload.error.message);
    const w = new ByteWriter(req.apdu.length + 32).u8(tag);
    if (req.form === "general-glo" || req.form === "general-ded") w.length(req.systemTitle.length).bytes(req.systemTitle);
    return w
      .length(5 + payload.value.length)
      .u8(sc)
      .u32(req.invocationCounter)
      .bytes(payload.value)
      .finish();
  });
}

/** Keys for a sender, found by its system title; undefined when the sender is unknown. */
export type TKeyLookup = (systemTitle: Uint8Array) => TSecurityKeys | undefined;

export interface TUnprotectContext {
  /**
   * The sender's system title for the service-specific forms, which do not carry it (the client
   * learns it from the AARE, the server from the AARQ). For the general forms, when given, the
   * system title in the APDU must equal it.
   */
  peerSystemTitle?: Uint8Array;
  keys: TSecurityKeys | TKeyLookup;
  /**
   * The protections the security policy accepts (see protectionsMeeting); any other is a
   * "policy-violation", found before any key is used.
   */
  acceptedProtections: readonly TProtection[];
  /**
   * The receiver's tracker for this sender and key. When given, the invocation counter must be
   * greater than the last accepted one; it is checked only once the payload has verified, so a
   * forged APDU cannot advance it.
   */
  receiveCounter?: TReceiveCounter;
}

export interface TUnprotectedApdu {
  form: TCipheredForm;
  /** The ciphered APDU's tag as received. */
  tag: number;
  /** The security control byte as received, and its fields. */
  securityControl: number;
  control: TSecurityControl;
  protection: TProtection;
  invocationCounter: number;
  /** The sender's system title: from the APDU (general forms) or the context. */
  systemTitle: Uint8Array;
  /** The plain APDU, its tag first. */
  apdu: Uint8Array;
  /** The tracker after accepting this counter, when the context gave one. */
  receiveCounter?: TReceiveCounter;
}

/**
 * Unwraps a ciphered APDU. Every length is checked against what is left; the content must end
 * exactly where the input ends. Never throws on any input.
 */
export function unprotectApdu(input: Uint8Array, ctx: TUnprotectContext): TSecurityResult<TUnprotectedApdu> {
  return securityResultOf(() => {
    const r = new ByteReader(input);
    const tag = r.u8("ciphered APDU tag");
    const kind = describeCipheredTag(tag);
    if (kind === undefined) throw new SecurityFailure("unsupported", `0x${tag.toString(16)} is not a ciphered APDU tag`, 0);
    let systemTitle: Uint8Array;
    if (kind.form === "general-glo" || kind.form === "general-ded") {
      const at = r.offset;
      const n = r.length("system title length");
      if (n !== SYSTEM_TITLE_LENGTH) throw new SecurityFailure("invalid", `system title has ${n} bytes, not 8`, at);
      systemTitle = r.take(n, "system title").slice();
      if (ctx.peerSystemTitle !== undefined && !equalBytes(systemTitle, ctx.peerSystemTitle)) {
        throw new SecurityFailure("invalid", "the APDU's system title is not the peer's", at + 1);
      }
    } else {
      if (ctx.peerSystemTitle === undefined) throw new SecurityFailure("invalid", `a ${kind.form}- APDU needs the peer's system title from the association`);
      systemTitle = ctx.peerSystemTitle;
    }
    const lengthAt = r.offset;
    const n = r.length("ciphered content length");
    if (n > r.remaining) throw new SecurityFailure("truncated", `ciphered content: needs ${n} bytes, ${r.remaining} left`, lengthAt);
    if (n < r.remaining) throw new SecurityFailure("invalid", `${r.remaining - n} bytes follow the ciphered content`, r.offset + n);
    const scAt = r.offset;
    const sc = r.u8("security control");
    const ic = r.u32("invocation counter");
    const payload = r.rest();
    const control = decodeSecurityControl(sc);
    if (!isSuiteId(control.suite)) throw new SecurityFailure("unsupported", `security suite ${control.suite} is reserved`, scAt);
    if (control.compression) throw new SecurityFailure("unsupported", "compressed payloads (security control bit 7) are not supported", scAt);
    const protection = protectionOf(control);
    if (protection === null) throw new SecurityFailure("invalid", "the security control byte asks for neither authentication nor encryption", scAt);
    if (!ctx.acceptedProtections.includes(protection)) {
      throw new SecurityFailure("policy-violation", `the APDU is ${protection}; the security policy accepts ${ctx.acceptedProtections.join(", ") || "nothing"}`, scAt);
    }
    const keys = typeof ctx.keys === "function" ? ctx.keys(systemTitle) : ctx.keys;
    if (keys === undefined) throw new SecurityFailure("no-key", "no keys are known for this system title");
    if (keys.suite !== control.suite) {
      throw new SecurityFailure("invalid", `the APDU uses security suite ${control.suite}, the keys are for suite ${keys.suite}`, scAt);
    }
    const key = encryptionKeyFor(keys, kind.form, control.broadcastKey);
    const plain = gcmUnprotect(
      { securityControl: sc, systemTitle, invocationCounter: ic, encryptionKey: key, authenticationKey: keys.authenticationKey },
      payload,
    );
    if (!plain.ok) throw new SecurityFailure(plain.error.code, plain.error.message, plain.error.code === "truncated" ? scAt : undefined);
    const apdu = plain.value;
    if (apdu.length === 0) throw new SecurityFailure("invalid", "the protected APDU is empty");
    if (kind.plainTag !== undefined && apdu[0] !== kind.plainTag) {
      throw new SecurityFailure("invalid", `0x${tag.toString(16)} must carry an APDU with tag 0x${kind.plainTag.toString(16)}, not 0x${apdu[0]!.toString(16)}`);
    }
    const result: TUnprotectedApdu = { form: kind.form, tag, securityControl: sc, control, protection, invocationCounter: ic, systemTitle, apdu };
    if (ctx.receiveCounter !== undefined) {
      const accepted = acceptInvocationCounter(ctx.receiveCounter, ic);
      if (!accepted.ok) throw new SecurityFailure(accepted.error.code, accepted.error.message, scAt + 1);
      result.receiveCounter = accepted.value;
    }
    return result;
  });
}
