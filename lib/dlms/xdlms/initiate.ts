import { ByteReader, ByteWriter } from "../bytes";
import { DecodeFailure, decodeWith, type TResult } from "../result";
import { conformanceFromBytes, conformanceToBytes, type TConformanceBit } from "./conformance";

/**
 * xDLMS InitiateRequest, InitiateResponse and the ConfirmedServiceError that refuses one, carried
 * in the user-information of AARQ and AARE (Green Book 9.5, A-XDR encoded).
 */
export const DLMS_VERSION = 6;
/** ObjectName of the VAA for logical name referencing. */
export const VAA_NAME_LN = 0x0007;

export const INITIATE_REQUEST_TAG = 0x01;
export const INITIATE_RESPONSE_TAG = 0x08;
export const CONFIRMED_SERVICE_ERROR_TAG = 0x0e;

export interface TInitiateRequest {
  dedicatedKey?: Uint8Array;
  responseAllowed: boolean;
  proposedQualityOfService?: number;
  dlmsVersion: number;
  conformance: Set<TConformanceBit>;
  maxReceivePduSize: number;
}

export interface TInitiateResponse {
  negotiatedQualityOfService?: number;
  dlmsVersion: number;
  conformance: Set<TConformanceBit>;
  maxReceivePduSize: number;
  vaaName: number;
}

function writeConformance(w: ByteWriter, conformance: Iterable<TConformanceBit>): void {
  w.u8(0x5f).u8(0x1f).u8(0x04).u8(0x00).bytes(conformanceToBytes(conformance));
}

function readConformance(r: ByteReader): Set<TConformanceBit> {
  const at = r.offset;
  if (r.u8("conformance tag") !== 0x5f || r.u8("conformance tag") !== 0x1f) {
    throw new DecodeFailure("invalid", "conformance block must start with the tag 5F 1F", at);
  }
  const length = r.u8("conformance length");
  if (length !== 4) throw new DecodeFailure("invalid", `conformance block of length ${length}, expected 4`, at + 2);
  r.u8("conformance unused bits");
  return conformanceFromBytes(r.take(3, "conformance bits"));
}

export function encodeInitiateRequest(m: TInitiateRequest): Uint8Array {
  const w = new ByteWriter(24).u8(INITIATE_REQUEST_TAG);
  if (m.dedicatedKey) w.u8(1).length(m.dedicatedKey.length).bytes(m.dedicatedKey);
  else w.u8(0);
  // response-allowed DEFAULT TRUE: 00 means "the default" in A-XDR.
  if (m.responseAllowed) w.u8(0);
  else w.u8(1).u8(0);
  if (m.proposedQualityOfService !== undefined) w.u8(1).u8(m.proposedQualityOfService);
  else w.u8(0);
  w.u8(m.dlmsVersion);
  writeConformance(w, m.conformance);
  return w.u16(m.maxReceivePduSize).finish();
}

export function readInitiateRequest(r: ByteReader): TInitiateRequest {
  const at = r.offset;
  if (r.u8("InitiateRequest tag") !== INITIATE_REQUEST_TAG) throw new DecodeFailure("invalid", "not an xDLMS InitiateRequest", at);
  const dedicatedKey = r.u8("dedicated-key presence") ? r.take(r.length("dedicated-key length"), "dedicated-key").slice() : undefined;
  const responseAllowed = r.u8("response-allowed presence") ? r.u8("response-allowed") !== 0 : true;
  const proposedQualityOfService = r.u8("quality-of-service presence") ? r.u8("quality-of-service") : undefined;
  const dlmsVersion = r.u8("dlms version");
  const conformance = readConformance(r);
  const maxReceivePduSize = r.u16("client max receive PDU size");
  return {
    ...(dedicatedKey ? { dedicatedKey } : {}),
    responseAllowed,
    ...(proposedQualityOfService !== undefined ? { proposedQualityOfService } : {}),
    dlmsVersion,
    conformance,
    maxReceivePduSize,
  };
}

export function encodeInitiateResponse(m: TInitiateResponse): Uint8Array {
  const w = new ByteWriter(16).u8(INITIATE_RESPONSE_TAG);
  if (m.negotiatedQualityOfService !== undefined) w.u8(1).u8(m.negotiatedQualityOfService);
  else w.u8(0);
  w.u8(m.dlmsVersion);
  writeConformance(w, m.conformance);
  return w.u16(m.maxReceivePduSize).u16(m.vaaName).finish();
}

export function readInitiateResponse(r: ByteReader): TInitiateResponse {
  const at = r.offset;
  if (r.u8("InitiateResponse tag") !== INITIATE_RESPONSE_TAG) throw new DecodeFailure("invalid", "not an xDLMS InitiateResponse", at);
  const negotiatedQualityOfService = r.u8("quality-of-service presence") ? r.u8("quality-of-service") : undefined;
  const dlmsVersion = r.u8("dlms version");
  const conformance = readConformance(r);
  const maxReceivePduSize = r.u16("server max receive PDU size");
  const vaaName = r.u16("vaa-name");
  return { ...(negotiatedQualityOfService !== undefined ? { negotiatedQualityOfService } : {}), dlmsVersion, conformance, maxReceivePduSize, vaaName };
}

/** ConfirmedServiceError (Green Book 9.5): which service failed, and why. */
export const CONFIRMED_SERVICES: Record<number, string> = { 1: "initiate", 2: "get-status", 3: "get-name-list", 4: "get-variable-attribute", 5: "read", 6: "write", 7: "get-data-set-attribute", 8: "get-ti-attribute", 9: "change-scope", 10: "start", 11: "stop", 12: "resume", 13: "make-usable", 14: "initiate-load", 15: "load-segment", 16: "terminate-load", 17: "initiate-up-load", 18: "up-load-segment", 19: "terminate-up-load" };

export const SERVICE_ERROR_KINDS: Record<number, string> = { 0: "application-reference", 1: "hardware-resource", 2: "vde-state-error", 3: "service", 4: "definition", 5: "access", 6: "initiate", 7: "load-data-set", 8: "change-scope", 9: "task", 10: "other" };

/** Initiate errors ([6] initiate). */
export const INITIATE_ERRORS = { other: 0, "dlms-version-too-low": 1, "incompatible-conformance": 2, "pdu-size-too-short": 3, "refused-by-the-vde-handler": 4 } as const;

export interface TConfirmedServiceError {
  service: number;
  kind: number;
  value: number;
}

export function encodeConfirmedServiceError(e: TConfirmedServiceError): Uint8Array {
  return Uint8Array.from([CONFIRMED_SERVICE_ERROR_TAG, e.service, e.kind, e.value]);
}

export function readConfirmedServiceError(r: ByteReader): TConfirmedServiceError {
  const at = r.offset;
  if (r.u8("ConfirmedServiceError tag") !== CONFIRMED_SERVICE_ERROR_TAG) throw new DecodeFailure("invalid", "not a ConfirmedServiceError", at);
  return { service: r.u8("confirmed service"), kind: r.u8("service error"), value: r.u8("service error value") };
}

export function describeConfirmedServiceError(e: TConfirmedServiceError): string {
  const service = CONFIRMED_SERVICES[e.service] ?? `service ${e.service}`;
  const kind = SERVICE_ERROR_KINDS[e.kind] ?? `error ${e.kind}`;
  const value =
    e.kind === 6 ? (Object.entries(INITIATE_ERRORS).find(([, v]) => v === e.value)?.[0] ?? String(e.value)) : String(e.value);
  return `${service} refused: ${kind} error, ${value}`;
}

export const decodeInitiateRequest = (bytes: Uint8Array): TResult<TInitiateRequest> => decodeWith(() => readInitiateRequest(new ByteReader(bytes)));
export const decodeInitiateResponse = (bytes: Uint8Array): TResult<TInitiateResponse> => decodeWith(() => readInitiateResponse(new ByteReader(bytes)));
