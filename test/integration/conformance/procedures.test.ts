import { afterEach, describe, expect, test } from "vitest";
import { d } from "@/lib/dlms/axdr/data";
import type { TOperator } from "@/lib/conformance/environment";
import { runConformance, type TRunResult } from "@/lib/conformance/run";
import type { TUserProfile } from "@/lib/profile/schema";
import { generateSecrets } from "@/lib/secrets/generate";
import { createProfileSimulator } from "@/lib/simulator/create";
import type { TDeviation } from "@/lib/simulator/deviations";
import { listen } from "@/lib/simulator/endpoints";
import { remoteDisconnect as openBreaker, remoteReconnect as closeBreaker } from "@/lib/simulator/meter/disconnector";
import type { TMethodHook } from "@/lib/simulator/meter/meter";
import { getAutomation } from "@/lib/testbook/automation";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { channelFor, parseMeterAddress, type TMeterAddress } from "@/lib/transport/meter-address";
import { exampleProfile, exampleSecrets, startExampleMeter, type TTestMeter } from "../../helpers/simulator";

/**
 * Each procedure of the billing, tariffs, firmware, load profile AMR, HDLC link, disconnect and
 * public lighting tests, run by the conformance runner against the simulator: it passes on the
 * faithful meter and fails on a meter that misbehaves where the procedure looks (a deviation of
 * lib/simulator/deviations.ts, or a method of the meter replaced here for assisted tests, which
 * the deviation table of runner.test.ts cannot run without an operator). The simulator's clock
 * runs from a summer Wednesday at 11:37 UTC, in the middle of the peak hours (11:00 to 15:00 local).
 */
const START = Date.UTC(2026, 6, 15, 11, 37, 30);
const started = Date.now();
const now = () => START + (Date.now() - started);

const meters: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const m of meters.splice(0)) await m.close();
});

async function meter(name: string, deviations: TDeviation[] = []): Promise<TTestMeter> {
  const m = await startExampleMeter(name, { deviations, now });
  meters.push(m);
  return m;
}

interface TRunOn {
  url: string;
  framing?: "wrapper" | "hdlc";
  operator?: TOperator;
  /** The testbook's profile, when it is not the meter's (a test the meter's profile does not have). */
  testbookProfile?: TUserProfile;
}

async function run(m: { profile: TUserProfile; secrets: ReturnType<typeof exampleSecrets>; wrapper: string }, only: string[], o: Partial<TRunOn> = {}): Promise<TRunResult> {
  const url = o.url ?? m.wrapper;
  const address = parseMeterAddress(url) as TMeterAddress;
  return runConformance({
    profile: m.profile,
    secrets: m.secrets,
    testbook: buildTestbook(o.testbookProfile ?? m.profile, getCatalogue()),
    automation: getAutomation(),
    target: { description: url, channel: (clientSap) => channelFor(address, { clientSap }) },
    framing: o.framing ?? "wrapper",
    only,
    ...(o.operator ? { operator: o.operator } : {}),
  });
}

const checks = (r: TRunResult) => r.tests.flatMap((t) => t.checks);
const verdicts = (r: TRunResult) => [...new Set(r.tests.map((t) => t.verdict))];
const fails = (r: TRunResult) => checks(r).filter((c) => c.verdict === "FAIL").map((c) => `${c.title}: ${c.message}`);
/** Every test ran, none failed or stayed inconclusive, and at least one check of each passed. */
function expectPassed(r: TRunResult): void {
  expect(r.tests.length).toBeGreaterThan(0);
  expect(fails(r)).toEqual([]);
  expect(checks(r).filter((c) => c.verdict === "INCONCLUSIVE").map((c) => `${c.title}: ${c.message}`)).toEqual([]);
  expect(verdicts(r)).toEqual(["PASS"]);
}

/** An operator who answers every question the same, doing `act` first (pressing the button). */
const operator =
  (answer: boolean | null, act?: (question: string) => void): TOperator =>
  async (question) => {
    act?.(question);
    return answer;
  };

/** Replaces what the meter's disconnect controls do on remote_disconnect (1) and remote_reconnect (2). */
function disconnectors(m: TTestMeter, hook: TMethodHook): void {
  m.sim.simulator.meter.registerMethods(70, hook);
}

describe("billing", () => {
  test("BILL-002 passes on the faithful meter: counter, time stamp, new entry and event", async () => {
    const r = await run(await meter("full"), ["BILL-002"]);
    expectPassed(r);
    expect(checks(r).map((c) => c.title)).toContain("1-0:0.1.0.255 billing period counter");
  }, 30_000);

  test("BILL-002 fails when the closure is not counted", async () => {
    const r = await run(await meter("full", ["billing-reset-not-counted"]), ["BILL-002"]);
    expect(fails(r)).toContain("1-0:0.1.0.255 billing period counter: reads 0 after the closure; it read 0 before, so 1 was expected");
  }, 30_000);

  test("BILL-003 passes on the faithful meter, and the lockout it shortened is put back", async () => {
    const m = await meter("single-phase-plc");
    const r = await run(m, ["BILL-003"]);
    expectPassed(r);
    expect(m.sim.simulator.meter.readValue("1-0:0.9.12.255", 2)).toEqual(d.u32(3600));
  }, 30_000);

  test("BILL-003 fails when a second closure within the lockout closes another period", async () => {
    const r = await run(await meter("single-phase-plc", ["billing-lockout-ignored"]), ["BILL-003"]);
    expect(fails(r).some((f) => f.includes("within the lockout") && f.includes("another period closed"))).toBe(true);
  }, 30_000);
});

describe("time of use", () => {
  test.each(["single-phase-plc", "three-phase-hls-cellular", "full"])("TOU-001, TOU-002 and TOU-004 pass on the faithful %s meter, which keeps its calendar", async (name) => {
    const m = await meter(name);
    const calendar = m.sim.simulator.meter.objects.get("0-0:13.0.0.255")!;
    const before = [...calendar.values.entries()];
    expectPassed(await run(m, ["TOU-001", "TOU-002", "TOU-004"]));
    expect([...calendar.values.entries()]).toEqual(before);
  }, 30_000);

  test("TOU-001 fails when the tariff in force is not the calendar's", async () => {
    const r = await run(await meter("full", ["tariff-off-by-one"]), ["TOU-001"]);
    expect(fails(r).join("\n")).toMatch(/0-0:96\.14\.0\.255 currently active tariff .*: reads 2; the calendar selects script 1 \(season "SUMMER"/);
  }, 30_000);

  test("TOU-002 fails when the passive calendar does not keep what is written, and TOU-004 then activates nothing", async () => {
    const m = await meter("full", ["passive-calendar-not-stored"]);
    const r = await run(m, ["TOU-002", "TOU-004"]);
    expect(fails(r).some((f) => f.startsWith("0-0:13.0.0.255 passive calendar read back: attribute 6 reads"))).toBe(true);
    expect(r.tests.find((t) => t.caseId === "TOU-004")?.verdict).toBe("INCONCLUSIVE");
    expect(m.sim.simulator.meter.readValue("0-0:13.0.0.255", 2)).toEqual(d.octets(Buffer.from("TOU")));
  }, 30_000);

  test("TOU-004 fails when activate_passive_calendar does nothing", async () => {
    const r = await run(await meter("full", ["calendar-activation-ignored"]), ["TOU-004"]);
    expect(fails(r)).toContain('0-0:13.0.0.255 active calendar after the activation: attribute 2 reads "TOU" (544f55), "TOU*" (544f552a) expected');
    expect(fails(r).some((f) => f.startsWith("Standard event log: event 9 (Time-of-use calendar activated)"))).toBe(true);
  }, 30_000);
});

describe("firmware", () => {
  test("FW-007 and FW-009 pass on the faithful meter; image transfer stays enabled", async () => {
    const m = await meter("full");
    const r = await run(m, ["FW-007", "FW-009"]);
    expectPassed(r);
    expect(m.sim.simulator.meter.readValue("0-0:44.0.0.255", 5)).toEqual(d.bool(true));
  }, 30_000);

  test("FW-007 fails when a transfer starts while disabled", async () => {
    const r = await run(await meter("full", ["image-transfer-ignores-disabled"]), ["FW-007"]);
    expect(fails(r)).toEqual(["Management client: ACTION 0-0:44.0.0.255 method 1 (image_transfer_initiate) while disabled: accepted while image_transfer_enabled is false: image_transfer_status became 1 (initiated)"]);
  }, 30_000);

  test("FW-009 fails for every client when the limit can be written", async () => {
    const r = await run(await meter("full", ["firmware-limit-writable"]), ["FW-009"]);
    expect(fails(r)).toContain("Management client: SET 0-0:96.2.129.255 attribute 2 to the value it holds: accepted; the limit must not be writable by any client");
    expect(fails(r)).toHaveLength(5);
  }, 30_000);
});

describe("load profile AMR status", () => {
  test("LP-008 passes on the faithful meter for both load profiles", async () => {
    const r = await run(await meter("three-phase-hls-cellular"), ["LP-008"]);
    expect(r.tests).toHaveLength(2);
    expectPassed(r);
  }, 30_000);

  test("LP-008 fails when a parameter change does not set MP", async () => {
    const r = await run(await meter("full", ["parameter-change-not-marked"]), ["LP-008"]);
    expect(fails(r).every((f) => /lacks bit 4 \(MP, Parameters changed\)$/.test(f))).toBe(true);
    expect(fails(r)).toHaveLength(2);
  }, 30_000);
});

describe("HDLC link parameters", () => {
  test("COMM-HDLC-002 passes over HDLC and is NOT-RUN over the wrapper", async () => {
    const m = await meter("full");
    expectPassed(await run(m, ["COMM-HDLC-002"], { url: m.hdlc, framing: "hdlc" }));
    const wrapper = await run(m, ["COMM-HDLC-002"]);
    expect(checks(wrapper).map((c) => c.verdict)).toEqual(["NOT-RUN"]);
    expect(checks(wrapper)[0]!.message).toMatch(/run it again with an HDLC address/);
  }, 30_000);

  test("COMM-HDLC-002 fails when the link negotiates more than the HDLC setup says", async () => {
    const m = await meter("full");
    // The link keeps the limits it started with; the setup now says the meter sends 64 bytes at most.
    m.sim.simulator.meter.objects.get("0-0:22.0.0.255")!.values.set(5, d.u16(64));
    const r = await run(m, ["COMM-HDLC-002"], { url: m.hdlc, framing: "hdlc" });
    expect(fails(r)).toEqual(["Reading client: SNRM/UA parameters within 0-0:22.0.0.255: information field the meter sends: 128 negotiated, max_info_field_length_transmit (attribute 5) is 64"]);
  }, 30_000);
});

describe("disconnector (assisted)", () => {
  test("DISC-002 and DISC-003 pass in control mode 2 when the operator confirms, and the breaker ends closed", async () => {
    const m = await meter("full");
    const asked: string[] = [];
    const r = await run(m, ["DISC-002", "DISC-003"], { operator: operator(true, (q) => asked.push(q)) });
    expectPassed(r);
    expect(asked).toEqual(["Did the breaker open, with no voltage on the load side?", "Did the breaker close, with voltage back on the load side?"]);
    expect(m.sim.simulator.meter.disconnectorClosed()).toBe(true);
  }, 30_000);

  test("DISC-002: the operator's no is a FAIL naming what they saw, no answer is NOT-RUN, and without an operator the test is NOT-RUN", async () => {
    const m = await meter("full");
    expect(fails(await run(m, ["DISC-002"], { operator: operator(false) }))).toEqual(["operator: Did the breaker open, with no voltage on the load side?: the operator answered no: the breaker did not open, or the load side still has voltage"]);
    const unanswered = await run(m, ["DISC-002"], { operator: operator(null) });
    expect(checks(unanswered).find((c) => c.title.startsWith("operator:"))?.verdict).toBe("NOT-RUN");
    expect(verdicts(unanswered)).toEqual(["PASS"]);
    expect(checks(await run(m, ["DISC-002"])).map((c) => c.verdict)).toEqual(["NOT-RUN"]);
  }, 30_000);

  test("DISC-002 fails when remote_disconnect answers success but the breaker stays closed", async () => {
    const m = await meter("full");
    disconnectors(m, (meter, o, method) => (method === 1 ? { result: 0 } : closeBreaker(meter, o)));
    const r = await run(m, ["DISC-002"], { operator: operator(true) });
    expect(fails(r)).toContain("0-0:96.3.10.255 after remote_disconnect: output_state true, control_state connected (1); output_state false and control_state disconnected (0) expected");
  }, 30_000);

  test("DISC-003 fails when remote_reconnect only arms the breaker in control mode 2", async () => {
    const m = await meter("full");
    disconnectors(m, (meter, o, method) => {
      if (method === 1) return openBreaker(meter, o);
      o.values.set(3, d.enum(2));
      return { result: 0 };
    });
    const r = await run(m, ["DISC-003"], { operator: operator(true) });
    expect(fails(r).some((f) => f.startsWith("0-0:96.3.10.255 after remote_reconnect: output_state false, control_state ready_for_reconnection (2)"))).toBe(true);
  }, 30_000);

  test("DISC-004 passes in control mode 1 when the operator presses the button, and fails when the button does not close the breaker", async () => {
    const m = await meter("single-phase-plc");
    const pressed = await run(m, ["DISC-002", "DISC-004"], { operator: operator(true, (q) => (q.includes("button") ? m.sim.command("button") : undefined)) });
    expectPassed(pressed);
    expect(m.sim.simulator.meter.disconnectorClosed()).toBe(true);
    const notPressed = await run(m, ["DISC-004"], { operator: operator(true) });
    expect(fails(notPressed)).toContain("0-0:96.3.10.255 after the button: output_state false, control_state ready_for_reconnection (2); output_state true and control_state connected (1) expected");
  }, 30_000);

  test("DISC-004 fails when remote_reconnect closes the breaker at once in control mode 1", async () => {
    const m = await meter("single-phase-plc");
    disconnectors(m, (meter, o, method) => {
      if (method === 1) return openBreaker(meter, o);
      o.values.set(2, d.bool(true));
      o.values.set(3, d.enum(1));
      return { result: 0 };
    });
    const r = await run(m, ["DISC-004"], { operator: operator(true) });
    expect(fails(r).some((f) => f.startsWith("0-0:96.3.10.255 after remote_reconnect: output_state true, control_state connected (1)"))).toBe(true);
  }, 30_000);
});

describe("disconnector in control mode 0", () => {
  /** The full profile with the disconnector in control mode 0 (none of the examples has it). */
  function modeZero(): TUserProfile {
    const p = structuredClone(exampleProfile("full"));
    for (const parameter of p.parameters) if (parameter.id === "controlMode") parameter.value = 0;
    const attribute = p.objects.find((o) => o.obis === "0-0:96.3.10.255")!.attributes.find((a) => a.index === 4)!;
    attribute.value = 0;
    return p;
  }

  async function modeZeroMeter() {
    const profile = modeZero();
    const secrets = generateSecrets(profile, { now: new Date("2026-01-01T00:00:00Z") });
    const sim = createProfileSimulator({ profile, secrets, now });
    const running = await listen(sim.simulator, { wrapperPort: 0, hdlcPort: null });
    const m = { profile, secrets, sim, wrapper: running.endpoints[0]!.url, close: async () => (await running.close(), sim.stop()) };
    meters.push(m);
    return m;
  }

  test("DISC-007 passes when remote_disconnect leaves the breaker closed", async () => {
    const m = await modeZeroMeter();
    const r = await run(m, ["DISC-007"]);
    expect(r.tests.map((t) => t.caseId)).toEqual(["DISC-007"]);
    expect(fails(r)).toEqual([]);
    expect(r.tests[0]!.verdict).toBe("PASS");
  }, 30_000);

  test("DISC-007 fails when the breaker opens in control mode 0", async () => {
    const m = await modeZeroMeter();
    m.sim.simulator.meter.registerMethods(70, (_meter, o) => {
      o.values.set(2, d.bool(false));
      o.values.set(3, d.enum(0));
      return { result: 0 };
    });
    expect(fails(await run(m, ["DISC-007"]))).toEqual(["Management client: remote_disconnect in control mode 0: the breaker opened (success): output_state false, control_state disconnected (0); in mode 0 it stays connected"]);
  }, 30_000);

  test("DISC-007 is NOT-RUN, the mode left alone, when the profile's control mode is not 0", async () => {
    const m = await meter("full");
    const r = await run(m, ["DISC-007"], { testbookProfile: modeZero() });
    expect(checks(r).map((c) => [c.verdict, c.message])).toEqual([["NOT-RUN", expect.stringContaining("the profile's control mode is 2, not 0")]]);
    expect(m.sim.simulator.meter.readValue("0-0:96.3.10.255", 4)).toEqual(d.enum(2));
  }, 30_000);
});

describe("public lighting relays (assisted)", () => {
  test("PL-001 passes for each relay when the operator confirms, the relays ending off as they started", async () => {
    const m = await meter("full");
    const r = await run(m, ["PL-001"], { operator: operator(true) });
    expect(r.tests).toHaveLength(4);
    expectPassed(r);
    for (let k = 1; k <= 4; k++) expect(m.sim.simulator.meter.readValue(`0-${k}:96.3.10.255`, 2)).toEqual(d.bool(false));
  }, 30_000);

  test("PL-001 fails when a relay does not switch, and on the operator's no", async () => {
    const m = await meter("full");
    disconnectors(m, (meter, o, method) => (o.obis === "0-2:96.3.10.255" ? { result: 0 } : method === 1 ? openBreaker(meter, o) : closeBreaker(meter, o)));
    const r = await run(m, ["PL-001/output-relay-control-2"], { operator: operator(false) });
    expect(fails(r)).toEqual(
      expect.arrayContaining([
        "Management client: 0-2:96.3.10.255 remote_reconnect: success; output_state false, control_state disconnected (0) (output_state true, control_state connected (1) expected)",
        "operator: Did the lighting relay switch as commanded?: the operator answered no: the lamp of Output relay control 2 did not switch on and off as commanded",
      ]),
    );
  }, 30_000);
});
