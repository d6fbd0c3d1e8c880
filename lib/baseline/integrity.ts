import { classKey, type TBaseline } from "./load";
import { isPortKey, type TSelection } from "./schema";
import { answerPathExists } from "../questionnaire/fields";
import { RULE_OPERATORS, ruleOperators, ruleVariables } from "../rules/json-logic";
import { SECURITY_POLICIES } from "../vocabulary";

/**
 * Cross-references the schemas cannot express: every id a file names exists, ids and codes
 * are unique, conditions read real answers, per-phase objects follow the phases.
 * Returns the problems found; an empty list means the baseline is consistent.
 */
export function checkBaselineIntegrity(b: TBaseline): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);

  const duplicates = (where: string, values: (string | number)[]) => {
    const seen = new Set<string | number>();
    for (const v of values) {
      if (seen.has(v)) fail(where, `duplicate ${JSON.stringify(v)}`);
      seen.add(v);
    }
  };
  duplicates("objects", b.objects.map((o) => o.id));
  duplicates("objects (OBIS)", b.objects.map((o) => o.obis));
  duplicates("groups", b.groups.map((g) => g.id));
  duplicates("classes", b.classes.map((c) => classKey(c.classId, c.version)));
  duplicates("clients", b.clients.map((c) => c.id));
  duplicates("clients (SAP)", b.clients.map((c) => c.defaultSap));
  duplicates("access templates", b.accessTemplates.map((t) => t.id));
  duplicates("conditions", b.conditions.map((c) => c.id));
  duplicates("event logs", b.events.logs.map((l) => l.id));
  duplicates("events", b.events.events.map((e) => e.id));
  duplicates("events (code)", b.events.events.map((e) => e.code));
  const alarmBits = b.alarms.registers.flatMap((r) => r.bits);
  duplicates("alarm bits", [...alarmBits, ...b.alarms.errorRegister.bits].map((x) => x.id));
  for (const r of b.alarms.registers) duplicates(`alarm register ${r.id} (bit)`, r.bits.map((x) => x.bit));
  duplicates("error register (bit)", b.alarms.errorRegister.bits.map((x) => x.bit));

  const objectIds = b.index.objects;
  const eventIds = new Set(b.events.events.map((e) => e.id));
  const alarmIds = new Set(alarmBits.map((a) => a.id));
  const needObject = (where: string, id: string) => {
    if (!objectIds.has(id)) fail(where, `unknown object "${id}"`);
  };
  const needConditions = (where: string, when: string[] | undefined) => {
    for (const c of when ?? []) if (!b.index.conditions.has(c)) fail(where, `unknown condition "${c}"`);
  };
  const checkStatus = (where: string, status: string, when: string[] | undefined) => {
    if (status === "mandatory" && when) fail(where, "a mandatory item has no condition");
    if (status !== "mandatory" && !when) fail(where, `a ${status} item needs a condition (when)`);
    needConditions(where, when);
  };

  for (const c of b.conditions) {
    for (const op of ruleOperators(c.rule)) {
      if (!(RULE_OPERATORS as readonly string[]).includes(op)) fail(`condition ${c.id}`, `operator "${op}" is not allowed`);
    }
    for (const v of ruleVariables(c.rule)) if (!answerPathExists(v)) fail(`condition ${c.id}`, `reads unknown answer "${v}"`);
  }
  for (const d of b.answerDefaults) if (!answerPathExists(d.answer)) fail("answer-defaults", `unknown answer "${d.answer}"`);

  for (const o of b.objects) {
    const where = `object ${o.id}`;
    checkStatus(where, o.status, o.when);
    const cls = b.index.classes.get(classKey(o.classId, o.version));
    if (!cls) {
      fail(where, `class ${o.classId} version ${o.version} is not in classes.json`);
      continue;
    }
    const template = b.index.templates.get(o.access);
    if (!template) fail(where, `unknown access template "${o.access}"`);
    const attrIndices = new Set(cls.attributes.map((a) => a.index));
    const methodIndices = new Set(cls.methods.map((m) => m.index));
    const checkSelection = (what: string, sel: TSelection | undefined, indices: Set<number>, methods: boolean) => {
      if (sel === undefined) return;
      if (Array.isArray(sel)) {
        for (const i of sel) if (!indices.has(i)) fail(where, `${what} names ${methods ? "method" : "attribute"} ${i}, which class ${o.classId} v${o.version} lacks`);
      } else if (methods && (sel === "static" || sel === "dynamic")) {
        fail(where, `${what}: methods are selected by "none", "all" or indices`);
      }
    };
    const rightsToCheck = [
      ...(template ? Object.entries(template.rights) : []),
      ...Object.entries(o.accessOverrides ?? {}),
    ];
    for (const [client, rights] of rightsToCheck) {
      checkSelection(`${client} get`, rights?.get, attrIndices, false);
      checkSelection(`${client} set`, rights?.set, attrIndices, false);
      checkSelection(`${client} action`, rights?.action, methodIndices, true);
    }
    for (const p of o.parameters ?? []) {
      if (!attrIndices.has(p.attribute)) fail(where, `parameter ${p.id} sets attribute ${p.attribute}, which the class lacks`);
      if (!answerPathExists(p.answer)) fail(where, `parameter ${p.id} reads unknown answer "${p.answer}"`);
    }
    for (const c of o.captureObjects ?? []) {
      const captured = objectIds.get(c.object);
      if (!captured) {
        fail(where, `captures unknown object "${c.object}"`);
        continue;
      }
      const capturedClass = b.index.classes.get(classKey(captured.classId, captured.version));
      if (capturedClass && !capturedClass.attributes.some((a) => a.index === c.attribute)) {
        fail(where, `captures attribute ${c.attribute} of ${c.object}, which its class lacks`);
      }
    }
    const choices = o.monitoredValue ?? [];
    if (choices.length > 0 && o.classId !== 21 && o.classId !== 71) fail(where, "only register monitors (class 21) and limiters (class 71) have a monitored value");
    choices.forEach((choice, i) => {
      needConditions(where, choice.when);
      const last = i === choices.length - 1;
      if (last && choice.when) fail(where, "the last monitored value choice must have no condition, so that one always applies");
      if (!last && !choice.when) fail(where, "only the last monitored value choice may have no condition");
      const watched = objectIds.get(choice.object);
      const watchedClass = watched && b.index.classes.get(classKey(watched.classId, watched.version));
      if (!watched) fail(where, `monitors unknown object "${choice.object}"`);
      else if (watchedClass && !watchedClass.attributes.some((a) => a.index === choice.attribute)) {
        fail(where, `monitors attribute ${choice.attribute} of ${choice.object}, which its class lacks`);
      }
    });
    if (o.scalerUnitVariants && ![3, 4, 5].includes(o.classId)) fail(where, "only registers (classes 3, 4, 5) have scaler_unit variants");
    if ((o.phase === "L2" || o.phase === "L3") && !o.when?.includes("three-phase")) {
      fail(where, `a ${o.phase} object must have the three-phase condition`);
    }
    if (o.client && !b.index.clients.has(o.client)) fail(where, `unknown client "${o.client}"`);
  }

  for (const c of b.clients) {
    const where = `client ${c.id}`;
    for (const id of [c.associationObject, c.securitySetupObject, c.invocationCounterObject]) {
      if (!id) continue;
      needObject(where, id);
      if (objectIds.get(id)?.client !== c.id) fail(where, `object "${id}" must name this client in its client field`);
    }
    if (!c.authentication.allowed.includes(c.authentication.default)) fail(where, "default authentication is not allowed");
    for (const p of c.ports.default) if (!c.ports.allowed.includes(p)) fail(where, `default port ${p} is not allowed`);
    checkStatus(where, c.status, c.when);
    if (c.status === "optional" && c.defaultEnabled === undefined) fail(where, "an optional client needs defaultEnabled");
    if (c.id !== "public" && !c.defaultSecurity) fail(where, "a client that may be secured needs defaultSecurity");
    for (const g of c.limits.groups ?? []) if (!b.groups.some((x) => x.id === g)) fail(where, `unknown group "${g}"`);
    for (const id of c.limits.objects ?? []) needObject(where, id);
    if (c.limits.objects && !c.limits.groups) fail(where, "limits.objects extends limits.groups and needs it");
    if (c.association === "pre-established") {
      if (c.authentication.allowed.join() !== "none") fail(where, "a pre-established association has no authentication: allowed must be [none]");
      if (!c.defaultSecurity || c.defaultSecurity.securitySuite === null || c.defaultSecurity.securityPolicy === "none") {
        fail(where, "a pre-established association is protected only by ciphering: its default security needs a suite and a policy other than none");
      }
    }
  }
  for (const k of b.security.keys) {
    if (!isPortKey(k)) continue;
    needConditions(`key ${k.id}`, k.when);
    for (const id of k.objects) needObject(`key ${k.id}`, id);
  }
  for (const s of [0, 1, 2]) if (!b.security.suites.some((x) => x.id === s)) fail("security", `suite ${s} is missing`);
  for (const p of SECURITY_POLICIES) if (!b.security.policies.some((x) => x.id === p)) fail("security", `policy ${p} is missing`);

  const groupIds = new Set(b.events.groups.map((g) => g.id));
  const logIds = new Set(b.events.logs.map((l) => l.id));
  for (const l of b.events.logs) {
    const where = `event log ${l.id}`;
    if (!groupIds.has(l.group)) fail(where, `unknown event group "${l.group}"`);
    checkStatus(where, l.status, l.when);
    for (const id of [l.object, l.codeObject]) {
      needObject(where, id);
      const o = objectIds.get(id);
      if (o && JSON.stringify(o.when ?? []) !== JSON.stringify(l.when ?? [])) {
        fail(where, `object "${id}" must have the same condition as its log`);
      }
    }
  }
  for (const e of b.events.events) {
    const where = `event ${e.id}`;
    if (!logIds.has(e.log)) fail(where, `unknown log "${e.log}"`);
    if (e.status !== "mandatory" && !e.when && e.status !== "optional") fail(where, "a conditional event needs a condition");
    needConditions(where, e.when);
    if (e.alarm && !alarmIds.has(e.alarm)) fail(where, `unknown alarm "${e.alarm}"`);
  }
  for (const r of b.alarms.registers) {
    needObject(`alarm register ${r.id}`, r.object);
    needObject(`alarm register ${r.id}`, r.filterObject);
  }
  needObject("error register", b.alarms.errorRegister.object);
  needObject("alarm reset", b.alarms.reset.object);
  for (const bit of [...alarmBits, ...b.alarms.errorRegister.bits]) {
    checkStatus(`alarm bit ${bit.id}`, bit.status, bit.when);
    for (const e of [...bit.setBy, ...bit.clearedBy]) if (!eventIds.has(e)) fail(`alarm bit ${bit.id}`, `unknown event "${e}"`);
  }
  for (const id of b.amrStatus.objects) needObject("amr-status", id);
  for (const p of b.communication.profiles) {
    needConditions(`communication profile ${p.id}`, p.when);
    for (const id of p.objects) needObject(`communication profile ${p.id}`, id);
  }
  return problems;
}
