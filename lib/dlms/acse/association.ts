import { ByteReader, ByteWriter, concat } from "../bytes";
import { DecodeFailure, decodeWith, type TResult } from "../result";
import { berElement, readBerChildren, readBerElement, type TBerElement } from "./ber";
import { contextOid, dlmsOidArc, mechanismOid, ASSOCIATION_RESULTS, type TAssociationResult } from "./names";

/**
 * ACSE APDUs of DLMS/COSEM (Green Book 9.4, BER encoded): AARQ/AARE open an association,
 * RLRQ/RLRE release it. The xDLMS InitiateRequest/Response (or their ciphered forms) travel as
 * opaque bytes in user-information; see ../xdlms/initiate.ts.
 */
export const AARQ_TAG = 0x60;
export const AARE_TAG = 0x61;
export const RLRQ_TAG = 0x62;
export const RLRE_TAG = 0x63;

export interface TAarq {
  applicationContext: number;
  /** calling-AP-title: the client's system title (ciphered contexts). */
  callingApTitle?: Uint8Array;
  /** calling-AE-qualifier: the client's signing certificate (HLS-ECDSA). */
  callingAeQualifier?: Uint8Array;
  mechanism?: number;
  /** LLS password or HLS challenge CtoS (calling-authentication-value). */
  authenticationValue?: Uint8Array;
  /** The xDLMS initiate request, plain or ciphered. */
  userInformation?: Uint8Array;
}

export type TAareDiagnostic = { source: "user" | "provider"; value: number };

export interface TAare {
  applicationContext: number;
  result: TAssociationResult;
  diagnostic: TAareDiagnostic;
  /** responding-AP-title: the server's system title. */
  respondingApTitle?: Uint8Array;
  /** responding-AE-qualifier: the server's signing certificate (HLS-ECDSA). */
  respondingAeQualifier?: Uint8Array;
  mechanism?: number;
  /** HLS challenge StoC (responding-authentication-value). */
  authenticationValue?: Uint8Array;
  /** The xDLMS initiate response or confirmed service error, plain or ciphered. */
  userInformation?: Uint8Array;
}

export interface TRelease {
  /** RLRQ: 0 normal, 1 urgent, 30 user-defined; RLRE: 0 normal, 1 not-finished, 30 user-defined. */
  reason?: number;
  userInformation?: Uint8Array;
}

const oidElement = (tag: number, oid: Uint8Array) => berElement(tag, berElement(0x06, oid));
/** An AP title or AE qualifier: [n] EXPLICIT OCTET STRING. */
const octetsElement = (tag: number, value: Uint8Array) => berElement(tag, berElement(0x04, value));
/** acse-requirements: BIT STRING with the authentication functional unit (bit 0) set. */
const ACSE_REQUIREMENTS_AUTHENTICATION = Uint8Array.from([0x07, 0x80]);
/** Authentication-value CHOICE charstring [0] IMPLICIT GraphicString. */
const authenticationValue = (tag: number, value: Uint8Array) => berElement(tag, berElement(0x80, value));

export function encodeAarq(m: TAarq): Uint8Array {
  const parts: Uint8Array[] = [oidElement(0xa1, contextOid(m.applicationContext))];
  if (m.callingApTitle) parts.push(octetsElement(0xa6, m.callingApTitle));
  if (m.callingAeQualifier) parts.push(octetsElement(0xa7, m.callingAeQualifier));
  if (m.mechanism !== undefined && m.mechanism !== 0) {
    parts.push(berElement(0x8a, ACSE_REQUIREMENTS_AUTHENTICATION));
    parts.push(berElement(0x8b, mechanismOid(m.mechanism)));
    if (m.authenticationValue) parts.push(authenticationValue(0xac, m.authenticationValue));
  }
  if (m.userInformation) parts.push(berElement(0xbe, berElement(0x04, m.userInformation)));
  return berElement(AARQ_TAG, concat(...parts));
}

export function encodeAare(m: TAare): Uint8Array {
  const parts: Uint8Array[] = [
    oidElement(0xa1, contextOid(m.applicationContext)),
    berElement(0xa2, berElement(0x02, Uint8Array.of(ASSOCIATION_RESULTS[m.result]))),
    berElement(0xa3, berElement(m.diagnostic.source === "user" ? 0xa1 : 0xa2, berElement(0x02, Uint8Array.of(m.diagnostic.value)))),
  ];
  if (m.respondingApTitle) parts.push(octetsElement(0xa4, m.respondingApTitle));
  if (m.respondingAeQualifier) parts.push(octetsElement(0xa5, m.respondingAeQualifier));
  if (m.mechanism !== undefined && m.mechanism !== 0) {
    parts.push(berElement(0x88, ACSE_REQUIREMENTS_AUTHENTICATION));
    parts.push(berElement(0x89, mechanismOid(m.mechanism)));
    if (m.authenticationValue) parts.push(authenticationValue(0xaa, m.authenticationValue));
  }
  if (m.userInformation) parts.push(berElement(0xbe, berElement(0x04, m.userInformation)));
  return berElement(AARE_TAG, concat(...parts));
}

function encodeRelease(tag: number, m: TRelease): Uint8Array {
  const parts: Uint8Array[] = [];
  if (m.reason !== undefined) parts.push(berElement(0x80, Uint8Array.of(m.reason)));
  if (m.userInformation) parts.push(berElement(0xbe, berElement(0x04, m.userInformation)));
  return berElement(tag, concat(...parts));
}

export const encodeRlrq = (m: TRelease): Uint8Array => encodeRelease(RLRQ_TAG, m);
export const encodeRlre = (m: TRelease): Uint8Array => encodeRelease(RLRE_TAG, m);

function single(e: TBerElement, tag: number, what: string): Uint8Array {
  const [inner, extra] = readBerChildren(e.content, what);
  if (!inner || extra || inner.tag !== tag) throw new DecodeFailure("invalid", `${what} is not encoded as expected`);
  return inner.content;
}

function readOid(e: TBerElement, kind: 1 | 2, what: string): number {
  const arc = dlmsOidArc(kind === 1 && e.tag === 0xa1 ? single(e, 0x06, what) : e.content, kind);
  if (arc === null) throw new DecodeFailure("invalid", `${what} is not a DLMS/COSEM object identifier`);
  return arc;
}

function readInteger(e: TBerElement, what: string): number {
  const v = single(e, 0x02, what);
  if (v.length !== 1) throw new DecodeFailure("invalid", `${what} must be a one-byte integer`);
  return v[0]!;
}

function readTop(bytes: Uint8Array, tag: number, what: string): TBerElement[] {
  const r = new ByteReader(bytes);
  const top = readBerElement(r, what);
  if (top.tag !== tag) throw new DecodeFailure("invalid", `${what} must start with tag ${tag.toString(16)}`, 0);
  if (!r.done) throw new DecodeFailure("invalid", `${r.remaining} bytes after the ${what}`, r.offset);
  return readBerChildren(top.content, what);
}

export function decodeAarq(bytes: Uint8Array): TResult<TAarq> {
  return decodeWith(() => {
    const out: TAarq = { applicationContext: -1 };
    for (const e of readTop(bytes, AARQ_TAG, "AARQ")) {
      if (e.tag === 0xa1) out.applicationContext = readOid(e, 1, "application-context-name");
      else if (e.tag === 0xa6) out.callingApTitle = single(e, 0x04, "calling-AP-title").slice();
      else if (e.tag === 0xa7) out.callingAeQualifier = single(e, 0x04, "calling-AE-qualifier").slice();
      else if (e.tag === 0x8b) out.mechanism = readOid(e, 2, "mechanism-name");
      else if (e.tag === 0xac) out.authenticationValue = single(e, 0x80, "calling-authentication-value").slice();
      else if (e.tag === 0xbe) out.userInformation = single(e, 0x04, "user-information").slice();
    }
    if (out.applicationContext < 0) throw new DecodeFailure("invalid", "AARQ without application-context-name");
    return out;
  });
}

export function decodeAare(bytes: Uint8Array): TResult<TAare> {
  return decodeWith(() => {
    let applicationContext = -1;
    let result: TAssociationResult | undefined;
    let diagnostic: TAareDiagnostic | undefined;
    const rest: Partial<TAare> = {};
    for (const e of readTop(bytes, AARE_TAG, "AARE")) {
      if (e.tag === 0xa1) applicationContext = readOid(e, 1, "application-context-name");
      else if (e.tag === 0xa2) {
        const v = readInteger(e, "association result");
        result = (Object.keys(ASSOCIATION_RESULTS) as TAssociationResult[]).find((k) => ASSOCIATION_RESULTS[k] === v);
        if (!result) throw new DecodeFailure("invalid", `association result ${v}`);
      } else if (e.tag === 0xa3) {
        const [inner] = readBerChildren(e.content, "result-source-diagnostic");
        if (!inner || (inner.tag !== 0xa1 && inner.tag !== 0xa2)) throw new DecodeFailure("invalid", "result-source-diagnostic is not encoded as expected");
        diagnostic = { source: inner.tag === 0xa1 ? "user" : "provider", value: readInteger(inner, "diagnostic") };
      } else if (e.tag === 0xa4) rest.respondingApTitle = single(e, 0x04, "responding-AP-title").slice();
      else if (e.tag === 0xa5) rest.respondingAeQualifier = single(e, 0x04, "responding-AE-qualifier").slice();
      else if (e.tag === 0x89) rest.mechanism = readOid(e, 2, "mechanism-name");
      else if (e.tag === 0xaa) rest.authenticationValue = single(e, 0x80, "responding-authentication-value").slice();
      else if (e.tag === 0xbe) rest.userInformation = single(e, 0x04, "user-information").slice();
    }
    if (applicationContext < 0 || !result || !diagnostic) throw new DecodeFailure("invalid", "AARE lacks its context, result or diagnostic");
    return { applicationContext, result, diagnostic, ...rest };
  });
}

function decodeRelease(bytes: Uint8Array, tag: number, what: string): TResult<TRelease> {
  return decodeWith(() => {
    const out: TRelease = {};
    for (const e of readTop(bytes, tag, what)) {
      if (e.tag === 0x80 && e.content.length === 1) out.reason = e.content[0]!;
      else if (e.tag === 0xbe) out.userInformation = single(e, 0x04, "user-information").slice();
    }
    return out;
  });
}

export const decodeRlrq = (bytes: Uint8Array): TResult<TRelease> => decodeRelease(bytes, RLRQ_TAG, "RLRQ");
export const decodeRlre = (bytes: Uint8Array): TResult<TRelease> => decodeRelease(bytes, RLRE_TAG, "RLRE");

/** Bytes an LLS password takes in the AARQ: the characters as typed (ISO 8859-1). */
export function passwordBytes(password: string): Uint8Array {
  const w = new ByteWriter(password.length);
  for (let i = 0; i < password.length; i++) w.u8(password.charCodeAt(i));
  return w.finish();
}
