import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { d } from "@/lib/dlms/axdr/data";
import { connect } from "@/lib/dlms/client";
import { describeObjects, readAll } from "@/lib/dlms/inspect";
import { objectListEntry } from "@/lib/simulator/values/associations";
import { clientView } from "@/lib/profile/view";
import { credentialsFor } from "@/lib/secrets/credentials";
import { channelFor, parseMeterAddress } from "@/lib/transport/meter-address";
import { EXAMPLE_NAMES } from "../../helpers/examples";
import { exampleProfile, startExampleMeter, value, type TTestMeter } from "../../helpers/simulator";

/**
 * Our client against our simulator over real loopback TCP, for every client of every example
 * profile: what each association may and may not do is exactly the profile's matrix. (The same
 * checks run with Gurux's client in test/integration/peers.)
 */
const meters = new Map<string, TTestMeter>();
beforeAll(async () => {
  for (const name of EXAMPLE_NAMES) meters.set(name, await startExampleMeter(name));
});
afterAll(async () => {
  for (const m of meters.values()) await m.close();
});
const meter = (name: string) => meters.get(name)!;

// A pre-established client never associates: broadcast.test.ts covers it.
const cases = EXAMPLE_NAMES.flatMap((name) => exampleProfile(name).clients.filter((c) => c.association !== "pre-established").map((c) => [name, c.id] as const));

describe("associations of the simulated meter", () => {
  test.each(cases)("%s: the %s client associates over the wrapper and HDLC and sees exactly its view", async (name, clientId) => {
    const m = meter(name);
    const client = m.profile.clients.find((c) => c.id === clientId)!;
    const canListItself = m.profile.objects.some((o) => o.obis === "0-0:40.0.0.255" && o.attributes.some((a) => a.index === 2 && a.access[client.id]?.includes("R")));
    for (const hdlc of [false, true]) {
      const a = await m.associate(client.id, { hdlc });
      const list = await a.objectList();
      if (canListItself) {
        const expected = clientView(m.profile, client.id).map((o) => objectListEntry(o, client.id));
        expect(value(list)).toEqual(expected);
      } else {
        expect(list.ok ? "ok" : list.error.message).toContain("object-undefined");
      }
      expect((await a.release()).ok).toBe(true);
    }
  });

  test.each(cases)("%s: the %s client reads every attribute its object list declares readable", async (name, clientId) => {
    const m = meter(name);
    const client = m.profile.clients.find((c) => c.id === clientId)!;
    const a = await m.associate(client.id);
    const list = await a.objectList();
    if (!list.ok) {
      await a.abort();
      return;
    }
    const objects = describeObjects(list.value, 1);
    const r = await readAll(a, objects);
    expect(r.failure).toBeUndefined();
    expect(r.errors).toBe(0);
    expect(r.reads).toBeGreaterThan(0);
    expect(a.warnings).toEqual([]);
    await a.release();
  });
});

describe("refusals", () => {
  test("an object outside the client's view is object-undefined, a secret read-write-denied, a read-only SET read-write-denied", async () => {
    const m = meter("full");
    const pub = await m.associate("public");
    const energy = await pub.getResult({ classId: 3, obis: "1-0:1.8.0.255", attribute: 2 });
    expect(value(energy)).toEqual({ ok: false, code: 4 });
    await pub.release();
    const mgmt = await m.associate("management");
    expect(value(await mgmt.getResult({ classId: 15, obis: "0-0:40.0.2.255", attribute: 7 }))).toEqual({ ok: false, code: 3 });
    const reading = await m.associate("reading");
    expect(value(await reading.setResult({ classId: 8, obis: "0-0:1.0.0.255", attribute: 3 }, d.i16(-60)))).toBe(3);
    expect(value(await reading.actionResult({ classId: 70, obis: "0-0:96.3.10.255", method: 1 }, d.i8(0))).result).toBe(3);
    await reading.release();
    await mgmt.release();
  });

  test("a wrong class id for an existing object is object-class-inconsistent", async () => {
    const a = await meter("full").associate("management");
    expect(value(await a.getResult({ classId: 3, obis: "0-0:1.0.0.255", attribute: 2 }))).toEqual({ ok: false, code: 9 });
    await a.release();
  });

  test("a wrong LLS password is refused with authentication failure and logged as a failed association", async () => {
    const m = meter("single-phase-plc");
    const client = m.profile.clients.find((c) => c.id === "reading")!;
    const credentials = { ...credentialsFor(client, m.secrets), password: new TextEncoder().encode("not-the-password") };
    const r = await connect({ channel: channelFor(parseMeterAddress(m.wrapper) as never, { clientSap: client.sap }), credentials });
    expect(r.ok ? "accepted" : r.error.message).toBe("association refused: authentication failure");
    expect(m.log.some((l) => l.includes("wrong LLS password"))).toBe(true);
  });

  test("a wrong HLS key fails pass 3, and the meter's pass 4 is checked by the client", async () => {
    const m = meter("three-phase-hls-cellular");
    const client = m.profile.clients.find((c) => c.id === "reading")!;
    const good = credentialsFor(client, m.secrets);
    const credentials = { ...good, keys: { ...good.keys!, authenticationKey: new Uint8Array(16).fill(7) }, invocationCounter: m.sim.simulator.security.minimumInvocationCounter("reading") };
    const r = await connect({ channel: channelFor(parseMeterAddress(m.wrapper) as never, { clientSap: client.sap }), credentials });
    expect(r.ok).toBe(false);
  });

  test("a request sent plain where the policy demands protection is refused with scope-of-access-violated", async () => {
    const m = meter("three-phase-hls-cellular");
    const a = await m.associate("reading");
    const plain = await a.channel.exchange(Uint8Array.from([0xc0, 0x01, 0xc1, 0x00, 0x08, 0, 0, 1, 0, 0, 0xff, 0x02, 0x00]), 3000);
    expect(plain.ok && Array.from(plain.value)).toEqual([0xc4, 0x01, 0xc1, 0x01, 13]);
    await a.release();
  });

  test("a ciphered request with an invocation counter already used is refused, naming the lowest counter the meter accepts", async () => {
    const m = meter("three-phase-hls-cellular");
    const a = await m.associate("management");
    value(await a.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 }));
    const sent = a.traffic.filter((t) => t.direction === "sent").at(-1)!;
    const replayed = await a.channel.exchange(Uint8Array.from(Buffer.from(sent.hex, "hex")), 3000);
    const expected = m.sim.simulator.security.minimumInvocationCounter("management");
    expect(replayed.ok && Buffer.from(replayed.value).toString("hex")).toBe(`d80106${expected.toString(16).padStart(8, "0")}`);
    await a.release();
  });

  test("an AARQ with a stale invocation counter is refused; a client that did not pin its counter resynchronises", async () => {
    const m = meter("three-phase-hls-cellular");
    const client = m.profile.clients.find((c) => c.id === "firmware")!;
    await (await m.associate("firmware")).abort();
    const pinned = await connect({ channel: channelFor(parseMeterAddress(m.wrapper) as never, { clientSap: client.sap }), credentials: { ...credentialsFor(client, m.secrets), invocationCounter: 0 } });
    expect(pinned.ok ? "accepted" : pinned.error.message).toMatch(/invocation-counter-error \(expected at least \d+\)/);
    const free = await connect({ channel: channelFor(parseMeterAddress(m.wrapper) as never, { clientSap: client.sap }), credentials: credentialsFor(client, m.secrets) });
    expect(free.ok).toBe(true);
    if (free.ok) await free.value.release();
  });
});
