import { encodeData } from "../../dlms/axdr/codec";
import { d, type TData } from "../../dlms/axdr/data";
import type { TAttributeRef } from "../../dlms/xdlms/descriptors";
import type { TCheckOptions } from "../test-run";
import type { Association, TClientResult } from "../../dlms/client";
import { accessAllows, methodAllowed } from "../../dlms/cosem/object-list";
import { dataAccessResultName, actionResultName } from "../../dlms/xdlms/results";
import type { TProfileObject } from "../../profile/schema";
import { inClientView } from "../../profile/view";
import { canRead, canWrite, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import type { TReading } from "../readings";
import { entrySelection } from "../../dlms/cosem/selective-access";
import { energyRegisterOf } from "../../dlms/cosem/obis-roles";
import { answeredClient, answeredClients, associationOf, boundClient, clientName, CURRENT_ASSOCIATION, DENIED, readData, readingText, ref, refText, refusal, requiredObjects, type TProcedure } from "./util";

/**
 * Access rights (testbook chapter "access-rights"): every right the matrix grants is exercised
 * (GET of every readable attribute, SET of every writable one by writing back the value just read)
 * and every right it denies is probed and must be refused with the right code: object-undefined
 * for an object outside the client's view, read-write-denied inside it. Denied methods are probed
 * only with a parameter the meter must refuse (a visible-string where methods take numbers).
 */
const PROBE_PARAMETER = d.visible("prime-plus access probe");

/**
 * Attributes not written back: setting the clock to a value just read moves it back (its own tests
 * set it), and writing a profile's capture_objects or capture_period clears its buffer (Blue Book,
 * class 7), which would erase the meter's history.
 */
const notWrittenBack = (o: TProfileObject, attribute: number) => (o.classId === 8 && attribute === 2) || (o.classId === 7 && (attribute === 3 || attribute === 4));

function expectedDenial(o: TProfileObject, client: TClientId): number {
  return inClientView(o, client) ? DENIED.readWriteDenied : DENIED.objectUndefined;
}

/** GET of every attribute of the objects: readable ones must answer, the others must be refused with the right code. */
async function probeReads(env: TRunEnvironment, run: TestRun, client: TClientId, objects: TProfileObject[], step?: number): Promise<void> {
  const refs = objects.flatMap((o) => o.attributes.map((a) => ref(o, a.index)));
  const readings = await readForRights(env, client, refs);
  const name = clientName(env, client);
  let i = 0;
  for (const o of objects) {
    for (const a of o.attributes) {
      const r = readings[i++]!;
      const title = `${name}: GET ${o.obis} attribute ${a.index} (${a.name})`;
      const options = { client, evidence: r.evidence, requirements: [`right:${client}:${o.id}`], ...(step ? { step } : {}) };
      if ("error" in r) {
        run.inconclusive(title, `not read: ${r.error.message}`, options);
        continue;
      }
      if (canRead(a.access[client])) {
        run.expect(r.result.ok, title, `read: ${readingText(r)}`, `refused with ${r.result.ok ? "" : dataAccessResultName(r.result.code)}; the profile grants R`, options);
      } else {
        const want = expectedDenial(o, client);
        if (r.result.ok) run.fail(title, `answered a value; the profile denies the read${a.secret ? " of this secret" : ""}`, options);
        else run.expect(r.result.code === want, title, `refused with ${dataAccessResultName(want)}`, `refused with ${dataAccessResultName(r.result.code)}; expected ${dataAccessResultName(want)}`, options);
      }
    }
  }
}

/**
 * The readings that show a client's read rights: profile buffers by selective access to their
 * first entry (the right is the same, the bytes a whole buffer would cost on a slow link are not),
 * unless the run has read the whole buffer already; everything else through the shared readings.
 */
async function readForRights(env: TRunEnvironment, client: TClientId, refs: TAttributeRef[]): Promise<TReading[]> {
  const isBuffer = (r: TAttributeRef) => r.classId === 7 && r.attribute === 2 && !env.readings.cached(client, r);
  const shared = await env.readings.read(client, refs.filter((r) => !isBuffer(r)));
  const buffers = new Map<string, TReading>();
  const a = refs.some(isBuffer) ? await env.sessions.get(client) : undefined;
  for (const r of refs.filter(isBuffer)) {
    const from = env.traffic.length;
    const got = a?.ok ? await a.value.getResult(r, entrySelection(1, 1)) : a && !a.ok ? a : undefined;
    buffers.set(r.obis, got === undefined ? { error: { kind: "link", code: "closed", message: "not read" }, evidence: [from, from] } : got.ok ? { result: got.value, evidence: [from, env.traffic.length] } : { error: got.error, evidence: [from, env.traffic.length] });
  }
  let k = 0;
  return refs.map((r) => (isBuffer(r) && buffers.has(r.obis) ? buffers.get(r.obis)! : shared[k++]!));
}

/**
 * The value a denied SET carries: the value just read, so that only the right can make the meter
 * refuse it; for a long array or octet-string (an object list, a buffer), an empty one of the same
 * type, since the right is checked before the value and the long value would cost kilobytes on a
 * slow link for nothing.
 */
const LONG_VALUE = 256;
export function deniedProbe(value: TData): TData {
  if (encodeData(value).length <= LONG_VALUE) return value;
  if (value.type === "array") return d.array([]);
  if (value.type === "octet-string") return d.octets(new Uint8Array(0));
  return value;
}

/** The value to write back to an attribute: what this client read, else what the Management client reads. */
async function currentValue(env: TRunEnvironment, client: TClientId, o: TProfileObject, attribute: number): Promise<TData | undefined> {
  const own = readData(env.readings.cached(client, ref(o, attribute)));
  if (own) return own;
  if (!env.profile.clients.some((c) => c.id === "management") || !canRead(o.attributes.find((a) => a.index === attribute)?.access.management)) return undefined;
  return readData(await env.readings.value("management", ref(o, attribute)));
}

/**
 * SETs of values written back, several per request (SET-with-list) where the association allows
 * multiple references and the values are small: on a 9600-baud or PLC link a request per attribute
 * would dominate the run. A list the meter does not take is sent again one by one.
 */
const SET_LIST_SIZE = 10;

export async function setMany(a: Association, items: Array<{ attribute: TAttributeRef; value: TData }>): Promise<Array<TClientResult<number>>> {
  const lists = a.negotiated.conformance.has("multiple-references");
  const budget = Math.min(a.negotiated.maxPdu, 1024) - 64;
  const out: Array<TClientResult<number>> = [];
  let i = 0;
  while (i < items.length) {
    const batch: typeof items = [];
    let bytes = 0;
    while (lists && i + batch.length < items.length && batch.length < SET_LIST_SIZE) {
      const size = encodeData(items[i + batch.length]!.value).length + 16;
      if (bytes + size > budget) break;
      batch.push(items[i + batch.length]!);
      bytes += size;
    }
    if (batch.length > 1) {
      const r = await a.setWithList(batch);
      if (r.ok && r.value.length === batch.length) {
        out.push(...r.value.map((code) => ({ ok: true as const, value: code })));
        i += batch.length;
        continue;
      }
      if (!r.ok && r.error.kind === "link") {
        while (out.length < items.length) out.push(r);
        return out;
      }
    }
    for (const item of batch.length > 1 ? batch : [items[i]!]) {
      const r = await a.setResult(item.attribute, item.value);
      out.push(r);
      if (!r.ok && r.error.kind === "link") {
        while (out.length < items.length) out.push(r);
        return out;
      }
    }
    i += Math.max(1, batch.length);
  }
  return out;
}

/** SET of every attribute: writable ones take the value written back, the others must be refused. */
async function probeWrites(env: TRunEnvironment, run: TestRun, client: TClientId, objects: TProfileObject[], step?: number): Promise<void> {
  const a = await associationOf(env, run, client);
  if (!a) return;
  const name = clientName(env, client);
  const planned: Array<{ o: TProfileObject; attr: TProfileObject["attributes"][number]; value: TData; writable: boolean; title: string; options: TCheckOptions }> = [];
  for (const o of objects) {
    for (const attr of o.attributes) {
      const title = `${name}: SET ${o.obis} attribute ${attr.index} (${attr.name})`;
      const options = { client, requirements: [`right:${client}:${o.id}`], ...(step ? { step } : {}) };
      const writable = canWrite(attr.access[client]);
      if (writable && notWrittenBack(o, attr.index)) continue;
      const value = await currentValue(env, client, o, attr.index);
      if (!value) {
        if (writable) run.notRun(title, "the value to write back cannot be read by any client of the run", options);
        continue;
      }
      planned.push({ o, attr, value: writable ? value : deniedProbe(value), writable, title, options });
    }
  }
  const from = env.traffic.length;
  const results = await setMany(a, planned.map((p) => ({ attribute: ref(p.o, p.attr.index), value: p.value })));
  const evidence: [number, number] = [from, env.traffic.length];
  planned.forEach(({ o, writable, title, options: base }, k) => {
    const r = results[k]!;
    const options = { ...base, evidence };
    if (!r.ok && r.error.kind === "exception") {
      // An exception refuses the whole service (not in the association's conformance): not the answer the profile expects.
      run.fail(title, writable ? `refused: ${r.error.message}; the profile grants W` : `refused: ${r.error.message}, instead of data-access-result ${dataAccessResultName(expectedDenial(o, client))}`, options);
    } else if (!r.ok) run.inconclusive(title, `no answer: ${r.error.message}`, options);
    else if (writable) run.expect(r.value === 0, title, "the value written back was accepted", `refused with ${dataAccessResultName(r.value)}; the profile grants W`, options);
    else if (r.value === 0) run.fail(title, `accepted; the profile denies it`, options);
    else {
      const want = expectedDenial(o, client);
      run.expect(r.value === want, title, `refused with ${dataAccessResultName(want)}`, `refused with ${dataAccessResultName(r.value)}; expected ${dataAccessResultName(want)}`, options);
    }
  });
}

/** ACTION of every denied method with a parameter the meter must refuse. */
async function probeMethods(env: TRunEnvironment, run: TestRun, client: TClientId, objects: TProfileObject[], step?: number): Promise<void> {
  const a = await associationOf(env, run, client);
  if (!a) return;
  const name = clientName(env, client);
  for (const o of objects) {
    for (const m of o.methods) {
      if (m.access[client] === "X") continue;
      const title = `${name}: ACTION ${o.obis} method ${m.index} (${m.name}) with a parameter it must refuse`;
      const options = { client, requirements: [`right:${client}:${o.id}`], ...(step ? { step } : {}) };
      const r = await a.actionResult({ classId: o.classId, obis: o.obis, method: m.index }, PROBE_PARAMETER);
      const want = expectedDenial(o, client);
      if (!r.ok && r.error.kind === "exception") {
        run.fail(title, `refused: ${r.error.message}, instead of action-result ${actionResultName(want)}`, options);
        continue;
      }
      if (!r.ok) {
        run.inconclusive(title, `no answer: ${r.error.message}`, options);
        if (r.error.kind === "link") return;
        continue;
      }
      if (r.value.result === 0) run.fail(title, "accepted; the profile denies the method", options);
      else run.expect(r.value.result === want, title, `refused with ${actionResultName(want)}`, `refused with ${actionResultName(r.value.result)}; expected ${actionResultName(want)} (the meter checked the parameter before the right)`, options);
    }
  }
}

/** ACC-001: every right of one client on one object group. */
export const accessRights: TProcedure = async (env, run) => {
  const bound = answeredClient(env, run);
  if (!bound) return;
  const client = bound.id;
  const group = run.test.binding!.id.split(".")[1];
  const objects = env.profile.objects.filter((o) => o.group === group);
  await probeReads(env, run, client, objects, 1);
  await probeWrites(env, run, client, objects, 2);
  await probeMethods(env, run, client, objects, 3);
};

/** Secrets of a kind that no client may read: association secrets, local port passwords, GPRS PIN, PPP authentication. */
const SECRET_ATTRIBUTES: Record<string, (o: TProfileObject) => number[]> = {
  "ACC-004": (o) => (o.classId === 15 ? [7] : []),
  "ACC-005": (o) => (o.classId === 19 ? o.attributes.filter((a) => a.secret).map((a) => a.index) : []),
  "ACC-006": (o) => (o.classId === 45 ? o.attributes.filter((a) => a.secret).map((a) => a.index) : []),
  "ACC-007": (o) => (o.classId === 44 ? o.attributes.filter((a) => a.secret).map((a) => a.index) : []),
};

export const secretsUnreadable: TProcedure = async (env, run) => {
  const bound = answeredClient(env, run);
  if (!bound) return;
  const client = bound.id;
  const pick = SECRET_ATTRIBUTES[run.test.caseId] ?? ((o: TProfileObject) => o.attributes.filter((a) => a.secret).map((a) => a.index));
  const targets = env.profile.objects.flatMap((o) => pick(o).map((i) => ({ o, i })));
  if (run.test.caseId === "ACC-004") targets.unshift({ o: { ...env.profile.objects.find((o) => o.obis === CURRENT_ASSOCIATION)! }, i: 7 });
  const readings = await env.readings.read(client, targets.map((t) => ref(t.o, t.i)));
  targets.forEach((t, k) => {
    const r = readings[k]!;
    const title = `${clientName(env, client)}: GET ${t.o.obis} attribute ${t.i} (a secret)`;
    if ("error" in r) run.inconclusive(title, `not read: ${r.error.message}`, { client, evidence: r.evidence });
    else run.expect(!r.result.ok, title, `refused with ${refusal(r) !== undefined ? dataAccessResultName(refusal(r)!) : ""}`, "the secret was returned", { client, evidence: r.evidence });
  });
};

/** SEC-KEY-001: no client of the profile reads the bound client's password or HLS secret. */
export const clientSecretUnreadable: TProcedure = async (env, run) => {
  const owner = boundClient(env, run);
  const association = env.profile.objects.find((o) => o.obis === owner.associationObject.obis);
  if (!association) return;
  for (const c of answeredClients(env)) {
    const r = await env.readings.value(c.id, ref(association, 7));
    const title = `${c.name}: GET ${association.obis} attribute 7 (secret of the ${owner.name})`;
    if ("error" in r) run.inconclusive(title, `not read: ${r.error.message}`, { client: c.id, evidence: r.evidence });
    else run.expect(!r.result.ok, title, `refused with ${dataAccessResultName(refusal(r) ?? 0)}`, "the secret was returned", { client: c.id, evidence: r.evidence });
  }
};

/** SEC-KEY-002: no readable attribute of any object carries one of the bound client's keys. */
export const keysUnreadable: TProcedure = async (env, run) => {
  const owner = boundClient(env, run);
  const s = env.secrets.clients[owner.id];
  const keys = [s?.globalUnicastEncryptionKey, s?.globalAuthenticationKey, s?.globalBroadcastEncryptionKey, s?.hlsSecret].filter((k): k is string => !!k).map((k) => k.toLowerCase());
  if (keys.length === 0) {
    run.notRun(`${owner.name}: keys`, "the client has no key");
    return;
  }
  for (const c of answeredClients(env)) {
    const objects = env.profile.objects.filter((o) => inClientView(o, c.id));
    const refs = objects.flatMap((o) => o.attributes.filter((a) => canRead(a.access[c.id]) && a.index !== 1).map((a) => ref(o, a.index)));
    const readings = await env.readings.read(c.id, refs);
    const leaks = readings.flatMap((r, i) => {
      const v = readData(r);
      const text = v ? JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString("hex") : typeof x === "bigint" ? x.toString() : x)) : "";
      return keys.some((k) => text.includes(k)) ? [refText(refs[i]!)] : [];
    });
    run.expect(leaks.length === 0, `${c.name}: the ${owner.name}'s keys in ${refs.length} readable values`, "no value holds a key of the client", `a key of the ${owner.name} is readable in ${leaks.join(", ")}`, { client: c.id });
  }
};

/** ACC-008: the Reading client writes nothing and executes nothing. */
export const readingNeverWrites: TProcedure = async (env, run) => {
  if (!env.profile.clients.some((c) => c.id === "reading")) return;
  const objects = env.profile.objects.filter((o) => inClientView(o, "reading"));
  const a = await associationOf(env, run, "reading");
  if (!a) return;
  await probeDeniedWrites(env, run, a, "reading", objects);
  await probeMethods(env, run, "reading", objects);
};

/** Denied SETs with the current value, whatever the matrix says: for clients that must never write. */
async function probeDeniedWrites(env: TRunEnvironment, run: TestRun, a: Association, client: TClientId, objects: TProfileObject[]): Promise<void> {
  const planned: Array<{ o: TProfileObject; index: number; name: string; value: TData }> = [];
  for (const o of objects) {
    for (const attr of o.attributes) {
      const value = await currentValue(env, client, o, attr.index);
      if (value) planned.push({ o, index: attr.index, name: attr.name, value: deniedProbe(value) });
    }
  }
  const from = env.traffic.length;
  const results = await setMany(a, planned.map((p) => ({ attribute: ref(p.o, p.index), value: p.value })));
  const evidence: [number, number] = [from, env.traffic.length];
  planned.forEach(({ o, index, name }, k) => {
    const r = results[k]!;
    const title = `${clientName(env, client)}: SET ${o.obis} attribute ${index} (${name})`;
    if (!r.ok) run.inconclusive(title, `no answer: ${r.error.message}`, { client, evidence });
    else run.expect(r.value !== 0, title, `refused with ${dataAccessResultName(r.value)}`, `accepted; the profile denies it`, { client, evidence, requirements: [`right:${client}:${o.id}`] });
  });
}

/** ACC-009: the Public client reads no energy register and no load or billing profile. */
export const publicNoMeteringData: TProcedure = async (env, run) => {
  const metering = env.profile.objects.filter((o) => (o.classId === 7 && /^(1-0:99\.|0-0:98\.)/.test(o.obis)) || energyRegisterOf(o.obis, o.classId) !== null);
  const readings = await env.readings.read("public", metering.map((o) => ref(o, 2)));
  metering.forEach((o, i) => {
    const r = readings[i]!;
    const title = `Public client: GET ${o.obis} attribute 2 (${o.name})`;
    if ("error" in r) run.inconclusive(title, `not read: ${r.error.message}`, { client: "public", evidence: r.evidence });
    else run.expect(!r.result.ok, title, `refused with ${dataAccessResultName(refusal(r) ?? 0)}`, "answered metering data; the profile gives the Public client none", { client: "public", evidence: r.evidence });
  });
};

/** ACC-010: the Firmware client sees firmware objects and what every client needs to discover the meter, nothing else. */
export const firmwareClientScope: TProcedure = async (env, run) => {
  if (!env.profile.clients.some((c) => c.id === "firmware")) return;
  const list = await env.readings.objectList("firmware");
  if (!list.list) {
    run.inconclusive("Firmware client: object list", `not read: ${list.error?.message}`, { client: "firmware", evidence: list.evidence });
    return;
  }
  const outside = list.list.filter((e) => {
    const o = env.profile.objects.find((x) => x.obis === e.obis);
    return !o || !inClientView(o, "firmware");
  });
  run.expect(outside.length === 0, "Firmware client: object list", `${list.list.length} objects, all in the profile's firmware view`, `lists objects outside its view: ${outside.map((e) => e.obis).join(", ")}`, { client: "firmware", evidence: list.evidence });
  const metering = env.profile.objects.filter((o) => energyRegisterOf(o.obis, o.classId) !== null).slice(0, 5);
  const readings = await env.readings.read("firmware", metering.map((o) => ref(o, 2)));
  metering.forEach((o, i) => run.expect(!("result" in readings[i]! && readings[i]!.result.ok), `Firmware client: GET ${o.obis} attribute 2`, "refused", "answered metering data", { client: "firmware", evidence: readings[i]!.evidence }));
};

/** ACC-011: the association's object_list lists exactly the client's view, with its classes, versions and rights. */
export const objectListExact: TProcedure = async (env, run) => {
  const client = answeredClient(env, run);
  if (!client) return;
  const canList = env.profile.objects.some((o) => o.obis === CURRENT_ASSOCIATION && canRead(o.attributes.find((a) => a.index === 2)?.access[client.id]));
  const title = `${client.name}: object_list`;
  const r = await env.readings.objectList(client.id);
  if (!r.list) {
    if (canList) run.fail(title, `not returned: ${r.error?.message}`, { client: client.id, evidence: r.evidence });
    else run.notRun(title, "the profile gives this client no read right on the current association", { client: client.id });
    return;
  }
  const version = r.list.find((e) => e.obis === CURRENT_ASSOCIATION)?.version ?? 1;
  const listed = new Map(r.list.map((e) => [e.obis, e]));
  const evidence = r.evidence;
  for (const o of env.profile.objects) {
    const inView = inClientView(o, client.id);
    const e = listed.get(o.obis);
    listed.delete(o.obis);
    if (!inView) {
      if (e) run.fail(`${client.name}: ${o.obis} in the object list`, `object ${o.obis} is listed in the ${client.name}'s object list; the profile gives it no right`, { client: client.id, evidence, requirements: [`right:${client.id}:${o.id}`] });
      continue;
    }
    const t = `${client.name}: ${o.obis} (${o.name}) in the object list`;
    const options = { client: client.id, evidence, requirements: [`object:${o.id}`, `right:${client.id}:${o.id}`] };
    if (!e) {
      run.fail(t, `object ${o.obis} missing from the ${client.name}'s object list`, options);
      continue;
    }
    const problems: string[] = [];
    if (e.classId !== o.classId || e.version !== o.version) problems.push(`class ${e.classId} version ${e.version}, the profile says class ${o.classId} version ${o.version}`);
    for (const a of o.attributes) {
      const got = e.attributes.find((x) => x.index === a.index);
      const want = a.access[client.id] ?? "-";
      const gotLetters = got ? `${accessAllows(got.access, version, "read") ? "R" : ""}${accessAllows(got.access, version, "write") ? "W" : ""}` || "-" : "absent";
      if (gotLetters !== want) problems.push(`attribute ${a.index} ${gotLetters}, the profile says ${want}`);
    }
    for (const m of o.methods) {
      const got = e.methods.find((x) => x.index === m.index);
      const gotLetter = got ? (methodAllowed(got.access, version) ? "X" : "-") : "absent";
      if (gotLetter !== (m.access[client.id] ?? "-")) problems.push(`method ${m.index} ${gotLetter}, the profile says ${m.access[client.id] ?? "-"}`);
    }
    run.expect(problems.length === 0, t, `class ${e.classId} version ${e.version}, rights as the profile`, problems.join("; "), options);
  }
  for (const e of listed.values()) {
    run.fail(`${client.name}: ${e.obis} in the object list`, `object ${e.obis} (class ${e.classId}) is listed in the ${client.name}'s object list but is not in the profile`, { client: client.id, evidence });
  }
};

/**
 * ALM-004, BILL-010, IRMS-007 and the like: what the profile lets only the Management client
 * change (attributes it may write, methods it may run) is refused to every other client that sees
 * the object, and the value stays as it was.
 */
export const reservedToManagement: TProcedure = async (env, run) => {
  const objects = requiredObjects(env, run);
  for (const client of env.profile.clients) {
    if (client.id === "management" || client.association === "pre-established") continue;
    const visible = objects.filter((o) => inClientView(o, client.id));
    const writes = visible.flatMap((o) => o.attributes.filter((a) => canWrite(a.access.management) && !canWrite(a.access[client.id]) && !notWrittenBack(o, a.index)).map((a) => ({ o, a })));
    const methods = visible.flatMap((o) => o.methods.filter((m) => m.access.management === "X" && m.access[client.id] !== "X").map((m) => ({ o, m })));
    if (writes.length + methods.length === 0) continue;
    const a = await associationOf(env, run, client.id);
    if (!a) continue;
    for (const { o, a: attr } of writes) {
      const title = `${client.name}: SET ${o.obis} attribute ${attr.index} (${attr.name}), reserved to the Management client`;
      const options = { client: client.id, requirements: [`right:${client.id}:${o.id}`] };
      const value = await currentValue(env, client.id, o, attr.index);
      if (!value) {
        run.notRun(title, "no client of the run reads the value to write back", options);
        continue;
      }
      const r = await a.setResult(ref(o, attr.index), value);
      if (!r.ok) {
        run.inconclusive(title, `no answer: ${r.error.message}`, options);
        if (r.error.kind === "link") break;
        continue;
      }
      run.expect(r.value !== 0, title, `refused with ${dataAccessResultName(r.value)}`, `${client.name}: SET ${o.obis} attribute ${attr.index} accepted; the profile denies it`, options);
    }
    for (const { o, m } of methods) {
      const title = `${client.name}: ACTION ${o.obis} method ${m.index} (${m.name}), reserved to the Management client`;
      const r = await a.actionResult({ classId: o.classId, obis: o.obis, method: m.index }, PROBE_PARAMETER);
      if (!r.ok) {
        run.inconclusive(title, `no answer: ${r.error.message}`, { client: client.id });
        if (r.error.kind === "link") break;
        continue;
      }
      run.expect(r.value.result !== 0, title, `refused with ${actionResultName(r.value.result)}`, `${client.name}: ACTION ${o.obis} method ${m.index} accepted; the profile denies it`, { client: client.id, requirements: [`right:${client.id}:${o.id}`] });
    }
  }
};

/**
 * COMM-OBJ-001, COMM-PLC-001, PAY-001: the client the test names (the Management client unless a
 * right says otherwise) reads every attribute of the objects it is about: readable ones answer
 * with data, the others are refused.
 */
export const objectsReadable: TProcedure = async (env, run) => {
  const objects = run.test.binding?.kind === "object" ? env.profile.objects.filter((o) => o.id === run.test.binding!.id) : requiredObjects(env, run);
  const named = run.test.requirements.find((r) => r.startsWith("right:"))?.split(":")[1] as TClientId | undefined;
  const client = env.profile.clients.find((c) => c.id === (named ?? "management")) ?? env.profile.clients.find((c) => c.id === "management");
  if (!client || objects.length === 0) return;
  await probeReads(env, run, client.id, objects);
};
