/**
 * Decoders return values, never throw: bytes from a meter or a client are untrusted input, and a
 * bad frame must become an error a person can read, not an exception that tears down a session.
 */
export type TResult<T, E = TDecodeError> = { ok: true; value: T } | { ok: false; error: E };

export const DECODE_ERROR_CODES = ["truncated", "invalid", "too-large", "unsupported"] as const;
export type TDecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

export interface TDecodeError {
  code: TDecodeErrorCode;
  message: string;
  /** Byte offset in the input where the problem was found. */
  offset?: number;
}

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = (code: TDecodeErrorCode, message: string, offset?: number): { ok: false; error: TDecodeError } => ({
  ok: false,
  error: offset === undefined ? { code, message } : { code, message, offset },
});

/**
 * Thrown only inside a decoder and caught at its public boundary by `decodeWith`, which turns it
 * into an error value; it never leaves this package.
 */
export class DecodeFailure extends Error {
  constructor(
    readonly code: TDecodeErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** Runs a throwing decoder and returns its result or the DecodeFailure it raised as a value. */
export function decodeWith<T>(run: () => T): TResult<T> {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof DecodeFailure) return fail(e.code, e.message, e.offset);
    if (e instanceof RangeError) return fail("invalid", e.message);
    throw e;
  }
}
