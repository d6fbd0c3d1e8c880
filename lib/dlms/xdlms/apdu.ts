import { ByteReader, ByteWriter } from "../bytes";
import { DecodeFailure, decodeWith, type TResult } from "../result";
import { readActionRequest, readActionResponse, writeActionRequest, writeActionResponse, ACTION_REQUEST_TAG, ACTION_RESPONSE_TAG, type TActionRequest, type TActionResponse } from "./action";
import { readExceptionResponse, writeExceptionResponse, EXCEPTION_RESPONSE_TAG, type TExceptionResponse } from "./exception";
import { readGetRequest, readGetResponse, writeGetRequest, writeGetResponse, GET_REQUEST_TAG, GET_RESPONSE_TAG, type TGetRequest, type TGetResponse } from "./get";
import { CONFIRMED_SERVICE_ERROR_TAG, type TConfirmedServiceError } from "./initiate";
import { readDataNotification, readEventNotification, writeDataNotification, writeEventNotification, DATA_NOTIFICATION_TAG, EVENT_NOTIFICATION_TAG, type TDataNotification, type TEventNotification } from "./notification";
import { readSetRequest, readSetResponse, writeSetRequest, writeSetResponse, SET_REQUEST_TAG, SET_RESPONSE_TAG, type TSetRequest, type TSetResponse } from "./set";

/** The xDLMS APDUs exchanged inside an association (after AARQ/AARE, before RLRQ). */
export type TRequestApdu = TGetRequest | TSetRequest | TActionRequest;
export type TResponseApdu = TGetResponse | TSetResponse | TActionResponse | TExceptionResponse | ({ type: "confirmed-service-error" } & TConfirmedServiceError);
export type TXdlmsApdu = TRequestApdu | TResponseApdu | TDataNotification | TEventNotification;

/** Invoke-Id-And-Priority: bits 0-3 invoke id, bit 6 service class (1 confirmed), bit 7 priority (1 high). */
export const invokeByte = (id: number, high = true, confirmed = true): number => (high ? 0x80 : 0) | (confirmed ? 0x40 : 0) | (id & 0x0f);
export const invokeIdOf = (invoke: number): number => invoke & 0x0f;
export const isConfirmed = (invoke: number): boolean => (invoke & 0x40) !== 0;

export function encodeApdu(m: TXdlmsApdu): Uint8Array {
  const w = new ByteWriter(64);
  switch (m.type) {
    case "get-request-normal":
    case "get-request-next":
    case "get-request-with-list":
      writeGetRequest(w, m);
      break;
    case "get-response-normal":
    case "get-response-with-datablock":
    case "get-response-with-list":
      writeGetResponse(w, m);
      break;
    case "set-request-normal":
    case "set-request-with-first-datablock":
    case "set-request-with-datablock":
    case "set-request-with-list":
      writeSetRequest(w, m);
      break;
    case "set-response-normal":
    case "set-response-datablock":
    case "set-response-last-datablock":
    case "set-response-with-list":
      writeSetResponse(w, m);
      break;
    case "action-request-normal":
    case "action-request-next-pblock":
    case "action-request-with-first-pblock":
    case "action-request-with-pblock":
      writeActionRequest(w, m);
      break;
    case "action-response-normal":
    case "action-response-with-pblock":
    case "action-response-next-pblock":
      writeActionResponse(w, m);
      break;
    case "exception-response":
      writeExceptionResponse(w, m);
      break;
    case "confirmed-service-error":
      w.u8(CONFIRMED_SERVICE_ERROR_TAG).u8(m.service).u8(m.kind).u8(m.value);
      break;
    case "data-notification":
      writeDataNotification(w, m);
      break;
    case "event-notification":
      writeEventNotification(w, m);
  }
  return w.finish();
}

function readApdu(r: ByteReader): TXdlmsApdu {
  const at = r.offset;
  const tag = r.u8("APDU tag");
  switch (tag) {
    case GET_REQUEST_TAG:
      return readGetRequest(r);
    case GET_RESPONSE_TAG:
      return readGetResponse(r);
    case SET_REQUEST_TAG:
      return readSetRequest(r);
    case SET_RESPONSE_TAG:
      return readSetResponse(r);
    case ACTION_REQUEST_TAG:
      return readActionRequest(r);
    case ACTION_RESPONSE_TAG:
      return readActionResponse(r);
    case EXCEPTION_RESPONSE_TAG:
      return readExceptionResponse(r);
    case CONFIRMED_SERVICE_ERROR_TAG:
      return { type: "confirmed-service-error", service: r.u8("confirmed service"), kind: r.u8("service error"), value: r.u8("service error value") };
    case DATA_NOTIFICATION_TAG:
      return readDataNotification(r);
    case EVENT_NOTIFICATION_TAG:
      return readEventNotification(r);
    default:
      throw new DecodeFailure("unsupported", `APDU tag 0x${tag.toString(16).padStart(2, "0")} is not an xDLMS service this stack handles`, at);
  }
}

/** Decodes one whole plain xDLMS APDU; trailing bytes are an error. */
export function decodeApdu(bytes: Uint8Array): TResult<TXdlmsApdu> {
  return decodeWith(() => {
    const r = new ByteReader(bytes);
    const apdu = readApdu(r);
    if (!r.done) throw new DecodeFailure("invalid", `${r.remaining} bytes after the ${apdu.type}`, r.offset);
    return apdu;
  });
}

/**
 * Decodes an APDU from a peer that may pad it: the APDU, and how many bytes followed it. A client
 * reads on (some meters append garbage, the Gurux example meter among them) and reports the excess.
 */
export function decodeApduLeniently(bytes: Uint8Array): TResult<{ apdu: TXdlmsApdu; trailing: number }> {
  return decodeWith(() => {
    const r = new ByteReader(bytes);
    const apdu = readApdu(r);
    return { apdu, trailing: r.remaining };
  });
}
