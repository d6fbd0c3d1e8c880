import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import { dateTimeOctets, dateTimeOfData } from "../../dlms/cosem/selective-access";
import { formatObis } from "../../dlms/obis";
import { unwrapKey } from "../../dlms/security/key-wrap";
import { certificateRequest } from "../../dlms/security/certificate";
import { X509Certificate } from "node:crypto";
import type { Simulator } from "../simulator";
import type { TClientId } from "../../vocabulary";
import { RESULT, type TMethodOutcome, type TSimObject } from "./object";
import type { SimMeter } from "./meter";
import { actionInForce } from "./calendar";
import { remoteDisconnect, remoteReconnect } from "./disconnector";
import { dateTimeAt } from "../values/clock";
import { SCRIPT_TABLES } from "../values/references";

/**
 * What the simulated meter's methods do (Blue Book, the method descriptions of each interface
 * class). Each hook checks its parameter's type first: a wrong type is type-unmatched and changes
 * nothing, which is how a conformance runner probes a denied method safely.
 */
const ok = (returned?: TData): TMethodOutcome => (returned ? { result: RESULT.success, returned } : { result: RESULT.success });
const refused = (result: number = RESULT.typeUnmatched): TMethodOutcome => ({ result });

const integerParameter = (p: TData | undefined): number | null => (p && (p.type === "integer" || p.type === "long" || p.type === "unsigned" || p.type === "long-unsigned" || p.type === "double-long" || p.type === "double-long-unsigned") ? p.value : null);

function clockMethod(meter: SimMeter, method: number, p: TData | undefined): TMethodOutcome {
  const now = meter.meterTime();
  const shiftTo = (target: number) => {
    meter.shiftClock(target - now);
    return ok();
  };
  switch (method) {
    case 1: // adjust_to_quarter
      if (integerParameter(p) === null) return refused();
      return shiftTo(Math.round(now / 900_000) * 900_000);
    case 2: // adjust_to_measuring_period
      if (integerParameter(p) === null) return refused();
      return shiftTo(Math.round(now / 900_000) * 900_000);
    case 3: // adjust_to_minute
      if (integerParameter(p) === null) return refused();
      return shiftTo(Math.round(now / 60_000) * 60_000);
    case 6: {
      // shift_time: -900..900 s
      const s = integerParameter(p);
      if (s === null || p?.type !== "long" || s < -900 || s > 900) return refused();
      meter.shiftClock(s * 1000);
      return ok();
    }
    case 5: {
      // preset_adjusting_time: structure {preset_time, validity_interval_start, validity_interval_end}, date-times.
      if (p?.type !== "structure" || p.items.length !== 3) return refused();
      const [preset, from, to] = p.items.map((x) => {
        const dt = dateTimeOfData(x);
        return dt ? instantOfDateTime(dt) : null;
      });
      if (preset == null || from == null || to == null || to < from) return refused(RESULT.otherReason);
      meter.presetTime = { preset, from, to };
      return ok();
    }
    case 4: {
      // adjust_to_preset_time: only within the validity interval of the preset.
      if (integerParameter(p) === null) return refused();
      const preset = meter.presetTime;
      if (!preset || now < preset.from || now > preset.to) return refused(RESULT.temporaryFailure);
      delete meter.presetTime;
      return shiftTo(preset.preset);
    }
    default:
      return refused(RESULT.objectUndefined);
  }
}

function profileMethod(meter: SimMeter, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  if (integerParameter(p) === null) return refused();
  if (method === 1) {
    meter.resetBuffer(o.obis);
    meter.raise("load-profile-cleared");
    return ok();
  }
  if (method === 2) {
    meter.capture(o.obis);
    return ok();
  }
  return refused(RESULT.objectUndefined);
}

function disconnectMethod(meter: SimMeter, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  if (integerParameter(p) === null) return refused();
  if (method === 1) return remoteDisconnect(meter, o);
  if (method === 2) return remoteReconnect(meter, o);
  return refused(RESULT.objectUndefined);
}

/** Runs the actions of one script: writes of attributes (service 1) and method invocations (service 2). */
function runScript(meter: SimMeter, script: TData): void {
  const actions = script.type === "structure" ? script.items[1] : undefined;
  for (const a of actions?.type === "array" ? actions.items : []) {
    if (a.type !== "structure" || a.items.length < 5) continue;
    const [service, , ln, index, parameter] = a.items as [TData, TData, TData, TData, TData];
    if (ln.type !== "octet-string" || ln.value.length !== 6) continue;
    const target = formatObis(ln.value);
    const n = numberOf(index) ?? 0;
    if (numberOf(service) === 1) meter.writeValue(target, n, parameter);
    else meter.invoke(target, n, parameter, null);
  }
}

function scriptMethod(meter: SimMeter, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  const id = integerParameter(p);
  if (method !== 1 || id === null) return refused();
  const scripts = o.values.get(2);
  if (scripts?.type !== "array") return refused(RESULT.otherReason);
  const script = scripts.items.find((s) => s.type === "structure" && numberOf(s.items[0]!) === id);
  if (!script || script.type !== "structure") return refused(RESULT.otherReason);
  if (o.obis === SCRIPT_TABLES.billing) return closeBillingPeriod(meter, script);
  runScript(meter, script);
  return ok();
}

/** Billing period reset lockout (1-0:0.9.12.255, seconds) and the billing period counter and time stamp (IEC 62056-6-1, C=0 D=1). */
const BILLING_LOCKOUT = "1-0:0.9.12.255";
const BILLING_PERIOD_COUNTER = "1-0:0.1.0.255";
const BILLING_PERIOD_TIMESTAMP = "1-0:0.1.2.255";

/**
 * End of billing period (script table 0-0:10.0.1.255): refused with temporary-failure while the
 * reset lockout runs since the last closure, which the lockout exists to prevent (testbook BILL-003:
 * repeated commands must not close several periods in a row; white paper, Billing Period Reset:
 * "data billing period, timestamp of billing period last reset"); otherwise the period counter
 * counts one, its time stamp takes the meter time, then the script captures the billing profile
 * (and resets the maximum demands) and the closure is logged.
 */
function closeBillingPeriod(meter: SimMeter, script: TData): TMethodOutcome {
  const lockout = meter.objects.get(BILLING_LOCKOUT);
  const value = lockout?.values.get(2);
  const scaler = lockout?.values.get(3)?.type === "structure" ? numberOf((lockout.values.get(3) as { items: TData[] }).items[0] ?? d.i8(0)) ?? 0 : 0;
  const lockoutMs = value ? (numberOf(value) ?? 0) * 10 ** scaler * 1000 : 0;
  const since = meter.lastBillingClosure === undefined ? Infinity : meter.now() - meter.lastBillingClosure;
  if (since >= 0 && since < lockoutMs && !meter.deviations.has("billing-lockout-ignored")) return refused(RESULT.temporaryFailure);
  meter.lastBillingClosure = meter.now();
  if (!meter.deviations.has("billing-reset-not-counted")) {
    const counter = meter.objects.get(BILLING_PERIOD_COUNTER);
    const n = counter?.values.get(2);
    if (counter && n && numberOf(n) !== null) counter.values.set(2, { ...n, value: (numberOf(n)! + 1) % (n.type === "unsigned" ? 0x100 : n.type === "long-unsigned" ? 0x10000 : 0x1_0000_0000) } as TData);
    const stamp = meter.objects.get(BILLING_PERIOD_TIMESTAMP);
    const at = dateTimeAt(meter.meterTime(), meter.clockSettings());
    if (stamp) stamp.values.set(2, stamp.values.get(2)?.type === "date-time" ? d.dateTime(at) : dateTimeOctets(at));
  }
  runScript(meter, script);
  meter.raise("billing-reset");
  return ok();
}

function registerReset(o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  if (integerParameter(p) === null) return refused();
  if (method !== 1) return refused(RESULT.objectUndefined);
  const v = o.values.get(2);
  if (v && numberOf(v) !== null) o.values.set(2, { ...v, value: v.type === "long64" || v.type === "long64-unsigned" ? 0n : 0 } as TData);
  return ok();
}

function imageTransfer(sim: Simulator, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  const meter = sim.meter;
  const status = (s: number) => o.values.set(6, d.enum(s));
  const blockSize = numberOf(o.values.get(2) ?? d.u32(192)) ?? 192;
  const image = sim.firmware;
  // image_transfer_enabled (attribute 5) false: no transfer starts and no block is taken (Blue Book, class 18).
  const disabled = o.values.get(5)?.type === "boolean" && !(o.values.get(5) as { value: boolean }).value && !meter.deviations.has("image-transfer-ignores-disabled");
  if (method === 1) {
    // image_transfer_initiate: structure {image_identifier octet-string, image_size double-long-unsigned}
    if (p?.type !== "structure" || p.items[0]?.type !== "octet-string" || p.items[1]?.type !== "double-long-unsigned") return refused();
    if (disabled) return refused(RESULT.temporaryFailure);
    const size = p.items[1].value;
    if (size <= 0 || size > 16 * 1024 * 1024) return refused(RESULT.otherReason);
    image.transfer = { identification: p.items[0].value, size, blocks: new Map() };
    o.values.set(3, d.bits(""));
    o.values.set(4, d.u32(0));
    status(1);
    meter.raise("firmware-transfer-started");
    return ok();
  }
  const transfer = image.transfer;
  if (method === 2) {
    // image_block_transfer: structure {image_block_number double-long-unsigned, image_block_value octet-string}
    if (p?.type !== "structure" || p.items[0]?.type !== "double-long-unsigned" || p.items[1]?.type !== "octet-string") return refused();
    if (!transfer || disabled) return refused(RESULT.temporaryFailure);
    const n = p.items[0].value;
    const count = Math.ceil(transfer.size / blockSize);
    if (n >= count || p.items[1].value.length > blockSize) return refused(RESULT.otherReason);
    transfer.blocks.set(n, p.items[1].value);
    let bits = "";
    let first = -1;
    for (let i = 0; i < count; i++) {
      const has = transfer.blocks.has(i);
      bits += has ? "1" : "0";
      if (!has && first < 0) first = i;
    }
    o.values.set(3, d.bits(bits));
    o.values.set(4, d.u32(first < 0 ? count : first));
    return ok();
  }
  if (method === 3) {
    if (integerParameter(p) === null) return refused();
    if (!transfer) return refused(RESULT.temporaryFailure);
    const received = [...transfer.blocks.values()].reduce((n, b) => n + b.length, 0);
    const complete = transfer.blocks.size === Math.ceil(transfer.size / blockSize) && received === transfer.size;
    status(complete ? 3 : 4);
    if (complete) {
      o.values.set(7, d.array([d.struct(d.u32(transfer.size), d.octets(transfer.identification), d.octets([]))]));
      meter.raise("firmware-verified");
      return ok();
    }
    meter.raise("firmware-verification-failed");
    return refused(RESULT.otherReason);
  }
  if (method === 4) {
    if (integerParameter(p) === null) return refused();
    if (!transfer || numberOf(o.values.get(6) ?? d.enum(0)) !== 3) return refused(RESULT.temporaryFailure);
    const counter = numberOf(meter.readValue("0-0:96.2.128.255", 2) ?? d.u32(0)) ?? 0;
    const limit = numberOf(meter.readValue("0-0:96.2.129.255", 2) ?? d.u32(0xffffffff)) ?? 0xffffffff;
    if (counter >= limit) {
      status(7);
      meter.raise("firmware-limit-reached");
      return refused(RESULT.otherReason);
    }
    status(6);
    const counterObject = meter.objects.get("0-0:96.2.128.255");
    const stored = counterObject?.values.get(2);
    if (counterObject && stored) counterObject.values.set(2, { ...stored, value: counter + 1 } as TData);
    for (const obis of ["1-0:0.2.0.255", "0-0:0.2.1.255"]) {
      const target = meter.objects.get(obis);
      if (target) target.values.set(2, d.octets(transfer.identification));
    }
    const lastActivation = meter.objects.get("0-0:96.2.13.255");
    const clock = meter.readValue("0-0:1.0.0.255", 2);
    if (lastActivation && clock) lastActivation.values.set(2, clock);
    delete image.transfer;
    meter.raise("firmware-activated");
    return ok();
  }
  return refused(RESULT.objectUndefined);
}

/** key_transfer (security setup v1 method 2): array of {key_id enum, key_wrapped octet-string}, wrapped with the master key. */
function securitySetup(sim: Simulator, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  const owner = sim.ownerOf.get(o.obis);
  if (!owner) return refused(RESULT.objectUndefined);
  if (method === 1) {
    if (p?.type !== "enum") return refused();
    const policy = p.value;
    return policy === (o.version === 0 ? sim.profile.clients.find((c) => c.id === owner)?.securityPolicy.securitySetupV0Value : sim.profile.clients.find((c) => c.id === owner)?.securityPolicy.securitySetupV1Bits)
      ? ok()
      : refused(RESULT.otherReason);
  }
  if (method >= 4 && method <= 8) return certificateMethod(sim, owner, method, p);
  if (method !== 2) return refused(RESULT.otherReason);
  if (p?.type !== "array" || p.items.length === 0) return refused();
  const kinds = { 0: "unicast", 1: "broadcast", 2: "authentication", 3: "master" } as const;
  const unwrapped: Array<[(typeof kinds)[keyof typeof kinds], Uint8Array]> = [];
  for (const item of p.items) {
    if (item.type !== "structure" || item.items[0]?.type !== "enum" || item.items[1]?.type !== "octet-string") return refused();
    const kind = kinds[item.items[0].value as keyof typeof kinds];
    if (!kind) return refused(RESULT.otherReason);
    const key = unwrapKey(sim.security.meter.masterKey, item.items[1].value);
    if (!key.ok) return refused(RESULT.otherReason);
    unwrapped.push([kind, key.value]);
  }
  for (const [kind, key] of unwrapped) {
    if (kind === "master") sim.security.meter.masterKey = key;
    else sim.security.replaceKey(owner, kind, key);
  }
  if (unwrapped.some(([kind]) => kind === "master")) sim.meter.raise("master-key-changed");
  if (unwrapped.some(([kind]) => kind !== "master")) sim.meter.raise("key-changed");
  return ok();
}

/**
 * The certificate methods of security setup v1 (Blue Book, class 64): generate_key_pair (4) makes a
 * new meter signing key for the client's suite, with a new self-signed certificate;
 * generate_certificate_request (5) answers a PKCS#10 request for that key, for a CA to certify;
 * import (6), export (7) and remove (8) the client's or the meter's certificate. Key agreement (3)
 * is not simulated and answers other-reason; so do requests for the key agreement and TLS key
 * pairs, which this meter does not hold.
 */
function certificateMethod(sim: Simulator, owner: TClientId, method: number, p: TData | undefined): TMethodOutcome {
  const state = sim.security.state(owner);
  const suite = state?.material.signing?.suite;
  if (method === 4) {
    if (p?.type !== "enum") return refused();
    if (p.value !== 0 || !suite) return refused(RESULT.otherReason);
    return sim.security.renewMeterSigningKey(suite, new Date(sim.meter.meterTime())) ? ok() : refused(RESULT.hardwareFault);
  }
  if (method === 5) {
    if (p?.type !== "enum") return refused();
    const signing = suite ? sim.security.meter.signing.get(suite) : undefined;
    if (p.value !== 0 || !suite || !signing) return refused(RESULT.otherReason);
    const request = certificateRequest(suite, signing.privateKey, sim.security.meter.systemTitle);
    return request.ok ? ok(d.octets(request.value.der)) : refused(RESULT.hardwareFault);
  }
  if (method === 6) {
    if (p?.type !== "octet-string") return refused();
    try {
      new X509Certificate(Buffer.from(p.value));
    } catch {
      return refused(RESULT.otherReason);
    }
    if (state) state.certificate = p.value;
    return ok();
  }
  // export (7) and remove (8): {certificate_identification_type = 0 by entity, {entity, type, system_title}}
  if (p?.type !== "structure" || p.items.length !== 2 || p.items[0]?.type !== "enum" || p.items[1]?.type !== "structure") return refused();
  if (p.items[0].value !== 0) return refused(RESULT.otherReason);
  const entity = p.items[1].items[0];
  if (entity?.type !== "enum") return refused();
  const certificate = entity.value === 0 ? (suite ? sim.security.meter.signing.get(suite)?.certificate : undefined) : state?.certificate;
  if (!certificate) return refused(RESULT.objectUnavailable);
  if (method === 7) return ok(d.octets(certificate));
  if (method === 8 && entity.value === 1 && state) {
    delete state.certificate;
    return ok();
  }
  return refused(RESULT.readWriteDenied);
}

/**
 * The secret of a client's association (class 15): an LLS password written to attribute 7, an
 * HLS-SHA256 secret through change_HLS_secret (method 2). A client whose secret is its keys
 * (HLS-GMAC, HLS-ECDSA) changes them through key_transfer instead.
 */
function associationSecret(sim: Simulator, o: TSimObject, value: TData | undefined): number {
  const owner = sim.profile.clients.find((c) => c.associationObject.obis === o.obis);
  const state = owner ? sim.security.state(owner.id) : undefined;
  if (!owner || !state || value?.type !== "octet-string" || value.value.length === 0 || value.value.length > 64) return RESULT.otherReason;
  if (owner.authentication.mechanismId === 1) state.password = value.value;
  else if (owner.authentication.mechanismId === 6) state.hlsSecret = value.value;
  else return RESULT.otherReason;
  return RESULT.success;
}

const ACTIVITY_CALENDAR = "0-0:13.0.0.255";
const SPECIAL_DAYS = "0-0:11.0.0.255";
const CURRENTLY_ACTIVE_TARIFF = "0-0:96.14.0.255";
/** Active calendar attributes 2 to 5 and the passive ones 6 to 9 they are copied from. */
const ACTIVE_FROM_PASSIVE = [
  [2, 6],
  [3, 7],
  [4, 8],
  [5, 9],
] as const;

/**
 * activate_passive_calendar (Activity calendar, class 20, method 1, data integer 0): the passive
 * calendar (attributes 6 to 9) becomes the active one (2 to 5) at once; the passive one stays as
 * it is. The time-of-use calendar logs the activation (events.json tou-activated; testbook TOU-004).
 */
function activityCalendarMethod(meter: SimMeter, o: TSimObject, method: number, p: TData | undefined): TMethodOutcome {
  if (integerParameter(p) === null) return refused();
  if (method !== 1) return refused(RESULT.objectUndefined);
  if (meter.deviations.has("calendar-activation-ignored")) return ok();
  for (const [active, passive] of ACTIVE_FROM_PASSIVE) {
    const v = o.values.get(passive);
    if (v) o.values.set(active, v);
  }
  if (o.obis === ACTIVITY_CALENDAR) meter.recordEvent("tou-activated", { setting: true });
  return ok();
}

/** The script id after `selector` in a script table, first again after the last: what the tariff-off-by-one deviation runs. */
function nextScript(meter: SimMeter, table: string, selector: number): number {
  const scripts = meter.readValue(table, 2);
  const ids = (scripts?.type === "array" ? scripts.items : []).map((x) => (x.type === "structure" ? numberOf(x.items[0] ?? d.null()) : null)).filter((n): n is number => n !== null).sort((a, b) => a - b);
  return ids.find((n) => n > selector) ?? ids[0] ?? selector;
}

/**
 * Tariffication: whenever the action of the time-of-use calendar in force changes (a switch time
 * passes, the clock moves, another calendar becomes active), the meter runs the script it names,
 * which sets the register activation's active mask, and shows its selector as the currently
 * active tariff (0-0:96.14.0.255).
 */
function tariffication(): (meter: SimMeter) => void {
  let applied: string | undefined;
  return (meter) => {
    const calendar = meter.objects.get(ACTIVITY_CALENDAR);
    if (!calendar) return;
    const local = dateTimeAt(meter.meterTime(), meter.clockSettings());
    const tables = { seasons: calendar.values.get(3), weeks: calendar.values.get(4), days: calendar.values.get(5), specialDays: meter.objects.get(SPECIAL_DAYS)?.values.get(2) };
    const action = actionInForce(tables, local);
    if (!action) return;
    const key = `${local.year}-${local.month}-${local.day} ${action.start} ${action.script} ${action.selector}`;
    if (key === applied) return;
    applied = key;
    const selector = meter.deviations.has("tariff-off-by-one") ? nextScript(meter, action.script, action.selector) : action.selector;
    meter.invoke(action.script, 1, d.u16(selector), null);
    const tariff = meter.objects.get(CURRENTLY_ACTIVE_TARIFF);
    const shown = tariff?.values.get(2);
    if (tariff) tariff.values.set(2, shown && numberOf(shown) !== null ? ({ ...shown, value: selector } as TData) : d.u8(selector));
  };
}

export function registerBehaviours(sim: Simulator): void {
  const meter = sim.meter;
  meter.registerMethods(8, (m, _o, method, p) => clockMethod(m, method, p));
  meter.registerMethods(7, (m, o, method, p) => profileMethod(m, o, method, p));
  meter.registerMethods(70, (m, o, method, p) => disconnectMethod(m, o, method, p));
  meter.registerMethods(9, (m, o, method, p) => scriptMethod(m, o, method, p));
  for (const classId of [3, 4, 5]) meter.registerMethods(classId, (_m, o, method, p) => registerReset(o, method, p));
  meter.registerMethods(18, (_m, o, method, p) => imageTransfer(sim, o, method, p));
  meter.registerMethods(20, (m, o, method, p) => activityCalendarMethod(m, o, method, p));
  meter.registerWrites(20, (o, attribute) =>
    // The passive-calendar-not-stored deviation answers success and keeps what the passive calendar held.
    sim.deviations.has("passive-calendar-not-stored") && o.obis === ACTIVITY_CALENDAR && attribute >= 6 && attribute <= 9 ? { result: RESULT.success, stored: o.values.get(attribute)! } : undefined,
  );
  meter.registerTick(tariffication());
  meter.registerMethods(64, (_m, o, method, p) => securitySetup(sim, o, method, p));
  meter.registerWrites(15, (o, attribute, value) => {
    if (attribute !== 7) return undefined;
    const owner = sim.profile.clients.find((c) => c.associationObject.obis === o.obis);
    return { result: owner?.authentication.mechanismId === 1 ? associationSecret(sim, o, value) : RESULT.otherReason };
  });
  const alarmRegisters = new Set(sim.profile.alarms.registers.map((r) => r.object.obis));
  meter.registerWrites(1, (o, attribute, value) => {
    if (attribute !== 2 || !alarmRegisters.has(o.obis)) return undefined;
    // Writing an alarm register clears the bits set in the mask written (white paper: alarm reset by mask).
    const mask = integerParameter(value);
    if (mask === null) return { result: RESULT.typeUnmatched };
    const current = numberOf(o.values.get(2) ?? d.u32(0)) ?? 0;
    return { result: RESULT.success, stored: d.u32((current & ~mask) >>> 0) };
  });
  meter.registerMethods(15, (_m, o, method, p) => {
    if (method !== 2) return refused(RESULT.otherReason);
    const owner = sim.profile.clients.find((c) => c.associationObject.obis === o.obis);
    if (owner?.authentication.mechanismId !== 6) return refused(RESULT.otherReason);
    const r = associationSecret(sim, o, p);
    return r === RESULT.success ? ok() : refused(r);
  });
}
