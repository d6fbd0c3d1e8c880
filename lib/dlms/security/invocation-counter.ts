import { securityFail, type TSecurityResult } from "./security-error";

/**
 * Invocation counters (Green Book, security setup and invocation counter): each sender counts
 * its protected messages per key, so that no IV repeats; a receiver accepts a message only when
 * its counter is greater than the last one it accepted from that sender with that key. 0xFFFFFFFF
 * is the last usable value: after it the key must be replaced, and a new key starts new trackers.
 * Both trackers are immutable values; each operation returns the next state.
 */
export const LAST_INVOCATION_COUNTER = 0xffffffff;

const isCounter = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= LAST_INVOCATION_COUNTER;

export interface TSendCounter {
  /** The counter the next protected message uses; null once 0xFFFFFFFF has been used. */
  readonly next: number | null;
}

/**
 * A sender's tracker starting at `next` (0 for a new key; for a client, the value read from the
 * meter's invocation counter object). 2^32 gives an exhausted tracker.
 */
export function sendCounterFrom(next = 0): TSendCounter {
  if (!Number.isInteger(next) || next < 0 || next > LAST_INVOCATION_COUNTER + 1) throw new RangeError(`invocation counter ${next} is out of range`);
  return { next: next > LAST_INVOCATION_COUNTER ? null : next };
}

/** The counter for the next protected message, and the tracker after it. */
export function takeInvocationCounter(c: TSendCounter): TSecurityResult<{ invocationCounter: number; counter: TSendCounter }> {
  if (c.next === null) return securityFail("counter-exhausted", "the invocation counter has reached 0xFFFFFFFF: the key must be renewed");
  return { ok: true, value: { invocationCounter: c.next, counter: { next: c.next === LAST_INVOCATION_COUNTER ? null : c.next + 1 } } };
}

export interface TReceiveCounter {
  /** The greatest counter accepted so far; null before the first message. */
  readonly lastAccepted: number | null;
}

/** A receiver's tracker for a new key, or one that must only accept counters above `lastAccepted`. */
export function receiveCounterAfter(lastAccepted: number | null = null): TReceiveCounter {
  if (lastAccepted !== null && !isCounter(lastAccepted)) throw new RangeError(`invocation counter ${lastAccepted} is out of range`);
  return { lastAccepted };
}

/** Accepts a received counter only when it is greater than the last accepted one. */
export function acceptInvocationCounter(c: TReceiveCounter, received: number): TSecurityResult<TReceiveCounter> {
  if (!isCounter(received)) return securityFail("invalid", `invocation counter ${received} is not a 32-bit unsigned value`);
  if (c.lastAccepted === LAST_INVOCATION_COUNTER) {
    return securityFail("counter-exhausted", "the sender's invocation counter has passed 0xFFFFFFFF: the key must be renewed");
  }
  if (c.lastAccepted !== null && received <= c.lastAccepted) {
    return securityFail("replayed", `invocation counter ${received} is not greater than the last accepted ${c.lastAccepted}`);
  }
  return { ok: true, value: { lastAccepted: received } };
}
