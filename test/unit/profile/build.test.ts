import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { AnswersError, buildUserProfile } from "@/lib/profile/build";
import type { TProfileObject, TUserProfile } from "@/lib/profile/schema";
import { validateProfileSchema } from "@/lib/schemas/ajv";
import { EXAMPLES_DIR, EXAMPLE_NAMES, exampleWith, readExample } from "../../helpers/examples";

const baseline = getBaseline();
const build = (input: unknown) => buildUserProfile(input, baseline);
const profiles = Object.fromEntries(EXAMPLE_NAMES.map((n) => [n, build(readExample(n))])) as Record<string, TUserProfile>;
const allProfiles = Object.entries(profiles);
const isMeteringData = (o: TProfileObject) => baseline.index.templates.get(baseline.index.objects.get(o.id)!.access)!.meteringData;
const object = (p: TUserProfile, id: string) => p.objects.find((o) => o.id === id);

describe("buildUserProfile", () => {
  test.each(allProfiles)("the %s profile is valid against the published user-profile schema", (_, profile) => {
    expect(validateProfileSchema(profile)).toEqual([]);
  });

  test.each(EXAMPLE_NAMES)("the checked-in %s profile is the one the engine builds", (name) => {
    const checkedIn = readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8");
    expect(checkedIn, "run npm run generate").toBe(`${JSON.stringify(profiles[name], null, 2)}\n`);
  });

  test("the same inputs give byte-identical profiles, whatever the key order of the answers file", () => {
    const answers = readExample("full") as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(answers).reverse());
    expect(JSON.stringify(build(reversed))).toBe(JSON.stringify(build(answers)));
  });

  test("the profile names the baseline and the answers it came from by hash", () => {
    const p = profiles.full!;
    expect(p.baseline).toEqual({ id: "prime-plus", version: baseline.manifest.version, hash: baseline.hash });
    expect(p.answers.hash).toMatch(/^[0-9a-f]{64}$/);
    const changed = build(exampleWith("full", (a) => (a.contact.name = "Someone Else")));
    expect(changed.answers.hash).not.toBe(p.answers.hash);
    expect(changed.id).not.toBe(p.id);
  });

  test("single-phase meters get no L2/L3 objects", () => {
    const p = profiles["single-phase-plc"]!;
    expect(p.objects.filter((o) => o.phase === "L2" || o.phase === "L3")).toEqual([]);
    expect(p.objects.some((o) => o.phase === "L1")).toBe(true);
    const excludedL2 = p.excluded.filter((e) => e.kind === "object" && /-l[23]$/.test(e.id));
    expect(excludedL2.length).toBeGreaterThan(0);
    expect(excludedL2.every((e) => e.reason.includes("three-phase meter"))).toBe(true);
  });

  test("three-phase meters get L1, L2 and L3 objects", () => {
    const p = profiles["three-phase-hls-cellular"]!;
    for (const id of ["voltage-l1", "voltage-l2", "voltage-l3", "current-l2", "current-l3"]) expect(object(p, id), id).toBeDefined();
  });

  test.each(allProfiles)("%s: the Public client can read no metering data and program nothing", (_, p) => {
    for (const o of p.objects) {
      for (const a of o.attributes) {
        expect(["-", "R"], `${o.id} attribute ${a.index}`).toContain(a.access.public);
        if (isMeteringData(o)) expect(a.access.public, `${o.id} attribute ${a.index}`).toBe("-");
      }
      for (const m of o.methods) expect(m.access.public, `${o.id} method ${m.index}`).toBe("-");
    }
    expect(p.objects.filter((o) => o.attributes.some((a) => a.access.public === "R")).length).toBeGreaterThan(0);
  });

  test.each(allProfiles)("%s: the Reading client can read but never write or execute", (_, p) => {
    for (const o of p.objects) {
      for (const a of o.attributes) expect(["-", "R"], `${o.id} attribute ${a.index}`).toContain(a.access.reading);
      for (const m of o.methods) expect(m.access.reading, `${o.id} method ${m.index}`).toBe("-");
    }
    expect(object(p, "energy-active-import-total")!.attributes[1]!.access.reading).toBe("R");
  });

  test.each(allProfiles.filter(([, p]) => p.clients.some((c) => c.id === "firmware")))(
    "%s: the Firmware client reaches only what firmware update needs, and what every association reads to discover the meter",
    (_, p) => {
      const reached = p.objects.filter(
        (o) => o.attributes.some((a) => a.access.firmware !== "-") || o.methods.some((m) => m.access.firmware !== "-"),
      );
      const discovery = ["0-0:40.0.0.255", "0-0:42.0.0.255"];
      for (const o of reached) expect(o.group === "firmware-upgrade" || o.client === "firmware" || discovery.includes(o.obis), o.id).toBe(true);
      const transfer = object(p, "image-transfer")!;
      expect(transfer.methods.every((m) => m.access.firmware === "X")).toBe(true);
    },
  );

  test.each(allProfiles)("%s: no client can read a password or a key", (_, p) => {
    const secrets = p.objects.flatMap((o) => o.attributes.filter((a) => a.secret).map((a) => ({ o, a })));
    expect(secrets.length).toBeGreaterThan(0);
    for (const { o, a } of secrets) {
      for (const [client, access] of Object.entries(a.access)) expect(access.includes("R"), `${client} on ${o.id}.${a.index}`).toBe(false);
    }
  });

  test.each(allProfiles)("%s: the logical name is never writable", (_, p) => {
    for (const o of p.objects) expect(Object.values(o.attributes[0]!.access).every((x) => x === "-" || x === "R"), o.id).toBe(true);
  });

  test("the Management client can set the clock and operate the disconnector", () => {
    const p = profiles["single-phase-plc"]!;
    expect(object(p, "clock")!.attributes.find((a) => a.name === "time")!.access.management).toBe("RW");
    expect(object(p, "disconnect-control")!.methods.every((m) => m.access.management === "X")).toBe(true);
  });

  test("an optional client that is not chosen leaves no association, no security setup and no access column behind", () => {
    const p = profiles["single-phase-plc"]!;
    expect(p.clients.map((c) => c.id)).toEqual(["public", "reading", "management"]);
    for (const id of ["firmware", "limitedRemote", "broadcast"]) {
      expect(p.objects.filter((o) => o.client === id), id).toEqual([]);
      for (const o of p.objects) {
        for (const a of o.attributes) expect(a.access, `${o.id}`).not.toHaveProperty(id);
        for (const m of o.methods) expect(m.access).not.toHaveProperty(id);
      }
      expect(p.excluded.some((e) => e.kind === "client" && e.id === id)).toBe(true);
    }
    expect(p.objects.map((o) => o.id)).not.toContain("association-firmware");
    expect(p.objects.filter((o) => o.classId === 64)).toEqual([]);
  });

  test("a chosen optional client brings its association, security setup and access column", () => {
    const p = profiles["three-phase-hls-cellular"]!;
    const firmware = p.clients.find((c) => c.id === "firmware")!;
    expect(firmware.associationObject.obis).toBe("0-0:40.0.4.255");
    expect(firmware.securitySetupObject).toBeDefined();
    expect(object(p, firmware.securitySetupObject!.id)).toBeDefined();
    expect(object(p, "clock")!.attributes[1]!.access).toHaveProperty("firmware");
    expect(firmware.reason).toEqual({ kind: "answers", conditions: ["firmware-client"] });
    expect(p.conditions.find((c) => c.id === "firmware-client")).toMatchObject({ holds: true, answers: [{ path: "clients.firmware.enabled", value: true }] });
  });

  test("clients carry SAP, authentication, security suite, policy and keys", () => {
    const p = profiles["three-phase-hls-cellular"]!;
    const management = p.clients.find((c) => c.id === "management")!;
    expect(management).toMatchObject({
      sap: 1,
      authentication: { level: "hls", mechanismId: 5 },
      applicationContext: { id: 3 },
      securitySuite: 0,
      securityPolicy: { id: "authenticated-encrypted", securitySetupV1Bits: 0x6c },
    });
    expect(management.keys.map((k) => k.id)).toEqual(
      expect.arrayContaining(["master-key", "global-unicast-encryption-key", "global-authentication-key", "global-broadcast-encryption-key", "dedicated-key", "hls-secret"]),
    );
    const lls = profiles["single-phase-plc"]!.clients.find((c) => c.id === "reading")!;
    expect(lls.keys.map((k) => k.id)).toEqual(["lls-password"]);
    expect(lls.applicationContext.id).toBe(1);
  });

  test("every object says why it is in: mandatory or the answers that switched it on", () => {
    const p = profiles["three-phase-hls-cellular"]!;
    expect(object(p, "clock")!.reason).toEqual({ kind: "mandatory", conditions: [] });
    expect(object(p, "voltage-l2")!.reason).toEqual({ kind: "answers", conditions: ["three-phase"] });
    expect(p.conditions.find((c) => c.id === "three-phase")).toEqual({
      id: "three-phase",
      explanation: "three-phase meter",
      holds: true,
      answers: [{ path: "electrical.phases", value: 3 }],
    });
  });

  test("every condition a reason names is in the profile's condition table", () => {
    for (const p of Object.values(profiles)) {
      const table = new Set(p.conditions.map((c) => c.id));
      const named = [
        ...p.objects.flatMap((o) => o.reason.conditions),
        ...p.excluded.flatMap((e) => e.conditions),
      ];
      expect(named.filter((id) => !table.has(id))).toEqual([]);
    }
  });

  test("optional items left out are listed with the reason", () => {
    const p = profiles["single-phase-plc"]!;
    const prepayment = p.excluded.filter((e) => e.kind === "object" && baseline.index.objects.get(e.id)?.group === "prepayment");
    expect(prepayment.length).toBeGreaterThan(0);
    expect(prepayment[0]!.reason).toBe("left out because it needs: prepayment is used");
    expect(prepayment[0]!.conditions).toEqual(["prepayment"]);
    expect(p.conditions.find((c) => c.id === "prepayment")).toEqual({
      id: "prepayment",
      explanation: "prepayment is used",
      holds: false,
      answers: [{ path: "metering.prepayment.enabled", value: false }],
    });
  });

  test("parameters take their values from the answers", () => {
    const p = profiles["single-phase-plc"]!;
    const sag = p.parameters.find((x) => x.answer === "regulatory.powerQuality.sagThresholdPercent")!;
    expect(sag.value).toBe(7);
    const capture = p.parameters.find((x) => x.answer === "metering.loadProfiles.profile1.capturePeriodS")!;
    expect(capture.value).toBe(3600);
    const lp1 = object(p, capture.object.id)!;
    expect(lp1.attributes.find((a) => a.index === capture.attribute)!.value).toBe(3600);
  });

  test("events are listed per log, and logs follow the functions chosen", () => {
    const single = profiles["single-phase-plc"]!;
    const full = profiles.full!;
    expect(single.events.logs.map((l) => l.id)).not.toContain("mbus");
    expect(full.events.logs.map((l) => l.id)).toContain("mbus");
    expect(full.events.logs).toHaveLength(14);
    for (const log of full.events.logs) expect(log.events.length, log.id).toBeGreaterThan(0);
    const codes = full.events.logs.flatMap((l) => l.events.map((e) => e.code));
    expect(new Set(codes).size).toBe(codes.length);
  });

  test("alarms raised by the answers set their filter bits", () => {
    const raised = baseline.alarms.registers[0]!.bits.slice(0, 2).map((b) => b.id);
    const p = build(exampleWith("single-phase-plc", (a) => (a.alarms.raised = raised)));
    const register = p.alarms.registers[0]!;
    const expected = register.bits.filter((b) => raised.includes(b.id)).reduce((m, b) => m + 2 ** b.bit, 0);
    expect(register.filterMask).toBe(expected);
    expect(register.bits.filter((b) => b.raised).map((b) => b.id).sort()).toEqual([...raised].sort());
  });

  test("an omitted optional event is left out and listed", () => {
    const optional = baseline.events.events.find((e) => e.status === "optional" && e.log === "standard")!;
    const p = build(exampleWith("single-phase-plc", (a) => (a.events.omittedEvents = [optional.id])));
    expect(p.events.logs.flatMap((l) => l.events).map((e) => e.id)).not.toContain(optional.id);
    expect(p.excluded.find((e) => e.id === optional.id)!.reason).toMatch(/chose not to record/);
  });

  test("communication profiles follow the answers and list the clients that use them", () => {
    const p = profiles["three-phase-hls-cellular"]!;
    expect(p.communication.map((c) => c.id).sort()).toEqual(["cellular-tcp-udp-ipv4", "optical-hdlc", "plc-tcp-udp-ipv4"]);
    const cellular = p.communication.find((c) => c.family === "cellular")!;
    expect(cellular.clients.map((c) => c.id)).toEqual(["public", "reading", "management", "firmware"]);
  });

  test("invalid answers are rejected with every problem named", () => {
    const bad = exampleWith("single-phase-plc", (a) => {
      a.security.reading.authentication = "hls";
      a.regulatory.powerQuality.sagThresholdPercent = 0;
    });
    expect(() => build(bad)).toThrow(AnswersError);
    try {
      build(bad);
    } catch (e) {
      expect((e as AnswersError).issues.map((i) => i.path)).toEqual(["regulatory.powerQuality.sagThresholdPercent"]);
    }
  });
});
