import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Sessions } from "@/lib/conformance/sessions";
import { TrafficLog } from "@/lib/conformance/traffic";
import { createProfileSimulator } from "@/lib/simulator/create";
import { listen, type TRunningEndpoints } from "@/lib/simulator/endpoints";
import { channelFor } from "@/lib/transport/meter-address";
import { exampleProfile, exampleSecrets } from "../../helpers/simulator";

/** A meter that drops a link after 300 ms without traffic, as a real one does after its inactivity time-out. */
const profile = exampleProfile("single-phase-plc");
const secrets = exampleSecrets("single-phase-plc");
const sim = createProfileSimulator({ profile, secrets, deviations: [] });
let running: TRunningEndpoints;

beforeAll(async () => {
  running = await listen(sim.simulator, { wrapperPort: null, hdlcPort: 0, inactivityMs: 300 });
});
afterAll(async () => {
  await running.close();
  sim.stop();
});

describe("the run's pooled associations", () => {
  test("a client whose link the meter dropped while it was idle is associated again on its next use", async () => {
    const port = running.endpoints[0]!.port;
    const sessions = new Sessions(profile, secrets, { description: "simulator", channel: (clientSap) => channelFor({ kind: "hdlc-tcp", host: "127.0.0.1", port }, { clientSap }) }, new TrafficLog(Date.now(), Date.now), 5000);
    const first = await sessions.get("reading");
    if (!first.ok) throw new Error(first.error.message);
    expect((await first.value.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    expect(first.value.channel.isOpen).toBe(false);
    const again = await sessions.get("reading");
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value).not.toBe(first.value);
    expect((await again.value.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 })).ok).toBe(true);
    expect(sessions.associations).toBe(2);
    await sessions.releaseAll();
  });
});
