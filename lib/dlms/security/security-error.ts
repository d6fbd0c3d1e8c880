import { DECODE_ERROR_CODES, DecodeFailure, type TResult } from "../result";

/**
 * Errors of the security layer: the decode codes of result.ts, plus what only cryptography can
 * tell. "authentication-failed" means the tag or proof did not verify: the key is wrong or the data
 * was changed; the two cannot be told apart, by design of AES-GCM.
 */
export const SECURITY_ERROR_CODES = [
  ...DECODE_ERROR_CODES,
  "authentication-failed",
  "wrong-key-length",
  "no-key",
  "policy-violation",
  "replayed",
  "counter-exhausted",
] as const;
export type TSecurityErrorCode = (typeof SECURITY_ERROR_CODES)[number];

export interface TSecurityError {
  code: TSecurityErrorCode;
  message: string;
  /** Byte offset in the input where the problem was found, when there is one. */
  offset?: number;
}

export type TSecurityResult<T> = TResult<T, TSecurityError>;

export const securityFail = (code: TSecurityErrorCode, message: string, offset?: number): { ok: false; error: TSecurityError } => ({
  ok: false,
  error: offset === undefined ? { code, message } : { code, message, offset },
});

/** Thrown only inside this package and caught at its public boundary by `securityResultOf`. */
export class SecurityFailure extends Error {
  constructor(
    readonly code: TSecurityErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** Runs a function that may throw SecurityFailure or DecodeFailure and returns either as a value. */
export function securityResultOf<T>(run: () => T): TSecurityResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof SecurityFailure || e instanceof DecodeFailure) return securityFail(e.code, e.message, e.offset);
    throw e;
  }
}
