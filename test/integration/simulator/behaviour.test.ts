import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { d, numberOf, type TData } from "@/lib/dlms/axdr/data";
import { dateTimeFromInstant } from "@/lib/dlms/axdr/date-time";
import { dateTimeOctets, entrySelection, rangeSelection } from "@/lib/dlms/cosem/selective-access";
import { fromHex } from "@/lib/dlms/bytes";
import { wrapKey } from "@/lib/dlms/security/key-wrap";
import type { Association } from "@/lib/dlms/client";
import { tempDir } from "../../helpers/temp-dir";
import { startExampleMeter, value, type TTestMeter } from "../../helpers/simulator";

/**
 * What the simulated meter does over time and when clients act on it, seen through our client:
 * the clock, captures, events, the disconnector, key transfer and firmware upgrade. Time is the
 * test's own clock, moved by hand.
 */
const START = Date.UTC(2026, 11, 1, 10, 7, 30);
let clock = START;
const now = () => clock;
let m: TTestMeter;
beforeAll(async () => {
  m = await startExampleMeter("full", { now });
});
afterAll(async () => {
  await m.close();
});

const read = async (a: Association, classId: number, obis: string, attribute: number): Promise<TData> => value(await a.get({ classId, obis, attribute }));
const rows = (v: TData): TData[] => (v.type === "array" ? v.items : []);
const codesOf = (log: TData): number[] => rows(log).map((r) => (r.type === "structure" ? (numberOf(r.items[1]!) ?? -1) : -1));

describe("the simulated meter over time", () => {
  test("energy registers grow with the load and never decrease", async () => {
    const a = await m.associate("reading");
    const total = async () => numberOf(await read(a, 3, "1-0:1.8.0.255", 2))! + numberOf(await read(a, 3, "1-0:2.8.0.255", 2))!;
    let last = await total();
    const first = last;
    for (let h = 0; h < 6; h++) {
      clock += 3_600_000;
      const now = await total();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    expect(last).toBeGreaterThan(first);
    await a.release();
  });

  test("load profile 1 captures at its capture period, with the clock first and the AMR status second", async () => {
    const a = await m.associate("reading");
    const period = numberOf(await read(a, 7, "1-0:99.1.0.255", 4))!;
    expect(period).toBe(900);
    const before = rows(await read(a, 7, "1-0:99.1.0.255", 2)).length;
    clock += 3 * period * 1000;
    const after = rows(await read(a, 7, "1-0:99.1.0.255", 2));
    expect(after.length).toBe(before + 3);
    const last = after.at(-1)!;
    expect(last.type === "structure" && last.items[0]!.type).toBe("date-time");
    expect(last.type === "structure" && last.items[1]!.type).toBe("unsigned");
    const entries = numberOf(await read(a, 7, "1-0:99.1.0.255", 7))!;
    expect(entries).toBe(after.length);
    await a.release();
  });

  test("selective access by entry and by range returns exactly the asked rows and columns", async () => {
    const a = await m.associate("reading");
    const all = rows(await read(a, 7, "1-0:99.1.0.255", 2));
    const two = rows(value(await a.get({ classId: 7, obis: "1-0:99.1.0.255", attribute: 2 }, entrySelection(2, 3, 1, 2))));
    expect(two).toHaveLength(2);
    expect(two[0]).toEqual(d.struct(...(all[1] as { items: TData[] }).items.slice(0, 2)));
    const lastAt = (all.at(-1) as { items: TData[] }).items[0]!;
    const from = lastAt.type === "date-time" ? lastAt.value : null;
    const range = rows(
      value(await a.get({ classId: 7, obis: "1-0:99.1.0.255", attribute: 2 }, rangeSelection({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2, dataIndex: 0 }, dateTimeOctets(from!), dateTimeOctets(from!)))),
    );
    expect(range).toEqual([all.at(-1)]);
    await a.release();
  });
});

describe("what clients cause", () => {
  test("setting the clock logs the old and the new time in the synchronization log and marks the next interval", async () => {
    const a = await m.associate("management");
    const before = codesOf(await read(a, 7, "0-0:99.98.8.255", 2));
    const target = clock + 120_000;
    value(await a.set({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 }, d.dateTime(dateTimeFromInstant(target, 0, 0))));
    const after = codesOf(await read(a, 7, "0-0:99.98.8.255", 2));
    expect(after.slice(before.length)).toEqual([4, 5]);
    expect(m.sim.simulator.meter.meterTime() - clock).toBe(120_000);
    clock += 900_000;
    const lp = rows(await read(a, 7, "1-0:99.1.0.255", 2)).at(-1) as { items: TData[] };
    const status = numberOf(lp.items[1]!)!;
    expect(status & (1 << m.profile.amrStatus.bits.find((b) => b.id === "amr-clock-adjusted")!.bit)).not.toBe(0);
    await a.release();
  });

  test("a remote disconnection opens the output and is logged; reconnection follows the control mode", async () => {
    const a = await m.associate("management");
    const mode = numberOf(await read(a, 70, "0-0:96.3.10.255", 4))!;
    value(await a.action({ classId: 70, obis: "0-0:96.3.10.255", method: 1 }, d.i8(0)));
    expect(await read(a, 70, "0-0:96.3.10.255", 2)).toEqual(d.bool(false));
    expect(codesOf(await read(a, 7, "0-0:99.98.2.255", 2)).at(-1)).toBe(62);
    value(await a.action({ classId: 70, obis: "0-0:96.3.10.255", method: 2 }, d.i8(0)));
    const state = numberOf(await read(a, 70, "0-0:96.3.10.255", 3))!;
    expect(state).toBe(mode === 2 || mode === 4 ? 1 : 2);
    await a.release();
  });

  test("a method parameter of the wrong type is refused and changes nothing", async () => {
    const a = await m.associate("management");
    const before = await read(a, 70, "0-0:96.3.10.255", 3);
    const r = value(await a.actionResult({ classId: 70, obis: "0-0:96.3.10.255", method: 1 }, d.visible("no")));
    expect(r.result).toBe(12);
    expect(await read(a, 70, "0-0:96.3.10.255", 3)).toEqual(before);
    await a.release();
  });

  test("key_transfer replaces a client's key: the old key is refused, the new one works, its counter starts again", async () => {
    const a = await m.associate("management");
    const newKey = fromHex("00112233445566778899aabbccddeeff");
    const wrapped = value(wrapKey(fromHex(m.secrets.meter.masterKey), newKey));
    value(await a.action({ classId: 64, obis: "0-0:43.0.2.255", method: 2 }, d.array([d.struct(d.enum(0), d.octets(wrapped))])));
    await a.release();
    await expect(m.associate("reading")).rejects.toThrow();
    const old = m.profile.clients.find((c) => c.id === "reading")!;
    expect(old.id).toBe("reading");
    const reading = await m.associate("reading", { credentials: { keys: { ...m.sim.simulator.security.state("reading")!.material.keys!, unicastKey: newKey }, invocationCounter: 0 } });
    value(await reading.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 }));
    await reading.release();
  });

  test("an image transfer verifies and activates: the firmware version and the upgrade counter change, the limit holds", async () => {
    const a = await m.associate("firmware");
    const image = new Uint8Array(1000).map((_, i) => i & 0xff);
    const blockSize = numberOf(await read(a, 18, "0-0:44.0.0.255", 2))!;
    const counterBefore = numberOf(await read(a, 3, "0-0:96.2.128.255", 2))!;
    value(await a.action({ classId: 18, obis: "0-0:44.0.0.255", method: 1 }, d.struct(d.octets(Buffer.from("PPS-MTR-2.0.0")), d.u32(image.length))));
    for (let n = 0; n * blockSize < image.length; n++) {
      value(await a.action({ classId: 18, obis: "0-0:44.0.0.255", method: 2 }, d.struct(d.u32(n), d.octets(image.subarray(n * blockSize, (n + 1) * blockSize)))));
    }
    value(await a.action({ classId: 18, obis: "0-0:44.0.0.255", method: 3 }, d.i8(0)));
    expect(numberOf(await read(a, 18, "0-0:44.0.0.255", 6))).toBe(3);
    value(await a.action({ classId: 18, obis: "0-0:44.0.0.255", method: 4 }, d.i8(0)));
    expect(numberOf(await read(a, 18, "0-0:44.0.0.255", 6))).toBe(6);
    expect(numberOf(await read(a, 3, "0-0:96.2.128.255", 2))).toBe(counterBefore + 1);
    expect(await read(a, 1, "1-0:0.2.0.255", 2)).toEqual(d.octets(Buffer.from("PPS-MTR-2.0.0")));
    await a.release();
  });

  test("a power failure is logged at its start and its end, and counted", async () => {
    const a = await m.associate("management");
    const counterClass = m.profile.objects.find((o) => o.obis === "0-0:96.7.21.255")!.classId;
    const counter = numberOf(await read(a, counterClass, "0-0:96.7.21.255", 2))!;
    expect(m.sim.command("power-failure 5")).toBe("power failure for 5 s simulated");
    clock += 10_000;
    const codes = codesOf(await read(a, 7, "0-0:99.98.0.255", 2));
    expect(codes.slice(-2)).toEqual([1, 2]);
    expect(numberOf(await read(a, counterClass, "0-0:96.7.21.255", 2))).toBe(counter + 1);
    await a.release();
  });
});

describe("long values", () => {
  test("a value longer than the PDU is written in SET blocks and read back in GET blocks", async () => {
    const a = await m.associate("management", { maxReceivePdu: 512 });
    const original = await read(a, 20, "0-0:13.0.0.255", 9);
    // day_profile_table_passive: {day_id, day_schedule: [{start_time (time as octet-string), script_logical_name, script_selector}]}
    const big = d.array(Array.from({ length: 120 }, (_, i) => d.struct(d.u8(i), d.array([d.struct(d.octets([i % 24, 0, 0, 0]), d.octets([0, 0, 10, 0, 100, 255]), d.u16(1))]))));
    value(await a.set({ classId: 20, obis: "0-0:13.0.0.255", attribute: 9 }, big));
    expect(a.traffic.some((t) => t.summary.includes("first block"))).toBe(true);
    expect(await read(a, 20, "0-0:13.0.0.255", 9)).toEqual(big);
    expect(a.traffic.some((t) => t.summary.startsWith("GET next block"))).toBe(true);
    value(await a.set({ classId: 20, obis: "0-0:13.0.0.255", attribute: 9 }, original));
    await a.release();
  });
});

describe("the state file", () => {
  test("keeps clock offset, energies, logs and invocation counters across a restart", async () => {
    const dir = tempDir("sim-state");
    const file = join(dir, "state.json");
    let t = START;
    const first = await startExampleMeter("three-phase-hls-cellular", { now: () => t, stateFile: file });
    const a = await first.associate("management");
    value(await a.set({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 }, d.dateTime(dateTimeFromInstant(t + 3_600_000, 0, 0))));
    t += 2 * 3_600_000;
    const energy = numberOf(value(await a.get({ classId: 3, obis: "1-0:1.8.0.255", attribute: 2 })))!;
    await a.release();
    const counter = first.sim.simulator.security.minimumInvocationCounter("management");
    await first.close();
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).stateFormatVersion).toBe("1.0");
    const second = await startExampleMeter("three-phase-hls-cellular", { now: () => t, stateFile: file });
    expect(second.sim.simulator.security.minimumInvocationCounter("management")).toBe(counter);
    const b = await second.associate("management");
    expect(numberOf(value(await b.get({ classId: 3, obis: "1-0:1.8.0.255", attribute: 2 })))!).toBeGreaterThanOrEqual(energy);
    expect(second.sim.simulator.meter.meterTime() - t).toBe(3_600_000);
    await b.release();
    await second.close();
  });
});
