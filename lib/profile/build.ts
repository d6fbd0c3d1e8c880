import type { TBaseline, TObjectInGroup } from "../baseline/load";
import { isPortKey } from "../baseline/schema";
import { hashJson } from "../json/canonical";
import { getPath } from "../json/path";
import type { TAnswers } from "../questionnaire/answers";
import { parseAnswers, type TAnswerIssue } from "../questionnaire/parse";
import { compiledObjects } from "./compiled";
import { createConditionEvaluator, explainExclusion, type TConditionEvaluator } from "./conditions";
import {
  PROFILE_FORMAT_VERSION,
  type TConditionTrace,
  type TExcluded,
  type TProfileClient,
  type TProfileLog,
  type TProfileObject,
  type TProfileParameter,
  type TReason,
  type TUserProfile,
} from "./schema";

/** Version of the merge rules; part of the profile id, so a rule change gives new ids. */
export const ENGINE_VERSION = "1.2.0";

export class AnswersError extends Error {
  constructor(readonly issues: TAnswerIssue[]) {
    super(`The answers are invalid:\n${issues.map((i) => `- ${i.path}: ${i.question}: ${i.message}`).join("\n")}`);
    this.name = "AnswersError";
  }
}

type TJson = TProfileParameter["value"];

/**
 * The questionnaire asks a load profile's depth in days; the meter holds it as profile_entries
 * (attribute 8 of class 7): days × entries per day, rounded up so that the days asked are kept.
 */
const LOAD_PROFILE_DEPTHS: Record<string, "profile1" | "profile2"> = { "load-profile-1": "profile1", "load-profile-2": "profile2" };
const PROFILE_ENTRIES_ATTRIBUTE = 8;

const ref = (o: { id: string; obis: string }) => ({ id: o.id, obis: o.obis });

/**
 * Merges a utility's answers with the PRIME+ baseline into its user profile. Pure and
 * deterministic: the same answers and baseline always give byte-identical JSON.
 * Throws AnswersError, listing every problem by question, when the answers are invalid.
 */
export function buildUserProfile(input: unknown, baseline: TBaseline): TUserProfile {
  const parsed = parseAnswers(input, baseline);
  if (!parsed.ok) throw new AnswersError(parsed.issues);
  const answers = parsed.answers;
  const conditions = createConditionEvaluator(answers, baseline);
  const excluded: TExcluded[] = [];
  const exclude: TExclude = (kind, item, failed, reason) =>
    excluded.push({ kind, id: item.id, name: item.name, status: item.status, reason: reason ?? explainExclusion(failed), conditions: failed.map((f) => f.id) });

  const clients = buildClients(answers, baseline, conditions, exclude);
  const clientIds = clients.map((c) => c.id);
  const clientKey = clientIds.join(",");

  const included = new Map<string, { object: TObjectInGroup; reason: TReason }>();
  for (const object of baseline.objects) {
    const inclusion = conditions.include(object.status, object.when);
    if (inclusion.included) included.set(object.id, { object, reason: inclusion.reason });
    else exclude("object", object, inclusion.failed);
  }
  const objectRef = (id: string) => {
    const o = included.get(id)?.object;
    if (!o) throw new Error(`Profile references object ${id}, which is not in the profile`);
    return ref(o);
  };

  const compiled = compiledObjects(baseline);
  const parameters: TProfileParameter[] = [];
  const objects: TProfileObject[] = [];
  for (const { object, reason } of included.values()) {
    const { cls, rows } = compiled.get(object.id)!;
    const values = new Map<number, TJson>();
    for (const p of object.parameters ?? []) {
      const value = (getPath(answers, p.answer) ?? null) as TJson;
      values.set(p.attribute, value);
      parameters.push({ id: p.id, name: p.name, object: ref(object), attribute: p.attribute, value, ...(p.unit ? { unit: p.unit } : {}), answer: p.answer });
    }
    const depth = LOAD_PROFILE_DEPTHS[object.id];
    if (depth) {
      const lp = answers.metering.loadProfiles[depth];
      const value = Math.ceil((lp.depthDays * 86400) / lp.capturePeriodS);
      values.set(PROFILE_ENTRIES_ATTRIBUTE, value);
      parameters.push({ id: "profileEntries", name: "Depth (profile entries)", object: ref(object), attribute: PROFILE_ENTRIES_ATTRIBUTE, value, answer: `metering.loadProfiles.${depth}.depthDays` });
    }
    const { attributes, methods } = rows(clientIds, clientKey);
    objects.push({
      id: object.id,
      name: object.name,
      obis: object.obis,
      classId: object.classId,
      className: cls.name,
      version: object.version,
      group: object.group,
      status: object.status,
      reason,
      ...(object.client ? { client: object.client } : {}),
      ...(object.phase ? { phase: object.phase } : {}),
      ...(object.description ? { description: object.description } : {}),
      ...(object.scalerUnit ? { scalerUnit: object.scalerUnit } : {}),
      ...(object.scalerUnitVariants
        ? { scalerUnitVariants: object.scalerUnitVariants.map((v) => ({ medium: v.medium, deviceTypes: v.deviceTypes, scaler: v.scaler, unit: v.unit, description: v.description })) }
        : {}),
      ...monitoredValue(object, conditions, objectRef, baseline),
      attributes: values.size === 0 ? attributes : attributes.map((a) => (values.has(a.index) ? { ...a, value: values.get(a.index) } : a)),
      methods,
      ...(object.captureObjects
        ? {
            captureObjects: object.captureObjects
              .filter((c) => included.has(c.object))
              .map((c) => ({ object: c.object, obis: objectRef(c.object).obis, attribute: c.attribute })),
          }
        : {}),
      provenance: object.provenance,
    });
  }

  const logs = buildLogs(answers, baseline, conditions, objectRef, exclude);
  const includedEvents = new Set(logs.flatMap((l) => l.events.map((e) => e.id)));
  const alarms = buildAlarms(answers, baseline, conditions, objectRef, includedEvents, exclude);
  const includedAlarms = new Set(alarms.registers.flatMap((r) => r.bits.map((b) => b.id)));
  for (const log of logs) {
    for (const event of log.events) if (event.alarm && !includedAlarms.has(event.alarm)) delete event.alarm;
  }

  const communication = baseline.communication.profiles.flatMap((p) => {
    const inclusion = conditions.include("conditional", p.when);
    if (!inclusion.included) {
      exclude("communication-profile", { id: p.id, name: p.name, status: "conditional" }, inclusion.failed);
      return [];
    }
    return [{
      id: p.id,
      family: p.family,
      name: p.name,
      standard: p.standard,
      reason: inclusion.reason,
      layers: p.layers,
      objects: p.objects.filter((id) => included.has(id)).map(objectRef),
      addressing: p.addressing,
      clients: clients.filter((c) => c.ports.includes(p.family)).map((c) => ({ id: c.id, sap: c.sap })),
    }];
  });

  const usedSuites = new Set(clients.map((c) => c.securitySuite).filter((s) => s !== null));
  const answersHash = hashJson(answers);
  const profile: TUserProfile = {
    profileFormatVersion: PROFILE_FORMAT_VERSION,
    id: hashJson({ baseline: baseline.hash, answers: answersHash, engine: ENGINE_VERSION }),
    engineVersion: ENGINE_VERSION,
    baseline: { id: baseline.manifest.id, version: baseline.manifest.version, hash: baseline.hash },
    answers: { formatVersion: answers.formatVersion, hash: answersHash },
    utility: answers.contact,
    electrical: answers.electrical,
    summary: {
      clients: clients.length,
      objects: objects.length,
      logs: logs.length,
      events: includedEvents.size,
      alarms: includedAlarms.size,
      parameters: parameters.length,
      excluded: excluded.length,
    },
    clients,
    objects,
    events: { logs },
    alarms,
    amrStatus: {
      objects: baseline.amrStatus.objects.filter((id) => included.has(id)).map(objectRef),
      bits: baseline.amrStatus.bits.map((b) => ({ bit: b.bit, id: b.id, abbreviation: b.abbreviation, name: b.name, meaning: b.meaning })),
    },
    communication,
    parameters,
    security: {
      suites: baseline.security.suites
        .filter((s) => usedSuites.has(s.id))
        .map((s) => ({ id: s.id, name: s.name, authenticatedEncryption: s.authenticatedEncryption, symmetricKeyBits: s.symmetricKeyBits })),
      keys: baseline.security.keys.flatMap((k): TUserProfile["security"]["keys"] => {
        if (isPortKey(k)) {
          const used = conditions.include("conditional", k.when).included && k.objects.every((id) => included.has(id));
          return used ? [{ id: k.id, name: k.name, scope: k.scope, clients: [], objects: k.objects.map(objectRef), ...(k.fixedValue ? { fixedValue: k.fixedValue } : {}) }] : [];
        }
        const holders = clients.filter((c) => c.keys.some((x) => x.id === k.id)).map((c) => c.id);
        return holders.length > 0 ? [{ id: k.id, name: k.name, scope: k.scope, clients: holders }] : [];
      }),
      rules: baseline.security.rules.map((r) => ({ id: r.id, text: r.text })),
    },
    excluded,
    conditions: conditions.traces(),
  };
  return profile;
}

/** The value a limiter or register monitor watches: the first choice whose conditions hold. */
function monitoredValue(
  object: TObjectInGroup,
  conditions: TConditionEvaluator,
  objectRef: (id: string) => { id: string; obis: string },
  baseline: TBaseline,
): Pick<TProfileObject, "monitoredValue"> {
  const choice = object.monitoredValue?.find((c) => !c.when || conditions.include("conditional", c.when).included);
  if (!choice) return {};
  const watched = objectRef(choice.object);
  return { monitoredValue: { object: watched.id, obis: watched.obis, classId: baseline.index.objects.get(watched.id)!.classId, attribute: choice.attribute } };
}

type TExclude = (kind: TExcluded["kind"], item: { id: string; name: string; status: string }, failed: TConditionTrace[], reason?: string) => void;

function buildClients(answers: TAnswers, baseline: TBaseline, conditions: TConditionEvaluator, exclude: TExclude): TProfileClient[] {
  return baseline.clients.flatMap((client): TProfileClient[] => {
    const inclusion = conditions.include(client.status, client.when);
    if (!inclusion.included) {
      exclude("client", client, inclusion.failed);
      return [];
    }
    const answer = answers.clients[client.id];
    const security = client.id === "public" ? undefined : answers.security[client.id];
    const level = security?.authentication ?? "none";
    const suite = security?.securitySuite ?? null;
    const policyId = security?.securityPolicy ?? "none";
    const mechanism = baseline.security.authenticationMechanisms.find(
      (m) => m.authentication === level && (level !== "hls" || m.hlsMechanism === security?.hlsMechanism),
    );
    const policy = baseline.security.policies.find((p) => p.id === policyId);
    if (!mechanism || !policy) throw new Error(`Baseline lacks the mechanism or policy used by ${client.id}`);
    const keys = baseline.security.keys.flatMap((k) =>
      !isPortKey(k) &&
      ((k.requiredWhen === "secured" && suite !== null) || k.requiredWhen === level) &&
      (!k.associations || k.associations.includes(client.association))
        ? [k]
        : [],
    );
    const objectRef = (id: string | undefined) => {
      const o = id ? baseline.index.objects.get(id) : undefined;
      return o ? ref(o) : undefined;
    };
    const secured = suite !== null;
    const association = objectRef(client.associationObject)!;
    const securitySetup = secured ? objectRef(client.securitySetupObject) : undefined;
    const invocationCounter = secured ? objectRef(client.invocationCounterObject) : undefined;
    return [{
      id: client.id,
      name: client.name,
      role: client.role,
      status: client.status,
      reason: inclusion.reason,
      sap: answer.sap,
      association: client.association,
      ports: answer.ports,
      authentication: { level, mechanismId: mechanism.mechanismId, name: mechanism.name },
      applicationContext: secured
        ? { id: 3, name: "Logical name referencing with ciphering" }
        : { id: 1, name: "Logical name referencing without ciphering" },
      securitySuite: suite,
      securityPolicy: { id: policy.id, name: policy.name, securitySetupV0Value: policy.securitySetupV0Value, securitySetupV1Bits: policy.securitySetupV1Bits },
      keys: keys.map((k) => ({ id: k.id, name: k.name, scope: k.scope })),
      associationObject: association,
      ...(securitySetup ? { securitySetupObject: securitySetup } : {}),
      ...(invocationCounter ? { invocationCounterObject: invocationCounter } : {}),
      provenance: client.provenance,
    }];
  });
}

function buildLogs(
  answers: TAnswers,
  baseline: TBaseline,
  conditions: TConditionEvaluator,
  objectRef: (id: string) => { id: string; obis: string },
  exclude: TExclude,
): TProfileLog[] {
  const omitted = new Set(answers.events.omittedEvents);
  return baseline.events.logs.flatMap((log): TProfileLog[] => {
    const inclusion = conditions.include(log.status, log.when);
    const events = baseline.events.events.filter((e) => e.log === log.id);
    if (!inclusion.included) {
      exclude("log", log, inclusion.failed);
      for (const e of events) exclude("event", e, inclusion.failed, `left out with its log, the ${log.name}`);
      return [];
    }
    const group = baseline.events.groups.find((g) => g.id === log.group)!;
    return [{
      id: log.id,
      name: log.name,
      group: { id: group.id, number: group.number, name: group.name },
      status: log.status,
      reason: inclusion.reason,
      object: objectRef(log.object),
      codeObject: objectRef(log.codeObject),
      description: log.description,
      events: events.flatMap((e) => {
        if (omitted.has(e.id)) {
          exclude("event", e, [], "left out: the utility chose not to record this optional event");
          return [];
        }
        const eventInclusion = conditions.include(e.when ? "conditional" : "mandatory", e.when);
        if (!eventInclusion.included) {
          exclude("event", e, eventInclusion.failed);
          return [];
        }
        return [{
          id: e.id,
          code: e.code,
          name: e.name,
          status: e.status,
          reason: eventInclusion.reason,
          ...(e.alarm ? { alarm: e.alarm } : {}),
          ...(e.description ? { description: e.description } : {}),
        }];
      }),
    }];
  });
}

function buildAlarms(
  answers: TAnswers,
  baseline: TBaseline,
  conditions: TConditionEvaluator,
  objectRef: (id: string) => { id: string; obis: string },
  includedEvents: Set<string>,
  exclude: TExclude,
): TUserProfile["alarms"] {
  const raised = new Set(answers.alarms.raised);
  const bits = <T extends TBaseline["alarms"]["errorRegister"]["bits"][number]>(list: T[], kind: TExcluded["kind"]) =>
    list.flatMap((bit) => {
      const inclusion = conditions.include(bit.status, bit.when);
      if (!inclusion.included) {
        exclude(kind, bit, inclusion.failed);
        return [];
      }
      return [{
        bit: bit.bit,
        id: bit.id,
        name: bit.name,
        reason: inclusion.reason,
        setBy: bit.setBy.filter((e) => includedEvents.has(e)),
        clearedBy: bit.clearedBy.filter((e) => includedEvents.has(e)),
        ...(bit.description ? { description: bit.description } : {}),
      }];
    });
  return {
    registers: baseline.alarms.registers.map((r) => {
      const registerBits = bits(r.bits, "alarm").map((b) => ({ ...b, raised: raised.has(b.id) }));
      return {
        id: r.id,
        name: r.name,
        object: objectRef(r.object),
        filterObject: objectRef(r.filterObject),
        filterMask: registerBits.reduce((mask, b) => (b.raised ? mask + 2 ** b.bit : mask), 0),
        bits: registerBits,
      };
    }),
    errorRegister: { object: objectRef(baseline.alarms.errorRegister.object), bits: bits(baseline.alarms.errorRegister.bits, "error-bit") },
    reset: { description: baseline.alarms.reset.description, object: objectRef(baseline.alarms.reset.object), attribute: baseline.alarms.reset.attribute },
  };
}
