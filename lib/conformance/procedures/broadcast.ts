import { d } from "../../dlms/axdr/data";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import type { TBroadcastCredentials } from "../../dlms/broadcast";
import { dateTimeOfData } from "../../dlms/cosem/selective-access";
import type { TProfileClient } from "../../profile/schema";
import type { TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { clockSetter, shiftClock, shiftLimit } from "./time";
import type { TProcedure } from "./util";

/**
 * The Broadcast client (testbook ASSOC-006, SEC-BC-001, TIME-012): a pre-established association
 * that sends unconfirmed, broadcast-key ciphered requests and gets no answer. What a request did
 * shows through the clock, read by the client that may set it: a broadcast clock set moves it by
 * a few seconds (within the time shift limit, so that no synchronization event is recorded), and
 * the runner moves it back afterwards.
 */
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };
const SETTLE_MS = 300;

const broadcastClient = (env: TRunEnvironment): TProfileClient | undefined => env.profile.clients.find((c) => c.association === "pre-established");

/** The meter's clock minus the runner's, in ms, through the client that may set it. */
async function clockOffset(env: TRunEnvironment, client: TClientId): Promise<number | string> {
  const a = await env.sessions.get(client);
  if (!a.ok) return a.error.message;
  const r = await a.value.get(CLOCK);
  if (!r.ok) return r.error.message;
  const dt = dateTimeOfData(r.value);
  const at = dt ? instantOfDateTime(dt) : null;
  return at === null ? "the clock is not a full date-time" : at - env.now();
}

/** A date-time seconds from the meter's time, in the clock's own deviation. */
async function clockValueAhead(env: TRunEnvironment, reader: TClientId, seconds: number) {
  const a = await env.sessions.get(reader);
  if (!a.ok) return a.error.message;
  const r = await a.value.get(CLOCK);
  const dt = r.ok ? dateTimeOfData(r.value) : null;
  const at = dt ? instantOfDateTime(dt) : null;
  if (!dt || at === null) return r.ok ? "the clock is not a full date-time" : r.error.message;
  const t = new Date(at + seconds * 1000 - (dt.deviation ?? 0) * 60_000);
  return d.dateTime({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), dayOfWeek: ((t.getUTCDay() + 6) % 7) + 1, hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(), hundredths: 0, deviation: dt.deviation, status: dt.status });
}

/**
 * Sends a broadcast SET of the clock seconds ahead and says whether the clock moved, by the
 * offset measured before and after through the clock setter. A clock that moved is moved back.
 */
export async function broadcastClockSet(env: TRunEnvironment, run: TestRun, seconds: number, overrides: Partial<TBroadcastCredentials>): Promise<boolean | string> {
  const client = broadcastClient(env);
  const setter = clockSetter(env);
  if (!client || !setter) return "the profile has no broadcast client or no client that may set the clock";
  const before = await clockOffset(env, setter.id);
  if (typeof before === "string") return before;
  const value = await clockValueAhead(env, setter.id, seconds);
  if (typeof value === "string") return value;
  const b = await env.sessions.broadcaster(client.id, overrides);
  if (!b.ok) return b.error.message;
  const sent = await b.value.set(CLOCK, value);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await env.sessions.closeBroadcaster(client.id, b.value);
  if (!sent.ok) return sent.error.message;
  const after = await clockOffset(env, setter.id);
  if (typeof after === "string") return after;
  const moved = Math.abs(after - before - seconds * 1000) < Math.max(2500, seconds * 250);
  if (moved) {
    run.onCleanup(async () => {
      const a = await env.sessions.get(setter.id);
      if (a.ok) await shiftClock(a.value, -seconds);
    });
  }
  return moved;
}

const shiftSeconds = (env: TRunEnvironment) => Math.max(5, Math.min(20, Math.floor(shiftLimit(env) / 2)));

/** ASSOC-006: the Broadcast client is refused an AARQ, and its requests are served without one. */
export const preEstablishedAssociation: TProcedure = async (env, run) => {
  const client = broadcastClient(env);
  if (!client) return;
  const aarq = await env.sessions.connect(client.id, {});
  if (aarq.ok) {
    await aarq.value.release();
    run.fail(`${client.name}: AARQ on SAP ${client.sap}`, "accepted: the profile makes its association pre-established, so the meter must not open one by AARQ", { client: client.id, step: 1 });
  } else {
    run.pass(`${client.name}: AARQ on SAP ${client.sap}`, `refused: ${aarq.error.message}`, { client: client.id, step: 1 });
  }
  const seconds = shiftSeconds(env);
  const moved = await broadcastClockSet(env, run, seconds, {});
  const title = `${client.name}: unconfirmed SET of the clock ${seconds} s ahead, without AARQ`;
  if (typeof moved === "string") run.inconclusive(title, moved, { client: client.id, step: 2 });
  else run.expect(moved, title, "served: the clock moved, and nothing was answered", "not served: the clock did not move", { client: client.id, step: 2 });
};

/** TIME-012: a broadcast clock set moves the clock. */
export const broadcastClockSync: TProcedure = async (env, run) => {
  const client = broadcastClient(env);
  if (!client) return;
  const seconds = shiftSeconds(env);
  const moved = await broadcastClockSet(env, run, seconds, {});
  const title = `${client.name}: broadcast clock set ${seconds} s ahead`;
  if (typeof moved === "string") run.inconclusive(title, moved, { client: client.id });
  else run.expect(moved, title, `the clock moved by ${seconds} s`, "the clock did not move", { client: client.id });
};

/** SEC-BC-001: a broadcast request ciphered with the unicast key, or with a wrong broadcast key, is dropped; with the broadcast key it is served. */
export const broadcastProtected: TProcedure = async (env, run) => {
  const client = broadcastClient(env);
  if (!client) return;
  const good = env.sessions.credentials(client.id).keys;
  if (!good?.broadcastKey) {
    run.notRun(`${client.name}: broadcast key`, "the secrets give the Broadcast client no broadcast key");
    return;
  }
  const seconds = shiftSeconds(env);
  const cases: Array<[string, Partial<TBroadcastCredentials>, boolean]> = [
    ["ciphered with the unicast key", { unicastKey: true }, false],
    ["ciphered with a wrong broadcast key", { keys: { ...good, broadcastKey: good.broadcastKey.map((b) => b ^ 0x5a) } }, false],
    ["ciphered with the global broadcast key", {}, true],
  ];
  for (const [how, overrides, served] of cases) {
    const moved = await broadcastClockSet(env, run, seconds, overrides);
    const title = `${client.name}: broadcast clock set ${how}`;
    if (typeof moved === "string") run.inconclusive(title, moved, { client: client.id });
    else if (served) run.expect(moved, title, "served", "not served: the clock did not move", { client: client.id });
    else run.expect(!moved, title, "dropped: the clock did not move", `served: the meter accepted a broadcast request ${how}`, { client: client.id });
  }
};
