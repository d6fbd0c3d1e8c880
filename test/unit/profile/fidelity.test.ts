import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { unitBySymbol } from "@/lib/dlms/cosem/units";
import { PRIME_PLUS_FILES } from "@/lib/baseline/files";
import { checkBaselineIntegrity } from "@/lib/baseline/integrity";
import { parseBaseline } from "@/lib/baseline/load";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { buildUserProfile } from "@/lib/profile/build";
import type { TProfileObject, TUserProfile } from "@/lib/profile/schema";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { EXAMPLE_NAMES, ROOT, exampleWith, readExample } from "../../helpers/examples";

/**
 * The corrections of the profile-fidelity review (an independent DLMS implementation and the
 * seeds against the baseline): one test per rule, on the realistic example profiles.
 */
const baseline = getBaseline();
const profiles = Object.fromEntries(EXAMPLE_NAMES.map((n) => [n, buildUserProfile(readExample(n), baseline)])) as Record<string, TUserProfile>;
const allProfiles = Object.entries(profiles);
const object = (p: TUserProfile, id: string) => p.objects.find((o) => o.id === id);
const byObis = (p: TUserProfile, obis: string) => p.objects.find((o) => o.obis === obis);
const readsValue = (o: TProfileObject | undefined, client: string) => o?.attributes.find((a) => a.index === 2)?.access[client as "public"]?.includes("R") === true;
const groups = (obis: string) => obis.split(/[-:.]/).map(Number) as [number, number, number, number, number, number];

/**
 * Blue Book OBIS rules for codes a manufacturer defines: any of value groups B to E in 128..254,
 * or an abstract C = 96 code with D in 50..99.
 */
function manufacturerSpecific(obis: string): boolean {
  const [, b, c, d, e] = groups(obis);
  return [b, c, d, e].some((v) => v >= 128 && v <= 254) || (c === 96 && d >= 50 && d <= 99);
}
const COMPANION_DEFINED = "Companion-defined OBIS code";
/** A standard code the baseline uses with a companion's meaning: the Blue Book's device ID 7. */
const STANDARD_CODES_WITH_COMPANION_MEANING = ["1-0:96.1.6.255"];

describe("associations", () => {
  test.each(allProfiles)("%s: every client that associates by AARQ reads the current association and the logical device name", (_, p) => {
    const current = byObis(p, "0-0:40.0.0.255");
    const ldn = byObis(p, "0-0:42.0.0.255");
    for (const c of p.clients.filter((x) => x.association === "aarq")) {
      expect(current?.attributes.filter((a) => [1, 2, 3, 4, 5, 6].includes(a.index)).every((a) => a.access[c.id] === "R" || a.access[c.id] === "RW"), c.id).toBe(true);
      expect(readsValue(ldn, c.id), c.id).toBe(true);
    }
  });

  test("the Firmware client reads its own object list and context through the current association", () => {
    const firmware = profiles.full!.clients.find((c) => c.id === "firmware")!;
    expect(firmware.association).toBe("aarq");
    expect(readsValue(byObis(profiles.full!, "0-0:40.0.0.255"), "firmware")).toBe(true);
    expect(readsValue(byObis(profiles.full!, "0-0:42.0.0.255"), "firmware")).toBe(true);
    expect(readsValue(byObis(profiles["three-phase-hls-cellular"]!, "0-0:40.0.0.255"), "firmware")).toBe(true);
  });

  test("the Broadcast client is pre-established: no authentication, the ciphered context, a protecting policy and the broadcast key", () => {
    const broadcast = profiles.full!.clients.find((c) => c.id === "broadcast")!;
    expect(broadcast).toMatchObject({
      association: "pre-established",
      authentication: { level: "none", mechanismId: 0 },
      applicationContext: { id: 3 },
      securitySuite: 0,
      securityPolicy: { id: "authenticated-encrypted" },
    });
    expect(broadcast.keys.map((k) => k.id)).toEqual(["master-key", "global-authentication-key", "global-broadcast-encryption-key"]);
    for (const c of profiles.full!.clients.filter((x) => x.id !== "broadcast")) expect(c.association, c.id).toBe("aarq");
  });

  test("a pre-established client sends only unconfirmed SET and ACTION: it reads nothing", () => {
    const read = profiles.full!.objects.filter((o) => o.attributes.some((a) => a.access.broadcast?.includes("R")));
    expect(read.map((o) => o.id)).toEqual([]);
    const used = profiles.full!.objects.filter((o) => o.attributes.some((a) => a.access.broadcast === "W") || o.methods.some((m) => m.access.broadcast === "X"));
    expect(used.map((o) => o.id)).toEqual(expect.arrayContaining(["clock", "image-transfer"]));
    // No HLS challenge to answer: reply_to_HLS_authentication is not the Broadcast client's.
    expect(object(profiles.full!, "association-broadcast")!.methods.map((m) => m.access.broadcast)).toEqual(["-", "-", "-", "-"]);
  });

  test("the baseline refuses a pre-established client that would authenticate", () => {
    const files = structuredClone(PRIME_PLUS_FILES) as typeof PRIME_PLUS_FILES;
    const broadcast = files.clients.clients.find((c) => c.id === "broadcast")!;
    broadcast.authentication = { allowed: ["lls", "hls"], default: "hls" };
    expect(checkBaselineIntegrity(parseBaseline(files))).toContain("client broadcast: a pre-established association has no authentication: allowed must be [none]");
  });
});

describe("OBIS codes", () => {
  test("every code in a manufacturer-specific range is marked companion-defined in its provenance, with the reason", () => {
    const specific = baseline.objects.filter((o) => manufacturerSpecific(o.obis));
    expect(specific.map((o) => o.obis).sort()).toEqual(["0-0:96.1.128.255", "0-0:96.2.128.255", "0-0:96.2.129.255", "0-0:96.60.0.255"]);
    for (const o of specific) {
      const mark = o.provenance.find((p) => p.section === COMPANION_DEFINED);
      expect(mark?.note, o.id).toMatch(/standard OBIS|no standard/i);
    }
  });

  test("only those codes and the standard codes used with a companion's meaning are marked companion-defined", () => {
    const marked = baseline.objects.filter((o) => o.provenance.some((p) => p.section === COMPANION_DEFINED)).map((o) => o.obis);
    expect(marked.filter((obis) => !manufacturerSpecific(obis))).toEqual(STANDARD_CODES_WITH_COMPANION_MEANING);
  });

  test("the former firmware version says in its name and provenance that 1-0:96.1.6.255 is the Blue Book's device ID 7", () => {
    const former = baseline.index.objects.get("former-firmware-version")!;
    expect(former.obis).toBe("1-0:96.1.6.255");
    expect(former.name).toContain("device ID 7");
    expect(former.provenance.find((p) => p.section === COMPANION_DEFINED)?.note).toMatch(/Spanish PRIME companion/);
  });

  test("a 'last average' value uses value group D = 25 (last average), never D = 24 (current average)", () => {
    const last = baseline.objects.filter((o) => /^last average/i.test(o.name));
    expect(last.map((o) => o.obis)).toEqual(["1-0:32.25.0.255", "1-0:52.25.0.255", "1-0:72.25.0.255"]);
    expect(baseline.objects.filter((o) => groups(o.obis)[0] === 1 && groups(o.obis)[3] === 24)).toEqual([]);
  });

  test("phase angles exist only on three-phase meters", () => {
    for (const o of baseline.objects.filter((x) => x.obis.startsWith("1-0:81.7."))) expect(o.when, o.id).toContain("three-phase");
    expect(profiles["single-phase-plc"]!.objects.filter((o) => o.obis.startsWith("1-0:81.7."))).toEqual([]);
  });
});

describe("P1 port", () => {
  test("the P1 encryption and authentication keys join the key inventory, linked to the P1 security setup and frame counter", () => {
    const keys = profiles.full!.security.keys.filter((k) => k.scope === "p1-port");
    expect(keys.map((k) => k.id)).toEqual(["p1-encryption-key", "p1-authentication-key"]);
    for (const k of keys) {
      expect(k.clients).toEqual([]);
      expect(k.objects!.map((o) => o.obis)).toEqual(["0-0:43.0.7.255", "0-0:43.1.7.255"]);
    }
    const readout = JSON.parse(readFileSync(join(ROOT, "profiles/prime-plus/p1-readout.json"), "utf8")) as { security: { authenticationKey: string } };
    expect(keys[1]!.fixedValue).toBe(readout.security.authenticationKey);
    expect(keys[0]!.fixedValue).toBeUndefined();
  });

  test("without P1 encryption the profile has no P1 key", () => {
    const plain = buildUserProfile(exampleWith("full", (a) => (a.metering.p1Port.encrypted = false)), baseline);
    expect(plain.security.keys.filter((k) => k.scope === "p1-port")).toEqual([]);
    expect(profiles["single-phase-plc"]!.security.keys.filter((k) => k.scope === "p1-port")).toEqual([]);
  });

  test("with a P1 port showing SMAX in kVA the limiter monitors apparent power (1-0:9.7.0.255, VA); without one, active power (W)", () => {
    const full = profiles.full!;
    expect(object(full, "p1-readout-list")!.captureObjects).toContainEqual({ object: "limiter", obis: "0-0:17.0.0.255", attribute: 3 });
    expect(object(full, "limiter")!.monitoredValue).toEqual({ object: "apparent-power-import", obis: "1-0:9.7.0.255", classId: 3, attribute: 2 });
    expect(object(full, "apparent-power-import")!.scalerUnit?.unit).toBe("VA");
    const single = profiles["single-phase-plc"]!;
    expect(object(single, "limiter")!.monitoredValue).toEqual({ object: "active-power-import", obis: "1-0:1.7.0.255", classId: 3, attribute: 2 });
    expect(object(single, "active-power-import")!.scalerUnit?.unit).toBe("W");
    for (const p of [full, single]) expect(object(p, "register-monitor-contracted-power")!.monitoredValue).toEqual(object(p, "limiter")!.monitoredValue);
  });

  test("the apparent power import is measured whenever the limiter watches it, even when apparent energy is not registered", () => {
    const p = buildUserProfile(
      exampleWith("full", (a) => (a.metering.energy.quantities = a.metering.energy.quantities.filter((q: string) => !q.startsWith("apparent")))),
      baseline,
    );
    expect(object(p, "energy-apparent-import-total")).toBeUndefined();
    expect(object(p, "apparent-power-import")!.reason.conditions).toEqual(["apparent-power-import-measured"]);
    expect(object(p, "limiter")!.monitoredValue?.obis).toBe("1-0:9.7.0.255");
  });

  test("the counters the seed gives class 1 keep class 3, with the deviation, its reason and the 0-0:/1-0: misprint in provenance", () => {
    const ids = ["power-failure-count-any-phase", ...["sag", "swell"].flatMap((k) => ["l1", "l2", "l3"].map((ph) => `voltage-${k}-count-${ph}`))];
    for (const id of ids) {
      const o = baseline.index.objects.get(id)!;
      expect(o.classId, id).toBe(3);
      const row = o.provenance.find((p) => p.source === "p1-luxembourg" && /class 1/.test(p.section));
      expect(row?.note, id).toMatch(/class 1 \(Data\).*class 3 \(Register\).*resettable/);
      if (id.startsWith("voltage")) {
        expect(o.obis.startsWith("1-0:"), id).toBe(true);
        expect(row?.note, id).toMatch(/0-0:….*1-0:…/);
      }
    }
  });

  test("M-Bus values carry scaler-unit variants for gas, water and heat, in units of the Blue Book table", () => {
    const value = object(profiles.full!, "mbus-value-ch1")!;
    expect(value.scalerUnitVariants!.map((v) => [v.medium, v.scaler, v.unit])).toEqual([
      ["gas", -3, "m³"],
      ["water", -3, "m³"],
      ["heat", 6, "J"],
    ]);
    expect(value.scalerUnit).toEqual({ scaler: -3, unit: "m³" });
    const units = baseline.objects.flatMap((o) => [o.scalerUnit, ...(o.scalerUnitVariants ?? [])].flatMap((su) => (su ? [su.unit] : [])));
    expect(units.filter((u) => unitBySymbol(u) === undefined)).toEqual([]);
  });
});

describe("interface classes", () => {
  test("classes resting on the Blue Book alone say so in their provenance, and IC 111 attribute 19 records its type", () => {
    const note = (classId: number) => baseline.classes.find((c) => c.classId === classId)!.provenance.find((p) => p.source === "prime-plus-tool")?.note ?? "";
    expect(note(4)).toMatch(/reset rests on the Blue Book alone/);
    expect(note(63)).toMatch(/rests on the Blue Book alone.*does not implement it/);
    expect(note(77)).toMatch(/rests on the Blue Book alone.*does not implement it/);
    const account = baseline.classes.find((c) => c.classId === 111)!;
    expect(account.attributes.find((a) => a.index === 19)).toMatchObject({ type: "double-long-unsigned", description: expect.stringMatching(/double-long \(INT32\)/) });
  });
});

describe("versions", () => {
  test("the baseline manifest records this version with a changelog entry per change, and the testbook follows it", () => {
    const [latest, first] = baseline.manifest.changelog;
    expect(latest!.version).toBe(baseline.manifest.version);
    expect(baseline.manifest.version).toBe("1.1.0");
    expect(first!.version).toBe("1.0.0");
    expect(latest!.changes.length).toBeGreaterThanOrEqual(10);
    expect(getCatalogue().manifest.baseline.version).toBe(baseline.manifest.version);
    for (const p of Object.values(profiles)) expect(p.baseline.version).toBe("1.1.0");
  });
});
