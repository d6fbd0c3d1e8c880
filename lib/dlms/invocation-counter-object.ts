import { numberOf } from "./axdr/data";
import type { TApduChannel } from "./channel";
import { connect, type TClientResult } from "./client";

/**
 * Reads a secured client's invocation counter object through the Public client, as a head end
 * does before it associates (IDIS practice): the meter keeps the last counter it accepted, and a
 * client that starts below it is refused. The value is the lowest counter the meter accepts next.
 */
export async function readInvocationCounter(publicChannel: TApduChannel, obis: string, timeoutMs: number, publicSap = 16): Promise<TClientResult<number>> {
  const c = await connect({ channel: publicChannel, credentials: { clientSap: publicSap, mechanism: "none", applicationContext: 1, protection: null }, timeoutMs });
  if (!c.ok) return c;
  const value = await c.value.get({ classId: 1, obis, attribute: 2 });
  await c.value.release();
  if (!value.ok) return value;
  const n = numberOf(value.value);
  if (n === null || n < 0) return { ok: false, error: { kind: "protocol", message: `the invocation counter ${obis} is not a counter` } };
  return { ok: true, value: n };
}
