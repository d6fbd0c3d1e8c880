import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { describe, expect, test } from "vitest";
import { d, numberOf, type TData } from "@/lib/dlms/axdr/data";
import { formatDateTime } from "@/lib/dlms/axdr/date-time";
import { dateTimeOfData } from "@/lib/dlms/cosem/selective-access";
import { generateSecrets } from "@/lib/secrets/generate";
import { createProfileSimulator } from "@/lib/simulator/create";
import type { TDeviation } from "@/lib/simulator/deviations";
import { RESULT } from "@/lib/simulator/meter/object";
import { readProfile } from "./values/examples";

/**
 * Behaviours of the simulated meter that the conformance procedures of the billing, tariffs,
 * disconnect, public lighting and firmware chapters rely on, called on the meter itself (no link),
 * on the test's own clock.
 */
const profile = readProfile("full");
const secrets = generateSecrets(profile, { now: new Date("2026-01-01T00:00:00Z") });

/** A full-profile meter at `start` (UTC; the full profile keeps UTC as its local time) with a clock the test moves. */
function meterAt(start: number, deviations: TDeviation[] = []) {
  let clock = start;
  const sim = createProfileSimulator({ profile, secrets, deviations, now: () => clock });
  const meter = sim.simulator.meter;
  return {
    sim,
    meter,
    move: (ms: number) => {
      clock += ms;
      meter.advance();
    },
    invoke: (obis: string, method: number, p: TData = d.i8(0)) => meter.invoke(obis, method, p, null).result,
    value: (obis: string, attribute: number) => meter.readValue(obis, attribute),
    number: (obis: string, attribute: number) => numberOf(meter.readValue(obis, attribute) ?? d.null()),
    /** The event codes of a log, oldest first. */
    codes: (obis: string) => {
      const rows = meter.readValue(obis, 2);
      return rows?.type === "array" ? rows.items.map((r) => (r.type === "structure" ? numberOf(r.items[1]!) : null)) : [];
    },
  };
}

const WEDNESDAY_MORNING = Date.UTC(2026, 11, 2, 7, 59, 0);
const BREAKER = "0-0:96.3.10.255";
const DISCONNECT_LOG = "0-0:99.98.2.255";
const STANDARD_LOG = "0-0:99.98.0.255";

describe("disconnect control transitions (Blue Book 4.5.8)", () => {
  test.each([
    [1, 2, [62, 59]],
    [2, 1, [62, 63]],
    [3, 2, [62, 59]],
    [4, 1, [62, 63]],
    [5, 2, [62, 59]],
    [6, 2, [62, 59]],
  ])("control mode %i: remote_disconnect opens, remote_reconnect leads to state %i, each logged", (mode, state, codes) => {
    const m = meterAt(WEDNESDAY_MORNING);
    m.meter.objects.get(BREAKER)!.values.set(4, d.enum(mode));
    expect(m.invoke(BREAKER, 1)).toBe(RESULT.success);
    expect([m.value(BREAKER, 2), m.number(BREAKER, 3)]).toEqual([d.bool(false), 0]);
    expect(m.invoke(BREAKER, 1)).toBe(RESULT.success);
    expect(m.invoke(BREAKER, 2)).toBe(RESULT.success);
    expect(m.number(BREAKER, 3)).toBe(state);
    expect(m.value(BREAKER, 2)).toEqual(d.bool(state === 1));
    expect(m.codes(DISCONNECT_LOG)).toEqual(codes);
    m.sim.stop();
  });

  test("control mode 0 refuses both commands and stays connected", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    m.meter.objects.get(BREAKER)!.values.set(4, d.enum(0));
    expect(m.invoke(BREAKER, 1)).toBe(RESULT.temporaryFailure);
    expect(m.number(BREAKER, 3)).toBe(1);
    expect(m.meter.disconnectorClosed()).toBe(true);
  });

  test("the button closes an armed breaker (e) and, in mode 1, opens a closed one (f); in mode 3 it cannot open it", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    m.meter.objects.get(BREAKER)!.values.set(4, d.enum(1));
    m.invoke(BREAKER, 1);
    m.invoke(BREAKER, 2);
    expect(m.sim.command("button")).toMatch(/closed/);
    expect(m.number(BREAKER, 3)).toBe(1);
    expect(m.sim.command("button")).toMatch(/opened/);
    expect(m.number(BREAKER, 3)).toBe(2);
    expect(m.codes(DISCONNECT_LOG)).toEqual([62, 59, 61, 60]);
    m.meter.objects.get(BREAKER)!.values.set(4, d.enum(3));
    m.sim.command("button");
    expect(m.sim.command("button")).toMatch(/does nothing/);
    expect(m.number(BREAKER, 3)).toBe(1);
  });

  test("a lighting relay switches on and off at once and logs its own events, the breaker's log untouched", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    expect(m.value("0-2:96.3.10.255", 2)).toEqual(d.bool(false));
    m.invoke("0-2:96.3.10.255", 2);
    expect([m.value("0-2:96.3.10.255", 2), m.number("0-2:96.3.10.255", 3)]).toEqual([d.bool(true), 1]);
    m.invoke("0-2:96.3.10.255", 1);
    expect(m.codes("0-0:99.98.12.255")).toEqual([218, 219]);
    expect(m.codes(DISCONNECT_LOG)).toEqual([]);
  });
});

describe("billing period closure", () => {
  const close = (m: ReturnType<typeof meterAt>) => m.invoke("0-0:10.0.1.255", 1, d.u16(1));

  test("counts the period, stamps it and captures the billing profile; within the lockout it is refused and logs nothing", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    expect(m.number("1-0:0.9.12.255", 2)).toBe(3600);
    expect(close(m)).toBe(RESULT.success);
    expect(m.number("1-0:0.1.0.255", 2)).toBe(1);
    expect(m.number("0-0:98.1.0.255", 7)).toBe(1);
    expect(formatDateTime(dateTimeOfData(m.value("1-0:0.1.2.255", 2)!)!)).toBe("2026-12-02 07:59:00.00 deviation 0 status 0x00");
    m.move(3_599_000);
    expect(close(m)).toBe(RESULT.temporaryFailure);
    expect([m.number("1-0:0.1.0.255", 2), m.number("0-0:98.1.0.255", 7)]).toEqual([1, 1]);
    m.move(2000);
    expect(close(m)).toBe(RESULT.success);
    expect(m.number("1-0:0.1.0.255", 2)).toBe(2);
    expect(m.codes(STANDARD_LOG).filter((c) => c === 21)).toHaveLength(2);
  });

  test.each([
    ["billing-lockout-ignored", RESULT.success, 2],
    ["billing-reset-not-counted", RESULT.temporaryFailure, 0],
  ] as const)("with %s the second closure answers %i and the counter reads %i", (deviation, result, counter) => {
    const m = meterAt(WEDNESDAY_MORNING, [deviation]);
    close(m);
    expect(close(m)).toBe(result);
    expect(m.number("1-0:0.1.0.255", 2)).toBe(counter);
  });
});

describe("tariffication by the activity calendar", () => {
  const tariff = (m: ReturnType<typeof meterAt>) => [m.number("0-0:96.14.0.255", 2), Buffer.from((m.value("0-0:14.0.0.255", 4) as { value: Uint8Array }).value).toString()];

  test("the tariff in force and the active mask change when a switch time passes", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    m.meter.advance();
    expect(tariff(m)).toEqual([3, "RATE3"]);
    m.move(60_000);
    expect(tariff(m)).toEqual([2, "RATE2"]);
    m.move(10 * 3_600_000);
    expect(tariff(m)).toEqual([1, "RATE1"]);
  });

  test("activate_passive_calendar makes the passive calendar active at once and logs it", () => {
    const m = meterAt(WEDNESDAY_MORNING + 120_000);
    const calendar = m.meter.objects.get("0-0:13.0.0.255")!;
    const offPeakAllDay = d.array([d.struct(d.u8(1), d.array([d.struct(d.octets([0, 0, 0, 0]), d.octets([0, 0, 10, 0, 100, 255]), d.u16(3))]))]);
    for (const [i, v] of [
      [6, d.octets(Buffer.from("FLAT"))],
      [7, calendar.values.get(3)!],
      [8, d.array([d.struct(d.octets(Buffer.from("WINTER")), ...Array.from({ length: 7 }, () => d.u8(1))), d.struct(d.octets(Buffer.from("SUMMER")), ...Array.from({ length: 7 }, () => d.u8(1)))])],
      [9, offPeakAllDay],
    ] as const) expect(m.meter.writeValue("0-0:13.0.0.255", i, v)).toBe(RESULT.success);
    m.meter.advance();
    expect(tariff(m)).toEqual([2, "RATE2"]);
    expect(m.invoke("0-0:13.0.0.255", 1)).toBe(RESULT.success);
    m.meter.advance();
    expect(m.value("0-0:13.0.0.255", 2)).toEqual(d.octets(Buffer.from("FLAT")));
    expect(tariff(m)).toEqual([3, "RATE3"]);
    expect(m.codes(STANDARD_LOG)).toEqual([19, 19, 19, 19, 9]);
  });
});

describe("image transfer", () => {
  test("image_transfer_initiate is refused while image_transfer_enabled is false, accepted once it is true again", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    const initiate = d.struct(d.octets(Buffer.from("PPS-MTR-2.0.0")), d.u32(1000));
    m.meter.writeValue("0-0:44.0.0.255", 5, d.bool(false));
    expect(m.invoke("0-0:44.0.0.255", 1, initiate)).toBe(RESULT.temporaryFailure);
    expect(m.number("0-0:44.0.0.255", 6)).toBe(0);
    m.meter.writeValue("0-0:44.0.0.255", 5, d.bool(true));
    expect(m.invoke("0-0:44.0.0.255", 1, initiate)).toBe(RESULT.success);
    expect(m.number("0-0:44.0.0.255", 6)).toBe(1);
  });
});

describe("security setup certificate methods (class 64 v1)", () => {
  const setupOf = (m: ReturnType<typeof meterAt>, client: string) => [...m.sim.simulator.ownerOf].find(([obis, owner]) => owner === client && obis.startsWith("0-0:43.0."))![0];
  const entity = (n: number) => d.struct(d.enum(0), d.struct(d.enum(n), d.enum(0), d.octets(new Uint8Array(8))));

  test("generate_certificate_request answers a PKCS#10 request for the meter's signing key, the key its certificate carries, also after generate_key_pair", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    const setup = setupOf(m, "management");
    for (const renew of [false, true]) {
      if (renew) expect(m.invoke(setup, 4, d.enum(0))).toBe(RESULT.success);
      const request = m.meter.invoke(setup, 5, d.enum(0), null);
      const certificate = m.meter.invoke(setup, 7, entity(0), null);
      expect([request.result, certificate.result]).toEqual([RESULT.success, RESULT.success]);
      if (request.returned?.type !== "octet-string" || certificate.returned?.type !== "octet-string") throw new Error("no octet-string returned");
      const csrKey = execFileSync("openssl", ["req", "-inform", "DER", "-verify", "-noout", "-pubkey"], { input: Buffer.from(request.returned.value), stdio: ["pipe", "pipe", "pipe"] }).toString();
      expect(csrKey).toBe(new X509Certificate(Buffer.from(certificate.returned.value)).publicKey.export({ type: "spki", format: "pem" }));
    }
  });

  test("a request for the key agreement or TLS key pair, which the meter does not hold, or with a wrong parameter type is refused", () => {
    const m = meterAt(WEDNESDAY_MORNING);
    const setup = setupOf(m, "management");
    expect(m.invoke(setup, 5, d.enum(1))).toBe(RESULT.otherReason);
    expect(m.invoke(setup, 5, d.enum(2))).toBe(RESULT.otherReason);
    expect(m.invoke(setup, 5, d.u8(0))).not.toBe(RESULT.success);
  });
});
