import { equalBytes } from "../../dlms/bytes";
import { decodeAarq, encodeAare, type TAare, type TAarq } from "../../dlms/acse/association";
import { USER_DIAGNOSTIC } from "../../dlms/acse/names";
import { protectApdu, unprotectApdu, type TSecurityKeys } from "../../dlms/security/ciphered-apdu";
import { protectionsMeeting, type TProtection } from "../../dlms/security/control";
import { generateChallenge } from "../../dlms/security/hls";
import { takeInvocationCounter } from "../../dlms/security/invocation-counter";
import { intersectConformance, type TConformanceBit } from "../../dlms/xdlms/conformance";
import {
  decodeInitiateRequest,
  encodeConfirmedServiceError,
  encodeInitiateResponse,
  DLMS_VERSION,
  INITIATE_ERRORS,
  VAA_NAME_LN,
  type TInitiateRequest,
} from "../../dlms/xdlms/initiate";
import type { TProfileClient } from "../../profile/schema";
import { encodeApdu } from "../../dlms/xdlms/apdu";
import { SERVICE_ERRORS, STATE_ERRORS } from "../../dlms/xdlms/exception";
import type { TClientSecurityState, SimSecurity } from "../security-state";
import { METER_CONFORMANCE } from "../values/associations";

/**
 * The meter's side of the association request (Green Book 9.4.4): checks the application
 * context, the authentication mechanism and the LLS password, deciphers the xDLMS initiate
 * request, negotiates the conformance block and PDU size, and builds the AARE.
 */

export interface TAssociationParameters {
  client: TProfileClient;
  context: number;
  mechanism: number;
  conformance: Set<TConformanceBit>;
  /** The client's max receive PDU size: the limit of everything the meter sends. */
  maxSendPdu: number;
  /** Present when the APDUs of the association are ciphered. */
  ciphering?: { keys: TSecurityKeys; clientSystemTitle: Uint8Array; protection: TProtection };
  /** HLS: the challenges, for pass 3 and 4. */
  hls?: { clientChallenge: Uint8Array; serverChallenge: Uint8Array; clientSystemTitle: Uint8Array };
}

export type TAarqOutcome =
  | { accepted: true; aare: Uint8Array; parameters: TAssociationParameters; pendingHls: boolean }
  | { accepted: false; aare: Uint8Array; reason: string; authenticationFailure: boolean; replay?: boolean };

export interface TAarqContext {
  client: TProfileClient;
  security: SimSecurity;
  maxReceivePdu: number;
  acceptAnyPassword: boolean;
  /** Off with the invocation-counter-not-increasing deviation. */
  checkCounter: boolean;
}

const MIN_PDU = 12;

function reject(ctx: TAarqContext, diagnostic: number, reason: string, userInformation?: Uint8Array): TAarqOutcome {
  const aare: TAare = {
    applicationContext: ctx.client.applicationContext.id,
    result: "rejected-permanent",
    diagnostic: { source: "user", value: diagnostic },
    ...(userInformation ? { userInformation } : {}),
  };
  return { accepted: false, aare: encodeAare(aare), reason, authenticationFailure: diagnostic === USER_DIAGNOSTIC.authenticationFailure };
}

const initiateError = (value: number) => encodeConfirmedServiceError({ service: 1, kind: 6, value });

/** Deciphers the user-information of a ciphered AARQ: a glo-initiate-request under the client's keys, with a counter above the last one accepted. */
function readInitiate(aarq: TAarq, state: TClientSecurityState | undefined, ciphered: boolean, checkCounter: boolean): { request: TInitiateRequest; protection?: TProtection } | string | { staleCounter: number } {
  if (!aarq.userInformation) return "the AARQ carries no xDLMS initiate request";
  if (!ciphered) {
    const plain = decodeInitiateRequest(aarq.userInformation);
    return plain.ok ? { request: plain.value } : `the xDLMS initiate request does not decode: ${plain.error.message}`;
  }
  if (!state?.keys || !aarq.callingApTitle) return "a ciphered context needs the client's system title and keys";
  const opened = unprotectApdu(aarq.userInformation, {
    peerSystemTitle: aarq.callingApTitle,
    keys: state.keys,
    acceptedProtections: protectionsMeeting(state.client.securityPolicy.id === "none" ? "authenticated-encrypted" : state.client.securityPolicy.id),
    ...(checkCounter ? { receiveCounter: state.receive } : {}),
  });
  if (!opened.ok && opened.error.code === "replayed") return { staleCounter: (state.receive.lastAccepted ?? -1) + 1 };
  if (!opened.ok) return `the ciphered initiate request is refused: ${opened.error.message}`;
  if (opened.value.receiveCounter) state.receive = opened.value.receiveCounter;
  const plain = decodeInitiateRequest(opened.value.apdu);
  return plain.ok ? { request: plain.value, protection: opened.value.protection } : `the deciphered initiate request does not decode: ${plain.error.message}`;
}

export function handleAarq(bytes: Uint8Array, ctx: TAarqContext): TAarqOutcome {
  const { client, security } = ctx;
  const decoded = decodeAarq(bytes);
  if (!decoded.ok) return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, `the AARQ does not decode: ${decoded.error.message}`);
  const aarq = decoded.value;
  if (client.association === "pre-established") return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, "the client's association is pre-established: it sends no AARQ");
  const state = security.state(client.id);
  if (aarq.applicationContext !== client.applicationContext.id) {
    return reject(ctx, USER_DIAGNOSTIC.contextNotSupported, `application context ${aarq.applicationContext} asked; the ${client.name} uses ${client.applicationContext.id}`);
  }
  const mechanism = aarq.mechanism ?? 0;
  const expected = client.authentication.mechanismId;
  if (mechanism !== expected) {
    return reject(ctx, expected !== 0 && mechanism === 0 ? USER_DIAGNOSTIC.mechanismRequired : USER_DIAGNOSTIC.mechanismNotRecognised, `authentication mechanism ${mechanism} asked; the ${client.name} uses ${expected}`);
  }
  const ciphered = client.applicationContext.id === 3;
  if (ciphered && (!aarq.callingApTitle || !state?.material.systemTitle || !equalBytes(aarq.callingApTitle, state.material.systemTitle))) {
    return reject(ctx, USER_DIAGNOSTIC.callingApTitleNotRecognized, "the calling AP title is not the client's system title");
  }
  if (mechanism === 1) {
    const password = aarq.authenticationValue;
    if (!ctx.acceptAnyPassword && (!password || !state?.password || !equalBytes(password, state.password))) {
      return reject(ctx, USER_DIAGNOSTIC.authenticationFailure, "wrong LLS password");
    }
  }
  if (mechanism >= 2 && (!aarq.authenticationValue || aarq.authenticationValue.length < 8 || aarq.authenticationValue.length > 64)) {
    return reject(ctx, USER_DIAGNOSTIC.authenticationFailure, "the HLS challenge CtoS is missing or not 8 to 64 bytes");
  }
  const initiate = readInitiate(aarq, state, ciphered, ctx.checkCounter);
  if (typeof initiate === "string") return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, initiate, initiateError(INITIATE_ERRORS.other));
  if ("staleCounter" in initiate) {
    // As the Gurux example meter does: an exception naming the lowest counter accepted, so that the client can resynchronise.
    const aare = encodeApdu({ type: "exception-response", stateError: STATE_ERRORS["service-not-allowed"], serviceError: SERVICE_ERRORS["invocation-counter-error"], invocationCounter: initiate.staleCounter });
    return { accepted: false, aare, reason: `invocation counter not above the last accepted (${initiate.staleCounter - 1})`, authenticationFailure: false, replay: true };
  }
  const request = initiate.request;
  if (request.dlmsVersion < DLMS_VERSION) {
    return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, `DLMS version ${request.dlmsVersion} is too low`, initiateError(INITIATE_ERRORS["dlms-version-too-low"]));
  }
  if (request.maxReceivePduSize < MIN_PDU) {
    return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, `client max receive PDU size ${request.maxReceivePduSize} is too short`, initiateError(INITIATE_ERRORS["pdu-size-too-short"]));
  }
  const conformance = intersectConformance(request.conformance, METER_CONFORMANCE);
  if (!conformance.has("get") && !conformance.has("set") && !conformance.has("action")) {
    return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, "no common conformance", initiateError(INITIATE_ERRORS["incompatible-conformance"]));
  }
  const response = encodeInitiateResponse({ dlmsVersion: DLMS_VERSION, conformance, maxReceivePduSize: ctx.maxReceivePdu, vaaName: VAA_NAME_LN });
  const maxSendPdu = request.maxReceivePduSize === 0 ? 0xffff : request.maxReceivePduSize;
  const parameters: TAssociationParameters = { client, context: client.applicationContext.id, mechanism, conformance, maxSendPdu };
  let userInformation = response;
  if (ciphered && state?.keys && aarq.callingApTitle) {
    const protection = initiate.protection ?? "authenticated-encrypted";
    const counter = takeInvocationCounter(state.send);
    if (!counter.ok) return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, counter.error.message);
    state.send = counter.value.counter;
    const wrapped = protectApdu({ apdu: response, form: "glo", protection, systemTitle: security.meter.systemTitle, invocationCounter: counter.value.invocationCounter, keys: state.keys });
    if (!wrapped.ok) return reject(ctx, USER_DIAGNOSTIC.noReasonGiven, wrapped.error.message);
    userInformation = wrapped.value;
    parameters.ciphering = { keys: state.keys, clientSystemTitle: aarq.callingApTitle, protection };
  }
  const hls = mechanism >= 2;
  const serverChallenge = hls ? generateChallenge(16) : undefined;
  if (hls && aarq.authenticationValue && serverChallenge) {
    parameters.hls = { clientChallenge: aarq.authenticationValue, serverChallenge, clientSystemTitle: aarq.callingApTitle ?? new Uint8Array(8) };
  }
  const aare: TAare = {
    applicationContext: client.applicationContext.id,
    result: "accepted",
    diagnostic: { source: "user", value: hls ? USER_DIAGNOSTIC.authenticationRequired : USER_DIAGNOSTIC.null },
    // The meter's certificate is not sent as responding-AE-qualifier: clients take it from the
    // security setup (export_certificate), and Gurux reads [5] of an AARE as a one-byte user id.
    ...(ciphered || hls ? { respondingApTitle: security.meter.systemTitle } : {}),
    ...(mechanism !== 0 ? { mechanism } : {}),
    ...(serverChallenge ? { authenticationValue: serverChallenge } : {}),
    userInformation,
  };
  return { accepted: true, aare: encodeAare(aare), parameters, pendingHls: hls };
}
