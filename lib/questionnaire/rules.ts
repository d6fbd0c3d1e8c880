import type { TBaseline } from "../baseline/load";
import { evaluateRule, ruleVariables } from "../rules/json-logic";
import { CLIENT_IDS, OPTIONAL_CLIENT_IDS, SECURED_CLIENT_IDS, type TClientId } from "../vocabulary";
import type { TAnswers } from "./answers";

/**
 * A problem found in an answers file: where, which question, and what is wrong in plain words.
 * A problem between two answers (a SAP used twice, a maximum below a minimum) also says how it
 * reads from the other answer, so that a form can show it on the one the person just changed.
 */
export type TAnswerProblem = { path: (string | number)[]; message: string; alternatives?: { path: (string | number)[]; message: string }[] };

const RESERVED_SAPS: Record<number, string> = { 127: "127 is the all-station (broadcast) address" };

export function isClientEnabled(answers: TAnswers, id: TClientId): boolean {
  return (OPTIONAL_CLIENT_IDS as readonly string[]).includes(id)
    ? (answers.clients[id] as { enabled?: boolean }).enabled === true
    : true;
}

/**
 * Cross-field rules of the answers, checked after the structure is valid. Answers of questions
 * that do not apply (for example the security of an optional client that is not used) are kept
 * but ignored, here and in the profile engine alike.
 */
export function checkAnswerRules(a: TAnswers, baseline: TBaseline): TAnswerProblem[] {
  const problems: TAnswerProblem[] = [];
  const add = (path: (string | number)[], message: string, alternatives?: TAnswerProblem["alternatives"]) =>
    problems.push(alternatives ? { path, message, alternatives } : { path, message });

  if (a.baseline.id !== baseline.manifest.id) {
    add(["baseline", "id"], `these answers are for the baseline "${a.baseline.id}"; this tool uses "${baseline.manifest.id}"`);
  } else if (a.baseline.version.split(".")[0] !== baseline.manifest.version.split(".")[0]) {
    add(["baseline", "version"], `these answers are for baseline version ${a.baseline.version}, which is not compatible with version ${baseline.manifest.version}`);
  }

  const e = a.electrical;
  if (e.phases === 1 && e.wiring !== "two-wire") add(["electrical", "wiring"], "a single-phase meter is wired two-wire");
  if (e.phases === 3 && e.wiring === "two-wire") add(["electrical", "wiring"], "a three-phase meter is wired three-wire or four-wire");
  if (e.maximumCurrentA < e.basicCurrentA) {
    add(["electrical", "maximumCurrentA"], `must not be lower than the basic current (${e.basicCurrentA} A)`, [
      { path: ["electrical", "basicCurrentA"], message: `must not be higher than the maximum current (${e.maximumCurrentA} A)` },
    ]);
  }
  if (e.phases === 1 && e.connection === "current-voltage-transformer") {
    add(["electrical", "connection"], "voltage transformers are used only with three-phase meters");
  }

  const c = a.communication;
  if (!c.plc.enabled && !c.cellular.enabled) {
    add(["communication", "plc", "enabled"], "choose at least one remote communication profile: PRIME PLC or cellular");
  }
  if (c.plc.enabled && c.plc.profiles.length === 0) add(["communication", "plc", "profiles"], "choose at least one PRIME PLC profile");
  if (new Set(c.plc.profiles).size !== c.plc.profiles.length) add(["communication", "plc", "profiles"], "a profile is listed twice");

  const saps = new Map<number, TClientId>();
  for (const id of CLIENT_IDS) {
    if (!isClientEnabled(a, id)) continue;
    const client = a.clients[id];
    const base = baseline.index.clients.get(id);
    const clash = saps.get(client.sap);
    if (clash) {
      add(["clients", id, "sap"], `SAP ${client.sap} is already used by the ${baseline.index.clients.get(clash)?.name ?? clash}`, [
        { path: ["clients", clash, "sap"], message: `SAP ${client.sap} is already used by the ${base?.name ?? id}` },
      ]);
    }
    saps.set(client.sap, id);
    const reserved = RESERVED_SAPS[client.sap];
    if (reserved) add(["clients", id, "sap"], `SAP ${reserved}`);
    if (new Set(client.ports).size !== client.ports.length) add(["clients", id, "ports"], "a port is listed twice");
    client.ports.forEach((port, i) => {
      if (base && !base.ports.allowed.includes(port)) {
        add(["clients", id, "ports", i], `the ${base.name} may use only: ${base.ports.allowed.join(", ")}`);
      } else if (!c[port].enabled) {
        add(["clients", id, "ports", i], `the ${port} port is not enabled in the communication profiles`);
      }
    });
  }
  if (a.clients.firmware.enabled && !a.metering.firmwareUpgrade.enabled) {
    add(["clients", "firmware", "enabled"], "the Firmware client needs the remote firmware upgrade function");
  }

  for (const id of SECURED_CLIENT_IDS) {
    if (!isClientEnabled(a, id)) continue;
    const s = a.security[id];
    const base = baseline.index.clients.get(id);
    const preEstablished = base?.association === "pre-established";
    if (base && !base.authentication.allowed.includes(s.authentication)) {
      add(
        ["security", id, "authentication"],
        preEstablished
          ? `the ${base.name}'s association is pre-established: it sends no AARQ and gets no reply, so it cannot authenticate with LLS or HLS; choose ${base.authentication.allowed.join(", ")}`
          : `the ${base.name} allows only: ${base.authentication.allowed.join(", ")}`,
      );
    }
    if (base && preEstablished && s.securityPolicy === "none") {
      add(["security", id, "securityPolicy"], `the ${base.name} does not authenticate, so its messages must be protected with the global broadcast key: choose a policy other than none`);
    }
    if (s.authentication === "hls" && s.securitySuite === null) {
      add(["security", id, "securitySuite"], "HLS authentication needs a security suite");
    }
    if (s.securityPolicy !== "none" && s.securitySuite === null) {
      add(["security", id, "securitySuite"], `the security policy "${s.securityPolicy}" needs a security suite and its keys`);
    }
    if (s.authentication === "hls") {
      const mechanism = baseline.security.authenticationMechanisms.find((m) => m.hlsMechanism === s.hlsMechanism);
      if (mechanism?.requiresSuite && s.securitySuite !== null && !mechanism.requiresSuite.includes(s.securitySuite)) {
        add(["security", id, "hlsMechanism"], `${mechanism.name} needs security suite ${mechanism.requiresSuite.join(" or ")}`);
      }
    }
  }

  const logs = new Map(baseline.events.logs.map((l) => [l.id, l]));
  a.events.optionalLogs.forEach((id, i) => {
    const log = logs.get(id);
    if (!log) add(["events", "optionalLogs", i], `"${id}" is not an event log of the baseline`);
    else if (log.status !== "optional") add(["events", "optionalLogs", i], `the ${log.name} is ${log.status}: it cannot be chosen or left out`);
  });
  if (new Set(a.events.optionalLogs).size !== a.events.optionalLogs.length) add(["events", "optionalLogs"], "a log is listed twice");
  const events = new Map(baseline.events.events.map((ev) => [ev.id, ev]));
  a.events.omittedEvents.forEach((id, i) => {
    const ev = events.get(id);
    if (!ev) add(["events", "omittedEvents", i], `"${id}" is not an event of the baseline`);
    else if (ev.status !== "optional") add(["events", "omittedEvents", i], `the event "${ev.name}" is ${ev.status}: it cannot be left out`);
  });
  const alarmBits = new Map(baseline.alarms.registers.flatMap((r) => r.bits.map((b) => [b.id, b] as const)));
  a.alarms.raised.forEach((id, i) => {
    const bit = alarmBits.get(id);
    if (!bit) add(["alarms", "raised", i], `"${id}" is not an alarm of the baseline`);
    else if (e.phases === 1 && needsThreePhases(bit.when)) add(["alarms", "raised", i], `the alarm "${bit.name}" needs a three-phase meter; this meter is single-phase`);
  });
  if (e.phases === 1) {
    for (const { condition, answers } of threePhaseOnlyAnswers(baseline)) {
      if (!evaluateRule(condition.rule, a)) continue;
      for (const path of answers) add(path.split("."), `only three-phase meters have what this answer adds (${condition.explanation}); this meter is single-phase`);
    }
  }
  if (new Set(a.alarms.raised).size !== a.alarms.raised.length) add(["alarms", "raised"], "an alarm is listed twice");

  const m = a.metering;
  if (new Set(m.energy.quantities).size !== m.energy.quantities.length) add(["metering", "energy", "quantities"], "a quantity is listed twice");
  if (m.energy.tariffRates > 1 && !m.tou.enabled) {
    add(["metering", "tou", "enabled"], `${m.energy.tariffRates} tariff rates need a time-of-use calendar to switch between them`, [
      { path: ["metering", "energy", "tariffRates"], message: "more than one tariff rate needs a time-of-use calendar to switch between them" },
    ]);
  }
  if (m.irms.enabled && m.irms.thresholdA > e.maximumCurrentA) {
    add(["metering", "irms", "thresholdA"], `must not exceed the maximum current (${e.maximumCurrentA} A)`, [
      { path: ["electrical", "maximumCurrentA"], message: `must not be lower than the Irms threshold (${m.irms.thresholdA} A)` },
    ]);
  }
  const lp = m.loadProfiles.profile1;
  if (lp.enabled && (lp.depthDays * 86400) / lp.capturePeriodS > 100000) {
    add(["metering", "loadProfiles", "profile1", "depthDays"], "more than 100000 entries: shorten the depth or lengthen the capture period");
  }

  const pq = a.regulatory.powerQuality;
  if (pq.missingVoltageThresholdPercent >= 100 - pq.sagThresholdPercent) {
    add(["regulatory", "powerQuality", "missingVoltageThresholdPercent"], `must be below the sag level (${100 - pq.sagThresholdPercent} % of nominal)`, [
      { path: ["regulatory", "powerQuality", "sagThresholdPercent"], message: `must leave the sag level above the missing voltage threshold (${pq.missingVoltageThresholdPercent} % of nominal)` },
    ]);
  }
  if (a.regulatory.firmware.maxUpgrades !== null && !m.firmwareUpgrade.enabled) {
    add(["regulatory", "firmware", "maxUpgrades"], "a limit on firmware upgrades needs the remote firmware upgrade function");
  }
  return problems;
}

/** The condition that marks an item as existing only on three-phase meters. */
const THREE_PHASE = "three-phase";
/** Whether an item with these conditions exists only on three-phase meters. */
export const needsThreePhases = (when: readonly string[] | undefined): boolean => when?.includes(THREE_PHASE) === true;

const threePhaseOnly = new WeakMap<TBaseline, { condition: TBaseline["conditions"][number]; answers: string[] }[]>();

/**
 * The conditions every one of whose items (objects, alarm bits, logs, events) also needs a
 * three-phase meter, with the answers they read: answering them yes on a single-phase meter asks
 * for things that meter cannot have (phase angles, for example), so it is an error rather than
 * something the profile would drop without a word.
 */
export function threePhaseOnlyAnswers(baseline: TBaseline): { condition: TBaseline["conditions"][number]; answers: string[] }[] {
  let found = threePhaseOnly.get(baseline);
  if (!found) {
    const whens = [
      ...baseline.objects.map((o) => o.when),
      ...baseline.alarms.registers.flatMap((r) => r.bits.map((b) => b.when)),
      ...baseline.alarms.errorRegister.bits.map((b) => b.when),
      ...baseline.events.logs.map((l) => l.when),
      ...baseline.events.events.map((ev) => ev.when),
    ].filter((w): w is string[] => w !== undefined);
    found = baseline.conditions
      // Answers on the meter itself (phases, wiring) have their own rules above.
      .filter((c) => !ruleVariables(c.rule).some((v) => v.startsWith("electrical.")))
      .filter((c) => {
        const items = whens.filter((w) => w.includes(c.id));
        return items.length > 0 && items.every(needsThreePhases);
      })
      .map((condition) => ({ condition, answers: ruleVariables(condition.rule) }));
    threePhaseOnly.set(baseline, found);
  }
  return found;
}
