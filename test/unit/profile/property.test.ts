import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import {
  CAPTURE_PERIODS_S,
  DEMAND_PERIODS_S,
  ENERGY_QUANTITIES,
  PLC_PROFILES,
  type TAnswers,
} from "@/lib/questionnaire/answers";
import { HLS_MECHANISMS, SECURITY_POLICIES } from "@/lib/vocabulary";
import { defaultAnswers } from "@/lib/questionnaire/defaults";
import { parseAnswers } from "@/lib/questionnaire/parse";
import { buildUserProfile } from "@/lib/profile/build";
import { validateProfileSchema } from "@/lib/schemas/ajv";

const baseline = getBaseline();
const optionalLogs = baseline.events.logs.filter((l) => l.status === "optional").map((l) => l.id);
const optionalEvents = baseline.events.events.filter((e) => e.status === "optional").map((e) => e.id);
const alarms = baseline.alarms.registers.flatMap((r) => r.bits.map((b) => b.id));
const threePhaseAlarms = new Set(baseline.alarms.registers.flatMap((r) => r.bits.filter((b) => b.when?.includes("three-phase")).map((b) => b.id)));

const security = fc.record({
  authentication: fc.constantFrom("lls" as const, "hls" as const) as fc.Arbitrary<"none" | "lls" | "hls">,
  hlsMechanism: fc.constantFrom(...HLS_MECHANISMS),
  securitySuite: fc.constantFrom(0 as const, 1 as const, 2 as const, null),
  securityPolicy: fc.constantFrom(...SECURITY_POLICIES),
});

/** Answers drawn over every question; the ones that break a cross-field rule are filtered out. */
const answersArbitrary = fc
  .record({
    phases: fc.constantFrom(1 as const, 3 as const),
    threeWire: fc.boolean(),
    connection: fc.constantFrom("direct" as const, "current-transformer" as const, "current-voltage-transformer" as const),
    plc: fc.boolean(),
    plcProfiles: fc.subarray([...PLC_PROFILES], { minLength: 1 }),
    cellular: fc.boolean(),
    optical: fc.boolean(),
    pushOnAlarm: fc.boolean(),
    pushOnInterval: fc.boolean(),
    optionalClients: fc.record({ firmware: fc.boolean(), limitedRemote: fc.boolean(), broadcast: fc.boolean() }),
    security: fc.record({ reading: security, management: security, firmware: security, limitedRemote: security, broadcast: security }),
    optionalLogs: fc.subarray(optionalLogs),
    omittedEvents: fc.subarray(optionalEvents, { maxLength: 5 }),
    raised: fc.subarray(alarms),
    quantities: fc.subarray([...ENERGY_QUANTITIES], { minLength: 1 }),
    tariffRates: fc.integer({ min: 1, max: 6 }),
    toggles: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    capturePeriodS: fc.constantFrom(...CAPTURE_PERIODS_S),
    demandPeriodS: fc.constantFrom(...DEMAND_PERIODS_S),
    controlMode: fc.integer({ min: 0, max: 6 }),
    relays: fc.integer({ min: 1, max: 4 }),
    channels: fc.integer({ min: 1, max: 4 }),
    sag: fc.integer({ min: 1, max: 50 }),
    maxUpgrades: fc.option(fc.integer({ min: 1, max: 10000 })),
  })
  .map((r): TAnswers => {
    const a = defaultAnswers(baseline);
    const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = r.toggles as boolean[];
    a.contact = { name: "Test Person", email: "test@utility.example", company: "Utility", primeAllianceMember: !!t0, utilityFinalCustomer: "Customers" };
    a.electrical.phases = r.phases;
    a.electrical.wiring = r.phases === 1 ? "two-wire" : r.threeWire ? "three-wire" : "four-wire";
    a.electrical.connection = r.phases === 1 && r.connection === "current-voltage-transformer" ? "direct" : r.connection;
    a.communication.plc = { enabled: r.plc || !r.cellular, profiles: r.plcProfiles };
    a.communication.cellular = { ...a.communication.cellular, enabled: r.cellular, pushOnAlarm: r.pushOnAlarm, pushOnInterval: r.pushOnInterval };
    a.communication.optical.enabled = r.optical;
    const enabled = (["optical", "plc", "cellular"] as const).filter((p) => a.communication[p].enabled);
    for (const id of ["public", "reading", "management", "firmware", "limitedRemote", "broadcast"] as const) {
      const allowed = baseline.index.clients.get(id)!.ports.allowed.filter((p) => enabled.includes(p));
      a.clients[id].ports = allowed.length > 0 ? allowed : ["plc"];
    }
    a.clients.firmware.enabled = r.optionalClients.firmware;
    a.clients.limitedRemote.enabled = r.optionalClients.limitedRemote;
    a.clients.broadcast.enabled = r.optionalClients.broadcast;
    a.security = r.security;
    // The pre-established Broadcast client never authenticates.
    a.security.broadcast = { ...r.security.broadcast, authentication: "none" };
    a.events = { optionalLogs: r.optionalLogs, omittedEvents: r.omittedEvents };
    // A single-phase meter refuses what only three phases have: drawn answers keep to what it has.
    a.alarms.raised = r.phases === 1 ? r.raised.filter((id) => !threePhaseAlarms.has(id)) : r.raised;
    const m = a.metering;
    m.energy = { quantities: r.quantities, tariffRates: r.tariffRates };
    m.demand = { enabled: !!t1, integrationPeriodS: r.demandPeriodS, maximumDemand: !!t2 };
    m.instantaneous = { powerFactor: !!t3, phaseAngles: !!t4 && r.phases === 3 };
    m.loadProfiles.profile1 = { ...m.loadProfiles.profile1, enabled: !!t5, capturePeriodS: r.capturePeriodS };
    m.loadProfiles.profile2.enabled = !!t6;
    m.billing.daily = !!t7;
    m.tou = { enabled: r.tariffRates > 1 || !!t8, seasons: 2, specialDays: !!t9 };
    m.disconnector = { enabled: !!t10, controlMode: r.controlMode, limiter: !!t11, scheduler: !!t12 };
    m.firmwareUpgrade.enabled = r.optionalClients.firmware || r.maxUpgrades !== null || !!t13;
    m.prepayment.enabled = !!t14;
    m.publicLighting = { enabled: !!t15, relays: r.relays };
    m.irms.enabled = !!t0;
    m.p1Port = { enabled: !!t1, encrypted: !!t2 };
    m.mbus = { enabled: !!t3, channels: r.channels };
    a.regulatory.powerQuality.sagThresholdPercent = r.sag;
    a.regulatory.firmware.maxUpgrades = r.maxUpgrades;
    return a;
  })
  .filter((a) => parseAnswers(a, baseline).ok);

describe("buildUserProfile on any valid answers", () => {
  test("gives a schema-valid, deterministic profile whose rights respect every client's role", () => {
    fc.assert(
      fc.property(answersArbitrary, (answers) => {
        const profile = buildUserProfile(answers, baseline);
        expect(validateProfileSchema(profile)).toEqual([]);
        expect(JSON.stringify(buildUserProfile(structuredClone(answers), baseline))).toBe(JSON.stringify(profile));
        for (const o of profile.objects) {
          for (const a of o.attributes) {
            if (a.secret) expect(Object.values(a.access).some((x) => x.includes("R"))).toBe(false);
            expect(a.access.public === "-" || a.access.public === "R").toBe(true);
            expect(a.access.reading === "-" || a.access.reading === "R").toBe(true);
          }
          if (answers.electrical.phases === 1) expect(o.phase === "L2" || o.phase === "L3").toBe(false);
        }
        const ids = new Set(profile.objects.map((o) => o.id));
        for (const c of profile.clients) expect(ids.has(c.associationObject.id)).toBe(true);
        for (const c of profile.clients.filter((x) => x.association === "pre-established")) {
          expect(c.authentication.mechanismId).toBe(0);
          expect(profile.objects.some((o) => o.attributes.some((a) => a.access[c.id]?.includes("R")))).toBe(false);
          expect(c.keys.map((k) => k.id)).not.toContain("dedicated-key");
        }
        for (const o of profile.objects) if (o.monitoredValue) expect(ids.has(o.monitoredValue.object)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
