import { afterAll, beforeAll, expect, test } from "vitest";
import { clientView } from "@/lib/profile/view";
import { objectListEntry } from "@/lib/simulator/values/associations";
import type { TProfileClient } from "@/lib/profile/schema";
import { EXAMPLE_NAMES } from "../../helpers/examples";
import { dotted, guruxAuth, guruxReadOptionsFor, runGuruxClient } from "../../helpers/gurux-peer-clients";
import { runGuruxRead } from "../../helpers/gurux-read";
import { describeWithPeers } from "../../helpers/peer-suite";
import { exampleProfile, startExampleMeter, type TTestMeter } from "../../helpers/simulator";

/**
 * Gurux's clients (gurux-read.py, and test/tools/gurux-client.py on the same Gurux Python
 * library for HLS-ECDSA and single reads) against our simulator, for every client of every example
 * profile, over the TCP wrapper and HDLC: what an implementation nobody here wrote sees.
 */
// A pre-established client never associates: test/integration/simulator/broadcast.test.ts covers it.
const cases = EXAMPLE_NAMES.flatMap((name) => exampleProfile(name).clients.filter((c) => c.association !== "pre-established").flatMap((c) => [[name, c.id, false] as const, [name, c.id, true] as const]));

/** The interface class whose methods Gurux.DLMS.Python 1.0.197 does not model (GXDLMSExtendedRegister has no reset). */
const GURUX_WITHOUT_METHODS = 4;

const canListItself = (m: TTestMeter, client: TProfileClient) =>
  m.profile.objects.some((o) => o.obis === "0-0:40.0.0.255" && o.attributes.some((a) => a.index === 2 && a.access[client.id]?.includes("R")));

describeWithPeers(
  "Gurux's clients against our simulator",
  () => {
    const meters = new Map<string, TTestMeter>();
    beforeAll(async () => {
      for (const name of EXAMPLE_NAMES) meters.set(name, await startExampleMeter(name));
    });
    afterAll(async () => {
      for (const m of meters.values()) await m.close();
    });
    const portOf = (m: TTestMeter, hdlc: boolean) => Number(new URL((hdlc ? m.hdlc : m.wrapper).replace(/^hdlc\+/, "")).port);

    test.each(cases)("%s, %s client (HDLC %s): associates, sees the profile's view and reads every readable value", async (name, clientId, hdlc) => {
      const m = meters.get(name)!;
      const client = m.profile.clients.find((c) => c.id === clientId)!;
      const counter = m.sim.simulator.security.minimumInvocationCounter(client.id);
      const options = guruxReadOptionsFor(client, m.secrets, portOf(m, hdlc), hdlc, counter);
      if (!options) {
        // gurux-read.py has no HLS-ECDSA: the second Gurux client associates and reads instead.
        const r = await runGuruxClient(client, m.secrets, portOf(m, hdlc), { hdlc, invocationCounter: counter, reads: ["8:0.0.1.0.0.255:2", "15:0.0.40.0.0.255:3"] });
        expect(r).toMatchObject({ associated: true, step: "done" });
        expect(r.reads.every((x) => x.error === undefined)).toBe(true);
        return;
      }
      const r = await runGuruxRead(options);
      expect(r.json?.association?.accepted, r.stderr).toBe(true);
      if (!canListItself(m, client)) {
        expect(r.json!.errors.map((e) => e.error).join(" ")).toContain("undefined object");
        return;
      }
      expect(r.json!.errors).toEqual([]);
      const seen = r.json!.objects.map((o) => ({ classId: o.classId, version: o.version, obis: o.obis, attributes: o.attributes.map((a) => a.access), methods: o.methods.map((x) => x.access) }));
      const expected = clientView(m.profile, client.id).map((o) => {
        const e = objectListEntry(o, client.id);
        // Gurux lists the methods its own class model has: none for the extended register (IC 4), whose reset it lacks.
        const methods = e.methods.map((x) => x.access).slice(0, e.classId === GURUX_WITHOUT_METHODS ? 0 : undefined);
        return { classId: e.classId, version: e.version, obis: dotted(e.obis), attributes: e.attributes.map((a) => a.access), methods };
      });
      expect(seen).toEqual(expected);
      const read = r.json!.objects.flatMap((o) => o.attributes.filter((a) => a.value !== undefined));
      expect(read.length).toBeGreaterThan(0);
    });

    test.each(EXAMPLE_NAMES)("%s: a read outside the Public client's view is refused, as is a secret for any client", async (name) => {
      const m = meters.get(name)!;
      const pub = m.profile.clients.find((c) => c.id === "public")!;
      const outside = m.profile.objects.find((o) => !clientView(m.profile, "public").includes(o) && o.classId === 3)!;
      const r = await runGuruxClient(pub, m.secrets, portOf(m, false), { reads: [`3:${dotted(outside.obis)}:2`] });
      expect(r.associated).toBe(true);
      expect(r.reads[0]!.error).toMatch(/undefined object/i);
      const mgmt = m.profile.clients.find((c) => c.id === "management")!;
      const secret = m.profile.objects.find((o) => o.classId === 15 && o.attributes.some((a) => a.secret))!;
      const s = await runGuruxClient(mgmt, m.secrets, portOf(m, false), { invocationCounter: m.sim.simulator.security.minimumInvocationCounter("management"), reads: [`15:${dotted(secret.obis)}:7`] });
      expect(s.associated, s.error).toBe(true);
      expect(s.reads[0]!.error).toMatch(/Read-Write denied/i);
    });

    test("a wrong LLS password is refused with authentication failure", async () => {
      const m = meters.get("single-phase-plc")!;
      const reading = m.profile.clients.find((c) => c.id === "reading")!;
      const r = await runGuruxClient(reading, m.secrets, portOf(m, false), { password: "wrong-password" });
      expect(r.associated).toBe(false);
      expect(r.error).toMatch(/Authentication failure/i);
    });

    test("HLS-GMAC with authenticated and encrypted APDUs and HLS-SHA256 on suite 2 both associate", async () => {
      for (const [name, clientId] of [
        ["three-phase-hls-cellular", "reading"],
        ["full", "firmware"],
      ] as const) {
        const m = meters.get(name)!;
        const client = m.profile.clients.find((c) => c.id === clientId)!;
        expect(guruxAuth(client)).toMatch(/^high-/);
        const r = await runGuruxClient(client, m.secrets, portOf(m, false), { invocationCounter: m.sim.simulator.security.minimumInvocationCounter(client.id), reads: ["1:0.0.42.0.0.255:2"] });
        expect(r, `${name} ${clientId}`).toMatchObject({ associated: true, step: "done" });
      }
    });
  },
  ["python3"],
);
