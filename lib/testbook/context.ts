import type { TUserProfile } from "../profile/schema";

/**
 * What the testbook's rules and {placeholders} can see of a user profile: maps keyed by id,
 * so that JSON Logic reads them with plain paths ({"var": "clients.firmware.sap"},
 * {"!!": {"var": "objects.image-transfer"}}) and texts with {clients.management.sap}.
 */
export type TCtxClient = {
  id: string;
  name: string;
  sap: number;
  authentication: string;
  authenticationName: string;
  mechanismId: number;
  lls: boolean;
  hls: boolean;
  secured: boolean;
  /** The association exists from the start: no AARQ, no authentication, unconfirmed requests only (the Broadcast client). */
  preEstablished: boolean;
  securitySuite: number | null;
  securityPolicy: string;
  securityPolicyName: string;
  ports: string;
  association: { id: string; obis: string };
  securitySetup: { id: string; obis: string } | null;
  invocationCounter: { id: string; obis: string } | null;
  keys: string;
};
export type TCtxObject = {
  id: string;
  name: string;
  obis: string;
  classId: number;
  className: string;
  version: number;
  group: string;
  phase: string | null;
  /** This object's parameter values by parameter id (ids repeat across objects, values here are unambiguous). */
  parameters: Record<string, string | number | boolean | null>;
  /** For profiles: the captured columns, as "name (OBIS) attribute n". */
  captureObjects: { object: string; obis: string; attribute: number; name: string }[];
  /** For limiters and register monitors: the value watched. */
  monitoredValue: { object: string; obis: string; classId: number; attribute: number; name: string } | null;
};
export type TCtxAccessItem = TCtxObject & {
  readable: string;
  writable: string;
  executable: string;
  notReadable: string;
  notWritable: string;
  notExecutable: string;
  /** The object is in the client's object_list (the client has at least one right on it). */
  listed: boolean;
};
export type TCtxAccess = { id: string; client: TCtxClient; group: { id: string; name: string }; objects: TCtxAccessItem[] };

export type TTestContext = {
  profile: { id: string; baseline: string; company: string };
  electrical: TUserProfile["electrical"];
  clients: Record<string, TCtxClient>;
  objects: Record<string, TCtxObject>;
  classes: Record<string, number>;
  groups: Record<string, number>;
  logs: Record<
    string,
    { id: string; name: string; obis: string; objectId: string; codeObis: string; codeObjectId: string; group: string; eventCount: number; firstEvent: { id: string; code: number; name: string } }
  >;
  events: Record<
    string,
    { id: string; code: number; name: string; description: string; log: string; logName: string; logObis: string; codeObis: string; alarm: string | null; alarmName: string | null; alarmBit: number | null; alarmRegisterObis: string | null }
  >;
  alarms: Record<string, { id: string; name: string; bit: number; register: string; registerObis: string; filterObis: string; raised: boolean; setBy: string; firstEvent: string }>;
  parameters: Record<string, string | number | boolean | null>;
  communication: Record<string, { id: string; family: string; name: string; standard: string }>;
  amr: Record<string, number>;
  errorRegisterObis: string;
};

const joinList = (labels: string[]) => (labels.length ? labels.join(", ") : "none");

export function testContext(profile: TUserProfile): TTestContext {
  const clients: Record<string, TCtxClient> = {};
  for (const c of profile.clients) {
    clients[c.id] = {
      id: c.id,
      name: c.name,
      sap: c.sap,
      authentication: c.authentication.level,
      authenticationName: c.authentication.name,
      mechanismId: c.authentication.mechanismId,
      lls: c.authentication.level === "lls",
      hls: c.authentication.level === "hls",
      secured: c.securitySuite !== null,
      preEstablished: c.association === "pre-established",
      securitySuite: c.securitySuite,
      securityPolicy: c.securityPolicy.id,
      securityPolicyName: c.securityPolicy.name,
      ports: c.ports.join(", "),
      association: c.associationObject,
      securitySetup: c.securitySetupObject ?? null,
      invocationCounter: c.invocationCounterObject ?? null,
      keys: c.keys.map((k) => k.name).join(", ") || "none",
    };
  }
  const objects: Record<string, TCtxObject> = {};
  const classes: Record<string, number> = {};
  const groups: Record<string, number> = {};
  const objectNames = new Map(profile.objects.map((o) => [o.id, o.name]));
  const objectParameters = new Map<string, Record<string, string | number | boolean | null>>();
  for (const p of profile.parameters) {
    objectParameters.set(p.object.id, { ...objectParameters.get(p.object.id), [p.id]: p.value as string | number | boolean | null });
  }
  for (const o of profile.objects) {
    objects[o.id] = {
      id: o.id,
      name: o.name,
      obis: o.obis,
      classId: o.classId,
      className: o.className,
      version: o.version,
      group: o.group,
      phase: o.phase ?? null,
      parameters: objectParameters.get(o.id) ?? {},
      captureObjects: (o.captureObjects ?? []).map((c) => ({ object: c.object, obis: c.obis, attribute: c.attribute, name: objectNames.get(c.object) ?? c.object })),
      monitoredValue: o.monitoredValue ? { ...o.monitoredValue, name: objectNames.get(o.monitoredValue.object) ?? o.monitoredValue.object } : null,
    };
    classes[o.classId] = (classes[o.classId] ?? 0) + 1;
    groups[o.group] = (groups[o.group] ?? 0) + 1;
  }
  const logs: TTestContext["logs"] = {};
  const events: TTestContext["events"] = {};
  const alarmOf = new Map(profile.alarms.registers.flatMap((r) => r.bits.map((b) => [b.id, { name: b.name, bit: b.bit, obis: r.object.obis }] as const)));
  for (const l of profile.events.logs) {
    const first = l.events[0];
    logs[l.id] = {
      id: l.id,
      name: l.name,
      obis: l.object.obis,
      objectId: l.object.id,
      codeObis: l.codeObject.obis,
      codeObjectId: l.codeObject.id,
      group: l.group.name,
      eventCount: l.events.length,
      firstEvent: first ? { id: first.id, code: first.code, name: first.name } : { id: "", code: 0, name: "" },
    };
    for (const e of l.events) {
      const alarm = e.alarm ? alarmOf.get(e.alarm) : undefined;
      events[e.id] = {
        id: e.id,
        code: e.code,
        name: e.name,
        description: e.description ?? e.name,
        log: l.id,
        logName: l.name,
        logObis: l.object.obis,
        codeObis: l.codeObject.obis,
        alarm: e.alarm ?? null,
        alarmName: alarm?.name ?? null,
        alarmBit: alarm?.bit ?? null,
        alarmRegisterObis: alarm?.obis ?? null,
      };
    }
  }
  const alarms: TTestContext["alarms"] = {};
  for (const r of profile.alarms.registers) {
    for (const b of r.bits) {
      const setBy = b.setBy.map((id) => events[id]).filter((e) => e !== undefined);
      alarms[b.id] = {
        id: b.id,
        name: b.name,
        bit: b.bit,
        register: r.name,
        registerObis: r.object.obis,
        filterObis: r.filterObject.obis,
        raised: b.raised,
        setBy: setBy.map((e) => `${e.name} (code ${e.code})`).join(", ") || "none",
        firstEvent: setBy[0] ? `${setBy[0].name} (code ${setBy[0].code})` : "none",
      };
    }
  }
  const parameters: TTestContext["parameters"] = {};
  for (const p of profile.parameters) parameters[p.id] = p.value as string | number | boolean | null;
  const communication: TTestContext["communication"] = {};
  for (const c of profile.communication) communication[c.id] = { id: c.id, family: c.family, name: c.name, standard: c.standard };
  return {
    profile: { id: profile.id, baseline: `${profile.baseline.id} ${profile.baseline.version}`, company: profile.utility.company },
    electrical: profile.electrical,
    clients,
    objects,
    classes,
    groups,
    logs,
    events,
    alarms,
    parameters,
    communication,
    amr: Object.fromEntries(profile.amrStatus.bits.map((b) => [b.abbreviation, b.bit])),
    errorRegisterObis: profile.alarms.errorRegister.object.obis,
  };
}

type TRights = Omit<TCtxAccessItem, keyof TCtxObject>;
type TProfileObject = TUserProfile["objects"][number];
type TAccessKey = keyof TProfileObject["attributes"][number]["access"];

const label = (member: { index: number; name: string }) => `${member.index} (${member.name})`;

/** The rights of one client on one object, as lists of the attribute and method labels. */
function rightsOf(o: TProfileObject, key: TAccessKey, attributes: string[], methods: string[]): TRights {
  const readable: string[] = [];
  const notReadable: string[] = [];
  const writable: string[] = [];
  const notWritable: string[] = [];
  o.attributes.forEach((a, j) => {
    const access = a.access[key] ?? "-";
    (access === "R" || access === "RW" ? readable : notReadable).push(attributes[j]!);
    (access === "W" || access === "RW" ? writable : notWritable).push(attributes[j]!);
  });
  const executable: string[] = [];
  const notExecutable: string[] = [];
  o.methods.forEach((m, j) => (m.access[key] === "X" ? executable : notExecutable).push(methods[j]!));
  return {
    readable: joinList(readable),
    writable: joinList(writable),
    executable: joinList(executable),
    notReadable: joinList(notReadable),
    notWritable: joinList(notWritable),
    notExecutable: joinList(notExecutable),
    listed: readable.length + writable.length + executable.length > 0,
  };
}

/**
 * Objects with the same attributes and methods (mostly those of one class), their labels, and
 * the rights lists written for them so far, each with a client and object that have those rights.
 */
type TShape = { object: TProfileObject; attributes: string[]; methods: string[]; rights: { object: TProfileObject; key: TAccessKey; lists: TRights }[] };

function sameMembers(a: TProfileObject, b: TProfileObject): boolean {
  if (a.attributes.length !== b.attributes.length || a.methods.length !== b.methods.length) return false;
  for (let j = 0; j < a.attributes.length; j++) {
    if (a.attributes[j]!.index !== b.attributes[j]!.index || a.attributes[j]!.name !== b.attributes[j]!.name) return false;
  }
  for (let j = 0; j < a.methods.length; j++) {
    if (a.methods[j]!.index !== b.methods[j]!.index || a.methods[j]!.name !== b.methods[j]!.name) return false;
  }
  return true;
}

/** Whether client ka has on object a the rights client kb has on b, an object with the same members. */
function sameRights(a: TProfileObject, ka: TAccessKey, b: TProfileObject, kb: TAccessKey): boolean {
  for (let j = 0; j < a.attributes.length; j++) if (a.attributes[j]!.access[ka] !== b.attributes[j]!.access[kb]) return false;
  for (let j = 0; j < a.methods.length; j++) if (a.methods[j]!.access[ka] !== b.methods[j]!.access[kb]) return false;
  return true;
}

function shapeOf(shapes: TShape[], o: TProfileObject): TShape {
  for (const shape of shapes) if (sameMembers(shape.object, o)) return shape;
  const shape: TShape = { object: o, attributes: o.attributes.map(label), methods: o.methods.map(label), rights: [] };
  shapes.push(shape);
  return shape;
}

function rightsIn(shape: TShape, o: TProfileObject, key: TAccessKey): TRights {
  for (const known of shape.rights) if (sameRights(known.object, known.key, o, key)) return known.lists;
  const lists = rightsOf(o, key, shape.attributes, shape.methods);
  shape.rights.push({ object: o, key, lists });
  return lists;
}

/**
 * The object's fields and a client's rights on it, in one literal: several times faster for the
 * thousands of items of a build than a spread, or than inheriting from the object, which turns
 * every object of a fresh context into a prototype.
 */
const accessItem = (o: TCtxObject, rights: TRights): TCtxAccessItem => ({
  id: o.id,
  name: o.name,
  obis: o.obis,
  classId: o.classId,
  className: o.className,
  version: o.version,
  group: o.group,
  phase: o.phase,
  parameters: o.parameters,
  captureObjects: o.captureObjects,
  monitoredValue: o.monitoredValue,
  readable: rights.readable,
  writable: rights.writable,
  executable: rights.executable,
  notReadable: rights.notReadable,
  notWritable: rights.notWritable,
  notExecutable: rights.notExecutable,
  listed: rights.listed,
});

/** One access-right item per client and object group: the objects with the rights to check. */
export function accessItems(profile: TUserProfile, ctx: TTestContext, groupNames: Record<string, string>): TCtxAccess[] {
  const keys = profile.clients.map((c) => c.id as TAccessKey);
  // A few hundred distinct lists among the thousands of clients and objects: objects mostly share
  // their members with others of their class, and clients their rights; each is written once.
  const shapes: TShape[] = [];
  const rights = profile.objects.map((o) => {
    const shape = shapeOf(shapes, o);
    return keys.map((key) => rightsIn(shape, o, key));
  });
  const items: TCtxAccess[] = [];
  profile.clients.forEach((client, k) => {
    const byGroup = new Map<string, TCtxAccessItem[]>();
    profile.objects.forEach((o, i) => {
      const item = accessItem(ctx.objects[o.id]!, rights[i]![k]!);
      const group = byGroup.get(o.group);
      if (group) group.push(item);
      else byGroup.set(o.group, [item]);
    });
    for (const [group, objects] of byGroup) {
      items.push({ id: `${client.id}.${group}`, client: ctx.clients[client.id]!, group: { id: group, name: groupNames[group] ?? group }, objects });
    }
  });
  return items;
}
