import type { ByteReader, ByteWriter } from "../bytes";

/**
 * Exception-Response (Green Book 9.5): the server's answer to an APDU it cannot process at all,
 * e.g. one that does not decipher or whose invocation counter is too low.
 */
export const EXCEPTION_RESPONSE_TAG = 0xd8;

export const STATE_ERRORS = { "service-not-allowed": 1, "service-unknown": 2 } as const;
export const SERVICE_ERRORS = {
  "operation-not-possible": 1,
  "service-not-supported": 2,
  "other-reason": 3,
  "pdu-too-long": 4,
  "deciphering-error": 5,
  "invocation-counter-error": 6,
} as const;

export interface TExceptionResponse {
  type: "exception-response";
  stateError: number;
  serviceError: number;
  /** With invocation-counter-error: the lowest counter the server would accept. */
  invocationCounter?: number;
}

export function readExceptionResponse(r: ByteReader): TExceptionResponse {
  const stateError = r.u8("state-error");
  const serviceError = r.u8("service-error");
  if (serviceError === SERVICE_ERRORS["invocation-counter-error"] && r.remaining >= 4) {
    return { type: "exception-response", stateError, serviceError, invocationCounter: r.u32("invocation counter") };
  }
  return { type: "exception-response", stateError, serviceError };
}

export function writeExceptionResponse(w: ByteWriter, m: TExceptionResponse): void {
  w.u8(EXCEPTION_RESPONSE_TAG).u8(m.stateError).u8(m.serviceError);
  if (m.invocationCounter !== undefined) w.u32(m.invocationCounter);
}

const nameOf = (table: Record<string, number>, code: number) => Object.entries(table).find(([, v]) => v === code)?.[0] ?? `code ${code}`;

export function describeException(m: TExceptionResponse): string {
  const counter = m.invocationCounter !== undefined ? ` (expected at least ${m.invocationCounter})` : "";
  return `exception: ${nameOf(STATE_ERRORS, m.stateError)}, ${nameOf(SERVICE_ERRORS, m.serviceError)}${counter}`;
}
