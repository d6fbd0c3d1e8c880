import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { d } from "@/lib/dlms/axdr/data";
import { instantOfDateTime } from "@/lib/dlms/axdr/date-time";
import { openBroadcaster, type TBroadcastCredentials } from "@/lib/dlms/broadcast";
import { dateTimeOfData } from "@/lib/dlms/cosem/selective-access";
import { connect } from "@/lib/dlms/client";
import { credentialsFor } from "@/lib/secrets/credentials";
import { channelFor, parseMeterAddress, type TMeterAddress } from "@/lib/transport/meter-address";
import { startExampleMeter, value, type TTestMeter } from "../../helpers/simulator";

/**
 * The Broadcast client of the full profile, which is pre-established: the simulator refuses its
 * AARQ, serves its unconfirmed requests ciphered with the global broadcast key without answering,
 * and drops plain, unicast-ciphered, wrongly keyed and replayed ones.
 */
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };
let meter: TTestMeter;
let address: TMeterAddress;

beforeAll(async () => {
  meter = await startExampleMeter("full");
  address = parseMeterAddress(meter.wrapper) as TMeterAddress;
});
afterAll(() => meter.close());

const broadcastClient = () => meter.profile.clients.find((c) => c.association === "pre-established")!;

function credentials(overrides: Partial<TBroadcastCredentials> = {}): TBroadcastCredentials {
  const c = credentialsFor(broadcastClient(), meter.secrets);
  const invocationCounter = meter.sim.simulator.security.minimumInvocationCounter(broadcastClient().id);
  return { clientSap: c.clientSap, systemTitle: c.systemTitle!, keys: c.keys!, protection: c.protection!, invocationCounter, ...overrides };
}

/** The meter's clock minus the host's, in ms. */
async function clockOffset(): Promise<number> {
  const a = await meter.associate("management");
  const dt = dateTimeOfData(value(await a.get(CLOCK)))!;
  await a.release();
  return instantOfDateTime(dt)! - Date.now();
}

/** Broadcasts a clock 60 s ahead of the meter's; resolves with how far the clock moved, in s. */
async function broadcastClockAhead(overrides: Partial<TBroadcastCredentials> = {}, replay = false): Promise<number> {
  const before = await clockOffset();
  const t = new Date(Date.now() + before + 60_000);
  const b = value(await openBroadcaster(channelFor(address, { clientSap: broadcastClient().sap }), credentials(overrides)));
  const clock = d.dateTime({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), dayOfWeek: ((t.getUTCDay() + 6) % 7) + 1, hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(), hundredths: 0, deviation: 0, status: 0 });
  value(await b.set(CLOCK, clock));
  if (replay) {
    await new Promise((r) => setTimeout(r, 200));
    meter.sim.simulator.meter.shiftClock(-60_000);
    await b.channel.send(Uint8Array.from(Buffer.from(b.traffic.at(-1)!.hex, "hex")));
  }
  await new Promise((r) => setTimeout(r, 200));
  await b.close();
  const moved = Math.round(((await clockOffset()) - before) / 1000);
  if (moved !== 0) meter.sim.simulator.meter.shiftClock(-moved * 1000);
  return moved;
}

describe("the pre-established Broadcast client", () => {
  test("is refused an association by AARQ", async () => {
    const r = await connect({ channel: channelFor(address, { clientSap: broadcastClient().sap }), credentials: credentialsFor(broadcastClient(), meter.secrets), timeoutMs: 3000 });
    expect(r.ok).toBe(false);
  });

  test("an unconfirmed SET ciphered with the broadcast key is served without an answer", async () => {
    expect(Math.abs((await broadcastClockAhead()) - 60)).toBeLessThanOrEqual(1);
    expect(meter.log.some((l) => l.includes("broadcast set-request-normal served, not answered"))).toBe(true);
  });

  test("a request ciphered with the unicast key is dropped", async () => {
    expect(Math.abs(await broadcastClockAhead({ unicastKey: true }))).toBeLessThanOrEqual(1);
  });

  test("a request ciphered with a wrong broadcast key is dropped", async () => {
    const keys = credentials().keys;
    expect(Math.abs(await broadcastClockAhead({ keys: { ...keys, broadcastKey: keys.broadcastKey!.map((b) => b ^ 0x5a) } }))).toBeLessThanOrEqual(1);
  });

  test("the same request sent again is dropped as a replay", async () => {
    // The first SET moves the clock; the test moves it back, then the replay must not move it again.
    expect(Math.abs(await broadcastClockAhead({}, true)), meter.log.slice(-6).join("\n")).toBeLessThanOrEqual(1);
  });
});
