import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  LAST_INVOCATION_COUNTER,
  acceptInvocationCounter,
  receiveCounterAfter,
  sendCounterFrom,
  takeInvocationCounter,
  type TReceiveCounter,
  type TSendCounter,
} from "@/lib/dlms/security/invocation-counter";

const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);

describe("takeInvocationCounter", () => {
  test("a new key's sender starts at 0 and increases by one per protected message", () => {
    let c: TSendCounter = sendCounterFrom();
    const used: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = takeInvocationCounter(c);
      if (!r.ok) throw new Error(r.error.message);
      used.push(r.value.invocationCounter);
      c = r.value.counter;
    }
    expect(used).toEqual([0, 1, 2]);
  });

  test("0xFFFFFFFF is the last usable value; after it the key must be renewed", () => {
    const last = takeInvocationCounter(sendCounterFrom(LAST_INVOCATION_COUNTER));
    expect(last.ok && last.value.invocationCounter).toBe(0xffffffff);
    if (!last.ok) return;
    expect(code(takeInvocationCounter(last.value.counter))).toBe("counter-exhausted");
    expect(code(takeInvocationCounter(sendCounterFrom(2 ** 32)))).toBe("counter-exhausted");
  });

  test("starting values outside 0..2^32 are programming errors", () => {
    expect(() => sendCounterFrom(-1)).toThrow(RangeError);
    expect(() => sendCounterFrom(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => sendCounterFrom(1.5)).toThrow(RangeError);
  });
});

describe("acceptInvocationCounter", () => {
  test("a new key's receiver accepts any first counter, 0 included", () => {
    expect(acceptInvocationCounter(receiveCounterAfter(), 0)).toEqual({ ok: true, value: { lastAccepted: 0 } });
  });

  test("refuses a counter equal to or below the last accepted one", () => {
    const c = receiveCounterAfter(100);
    expect(code(acceptInvocationCounter(c, 100))).toBe("replayed");
    expect(code(acceptInvocationCounter(c, 99))).toBe("replayed");
    expect(code(acceptInvocationCounter(c, 0))).toBe("replayed");
    expect(acceptInvocationCounter(c, 101)).toEqual({ ok: true, value: { lastAccepted: 101 } });
  });

  test("accepts gaps: only the order matters", () => {
    expect(acceptInvocationCounter(receiveCounterAfter(5), 50_000).ok).toBe(true);
  });

  test("after 0xFFFFFFFF nothing more is accepted until the key is replaced", () => {
    const r = acceptInvocationCounter(receiveCounterAfter(0xfffffffe), 0xffffffff);
    if (!r.ok) throw new Error(r.error.message);
    expect(code(acceptInvocationCounter(r.value, 0xffffffff))).toBe("counter-exhausted");
    expect(code(acceptInvocationCounter(r.value, 2 ** 32))).toBe("invalid");
    expect(acceptInvocationCounter(receiveCounterAfter(), 0).ok).toBe(true);
  });

  test("refuses values that are not 32-bit unsigned counters", () => {
    for (const v of [-1, 2 ** 32, 1.5, Number.NaN]) expect(code(acceptInvocationCounter(receiveCounterAfter(), v))).toBe("invalid");
  });

  test("accepts exactly the strictly increasing sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }), (seq) => {
        let c: TReceiveCounter = receiveCounterAfter();
        let last = -1;
        for (const v of seq) {
          const r = acceptInvocationCounter(c, v);
          if (r.ok !== v > last) return false;
          if (r.ok) {
            c = r.value;
            last = v;
          }
        }
        return true;
      }),
    );
  });
});
