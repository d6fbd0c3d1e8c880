import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { dataFromJson, dataToJson, type TDataJson } from "../../dlms/axdr/format";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import { dateTimeOctets } from "../../dlms/cosem/selective-access";
import { EVENT_CAUSES, type TEventCause } from "../../profile/event-causes";
import { eventOfAction, eventOfSet, type TSettingTarget } from "../../profile/setting-events";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import type { TDeviation } from "../deviations";
import type { TMeterIdentity } from "../values/context";
import { instantAt, integrate, zeroEnergies, type TEnergies, type TInstant, type TLoadSettings } from "./load";
import { RESULT, type TCaller, type TMethodOutcome, type TSimObject } from "./object";
import { energyOf, roleOf, type TRole } from "./roles";
import { dateTimeAt, daylightSavingActive, type TClockSettings } from "../values/clock";

export interface TMeterOptions {
  profile: TUserProfile;
  identity: TMeterIdentity;
  /** The host clock (ms since the epoch): tests pass their own. */
  now: () => number;
  /** Initial value of every stored attribute. */
  initialValue: (object: TProfileObject, attribute: number) => TData;
  deviations: ReadonlySet<TDeviation>;
  /** How much history the meter has when it starts: load profile entries, energies. */
  historyMs?: number;
}

/** A log or profile's stored entries and when it last captured. */
export interface TBufferState {
  entries: TData[];
  lastCapture: number;
}

/** What a write does beyond storing the value: refuse it, or store something else (undefined: store the value). */
export type TWriteHook = (o: TSimObject, attribute: number, value: TData) => { result: number; stored?: TData } | undefined;

interface TPendingEvent {
  at: number;
  cause: TEventCause;
}

const DEFAULT_HISTORY_MS = 24 * 3_600_000;

/**
 * The meter a user profile describes, in memory: every object of the profile with its values,
 * a clock, a load that makes energies grow, demand and load profiles that capture at their period,
 * event logs that record what happens, alarms raised through their filters. It enforces no access
 * rights (the association session does); it answers for the meter.
 */
export class SimMeter {
  readonly profile: TUserProfile;
  readonly identity: TMeterIdentity;
  readonly deviations: ReadonlySet<TDeviation>;
  readonly objects = new Map<string, TSimObject>();
  readonly now: () => number;

  private readonly roles = new Map<string, TRole>();
  private readonly load: TLoadSettings;
  clockOffsetMs = 0;
  clockInvalid = false;
  /** A time set by preset_adjusting_time, applied by adjust_to_preset_time within its validity interval. */
  presetTime?: { preset: number; from: number; to: number };
  /** When the last billing period closed (host ms), for the billing period reset lockout. */
  lastBillingClosure?: number;
  private integratedTo: number;
  private energies: TEnergies = zeroEnergies();
  private readonly rateEnergies = new Map<number, TEnergies>();
  private readonly rates: number;
  private readonly maxDemand = new Map<string, { value: number; at: number }>();
  private readonly demand = new Map<string, { periodStart: number; startEnergy: number; last: number; lastAt: number }>();
  readonly buffers = new Map<string, TBufferState>();
  private readonly amrBits = new Map<string, number>();
  private readonly supplyOff: Array<{ from: number; to: number }> = [];
  private readonly pending: TPendingEvent[] = [];
  /** Listeners for events the meter raises (the CLI logs them; the P1 emitter reacts to some). */
  private readonly listeners: Array<(cause: TEventCause, at: number) => void> = [];

  constructor(options: TMeterOptions) {
    this.profile = options.profile;
    this.identity = options.identity;
    this.deviations = options.deviations;
    this.now = options.now;
    for (const def of options.profile.objects) {
      const values = new Map<number, TData>();
      for (const a of def.attributes) values.set(a.index, options.initialValue(def, a.index));
      this.objects.set(def.obis, { def, classId: def.classId, version: def.version, obis: def.obis, values });
      this.roles.set(def.obis, roleOf(def.obis, def.classId));
    }
    const el = options.profile.electrical;
    this.load = {
      phases: el.phases,
      nominalVoltageV: el.nominalVoltageV,
      frequencyHz: el.frequencyHz,
      meanPowerW: Math.min(el.maximumCurrentA * el.nominalVoltageV * el.phases * 0.15, 2500),
      // A small rooftop generation where the profile meters export: it lowers the midday import
      // and sometimes exports, as at a prosumer's meter.
      generationPeakW: this.objects.has("1-0:2.8.0.255") ? 300 : 0,
      powerFactor: 0.95,
    };
    this.rates = Math.max(1, ...options.profile.objects.map((o) => /^1-0:1\.8\.(\d+)\.255$/.exec(o.obis)).filter((m) => m !== null).map((m) => Number(m[1])));
    const start = this.meterTime() - (options.historyMs ?? DEFAULT_HISTORY_MS);
    this.integratedTo = start;
    for (const [obis, o] of this.objects) {
      if (o.classId === 7) this.buffers.set(obis, { entries: [], lastCapture: start });
    }
    this.advance();
  }

  onEvent(listener: (cause: TEventCause, at: number) => void): void {
    this.listeners.push(listener);
  }

  /** The meter's own clock, in ms since the epoch. */
  meterTime(): number {
    return this.now() + this.clockOffsetMs;
  }

  clockSettings(): TClockSettings {
    const clock = this.objects.get("0-0:1.0.0.255");
    const value = (i: number, fallback: number) => {
      const v = clock?.values.get(i);
      return v ? (numberOf(v) ?? fallback) : fallback;
    };
    return { timeZone: value(3, 0), daylightSavingEnabled: value(8, 0) === 1, daylightSavingDeviation: value(7, 60) };
  }

  currentRate(at = this.meterTime()): number {
    if (this.rates <= 1) return 1;
    const local = at - this.clockSettings().timeZone * 60_000;
    const hour = new Date(local).getUTCHours();
    return 1 + Math.floor((hour * this.rates) / 24);
  }

  private supplied = (t: number): boolean => !this.supplyOff.some((s) => t >= s.from && t < s.to);

  instant(): TInstant {
    const t = this.meterTime();
    return instantAt(this.load, t, this.supplied(t) && this.disconnectorClosed());
  }

  disconnectorClosed(): boolean {
    const dc = this.objects.get("0-0:96.3.10.255");
    const output = dc?.values.get(2);
    return !output || output.type !== "boolean" || output.value;
  }

  /**
   * Brings the meter up to the present: integrates energy, closes demand periods, captures the
   * load profiles at their period boundaries and logs the events that were due; then what runs
   * on the meter's own time (the activity calendar) looks at the present.
   */
  advance(): void {
    this.integrateToNow();
    for (const tick of this.ticks) tick(this);
  }

  private readonly ticks: Array<(meter: SimMeter) => void> = [];

  /** Something the meter does on its own time, run after each advance (the tariffication of the activity calendar). */
  registerTick(tick: (meter: SimMeter) => void): void {
    this.ticks.push(tick);
  }

  private integrateToNow(): void {
    const to = this.meterTime();
    if (to <= this.integratedTo) return;
    const boundaries = new Set<number>();
    for (const [obis, buffer] of this.buffers) {
      const period = this.capturePeriodMs(obis);
      if (period <= 0) continue;
      for (let b = Math.floor(buffer.lastCapture / period) * period + period; b <= to; b += period) boundaries.add(b);
    }
    for (const p of this.pending) if (p.at <= to) boundaries.add(p.at);
    // Tariff rates change on the hour: integrate hour by hour so each rate gets its own energy.
    for (let h = Math.floor(this.integratedTo / 3_600_000) * 3_600_000 + 3_600_000; h <= to; h += 3_600_000) boundaries.add(h);
    const steps = [...boundaries].sort((a, b) => a - b);
    steps.push(to);
    for (const step of steps) {
      if (step > this.integratedTo) this.integrateTo(step);
      this.firePending(step);
      this.closeDemandPeriods(step);
      this.captureDue(step);
    }
  }

  private integrateTo(to: number): void {
    const from = this.integratedTo;
    const closed = this.disconnectorClosed();
    const supplied = (t: number) => closed && this.supplied(t);
    const before = { ...this.energies, reactiveQ: [...this.energies.reactiveQ] as TEnergies["reactiveQ"] };
    integrate(this.load, this.energies, from, to, supplied);
    const rate = this.currentRate(from);
    const bucket = this.rateEnergies.get(rate) ?? zeroEnergies();
    for (const k of ["activeImport", "activeExport", "reactiveImport", "reactiveExport", "apparentImport", "apparentExport"] as const) bucket[k] += this.energies[k] - before[k];
    bucket.reactiveQ = bucket.reactiveQ.map((v, q) => v + this.energies.reactiveQ[q]! - before.reactiveQ[q]!) as TEnergies["reactiveQ"];
    this.rateEnergies.set(rate, bucket);
    this.integratedTo = to;
  }

  energy(quantity: Parameters<typeof energyOf>[1], rate: number): number {
    return energyOf(rate === 0 ? this.energies : (this.rateEnergies.get(rate) ?? zeroEnergies()), quantity);
  }

  capturePeriodMs(obis: string): number {
    const v = this.objects.get(obis)?.values.get(4);
    return v ? (numberOf(v) ?? 0) * 1000 : 0;
  }

  private closeDemandPeriods(at: number): void {
    for (const [obis, o] of this.objects) {
      const role = this.roles.get(obis);
      if (o.classId !== 5 || role?.kind !== "demand") continue;
      const periodMs = (numberOf(o.values.get(8) ?? d.u32(900)) ?? 900) * 1000;
      const state = this.demand.get(obis) ?? { periodStart: Math.floor(at / periodMs) * periodMs, startEnergy: this.energy(role.quantity, 0), last: 0, lastAt: 0 };
      if (at >= state.periodStart + periodMs) {
        const energy = this.energy(role.quantity, 0);
        const average = ((energy - state.startEnergy) / ((at - state.periodStart) / 3_600_000)) || 0;
        state.last = average;
        state.lastAt = at;
        state.periodStart = Math.floor(at / periodMs) * periodMs;
        state.startEnergy = energy;
        this.recordMaxDemand(role.quantity, average, at);
      }
      this.demand.set(obis, state);
    }
  }

  private recordMaxDemand(quantity: string, value: number, at: number): void {
    const rate = this.currentRate(at - 1);
    for (const [obis, role] of this.roles) {
      if (role.kind !== "max-demand" || role.quantity !== quantity || (role.rate !== 0 && role.rate !== rate)) continue;
      const current = this.maxDemand.get(obis);
      if (!current || value > current.value) this.maxDemand.set(obis, { value, at });
    }
  }

  demandState(obis: string) {
    return this.demand.get(obis);
  }

  maxDemandState(obis: string) {
    return this.maxDemand.get(obis);
  }

  private captureDue(at: number): void {
    for (const [obis, buffer] of this.buffers) {
      const period = this.capturePeriodMs(obis);
      if (period <= 0 || at % period !== 0 || at <= buffer.lastCapture) continue;
      this.capture(obis, at);
    }
  }

  /** Captures one entry into a profile: the current values of its capture objects. */
  capture(obis: string, at = this.meterTime()): void {
    const o = this.objects.get(obis);
    const buffer = this.buffers.get(obis);
    if (!o || !buffer) return;
    const row: TData[] = [];
    for (const c of o.def.captureObjects ?? []) row.push(this.valueForCapture(c.obis, c.attribute, at));
    buffer.entries.push(d.struct(...row));
    const max = numberOf(o.values.get(8) ?? d.u32(0)) ?? 0;
    if (max > 0 && buffer.entries.length > max) buffer.entries.splice(0, buffer.entries.length - max);
    buffer.lastCapture = at;
    for (const c of o.def.captureObjects ?? []) if (this.amrBits.has(c.obis)) this.amrBits.set(c.obis, 0);
  }

  private valueForCapture(obis: string, attribute: number, at: number): TData {
    if (obis === "0-0:1.0.0.255" && attribute === 2) return d.dateTime(dateTimeAt(at, this.clockSettings(), this.clockInvalid));
    const amr = this.amrBits.get(obis);
    if (amr !== undefined && attribute === 2) {
      const dstBit = this.amrBitNumber("amr-daylight-saving");
      return d.u8(amr | (dstBit !== undefined && daylightSavingActive(at, this.clockSettings()) ? 1 << dstBit : 0));
    }
    return this.readValue(obis, attribute) ?? d.null();
  }

  amrBitNumber(id: string): number | undefined {
    return this.profile.amrStatus.bits.find((b) => b.id === id)?.bit;
  }

  /** The current value of an attribute as the meter holds or computes it, without access checks. */
  readValue(obis: string, attribute: number): TData | undefined {
    const o = this.objects.get(obis);
    if (!o) return undefined;
    return this.dynamicValue(o, attribute) ?? o.values.get(attribute);
  }

  private scalerOf(o: TSimObject): number {
    const scaler = o.def.scalerUnit?.scaler ?? 0;
    return this.deviations.has("wrong-scaler-unit") && o.obis === WRONG_SCALER_OBJECT ? scaler - 1 : scaler;
  }

  private scaled(o: TSimObject, physical: number, like: TData | undefined): TData {
    const scaler = this.scalerOf(o);
    const raw = Math.round(physical / 10 ** scaler);
    const type = like?.type ?? "double-long-unsigned";
    if (type === "long-unsigned") return d.u16(Math.max(0, Math.min(0xffff, raw)));
    if (type === "long") return d.i16(Math.max(-0x8000, Math.min(0x7fff, raw)));
    if (type === "double-long") return d.i32(Math.max(-0x80000000, Math.min(0x7fffffff, raw)));
    if (type === "long64-unsigned") return d.u64(BigInt(Math.max(0, raw)));
    if (type === "float32") return d.f32(physical);
    if (type === "float64") return d.f64(physical);
    return d.u32(Math.max(0, Math.min(0xffffffff, raw)));
  }

  private dynamicValue(o: TSimObject, attribute: number): TData | undefined {
    if (o.classId === 8 && attribute === 2) return d.dateTime(dateTimeAt(this.meterTime(), this.clockSettings(), this.clockInvalid));
    if (o.classId === 8 && attribute === 4) return d.u8(dateTimeAt(this.meterTime(), this.clockSettings(), this.clockInvalid).status ?? 0);
    if (o.classId === 7 && attribute === 2) return d.array(this.buffers.get(o.obis)?.entries ?? []);
    if (o.classId === 7 && attribute === 7) return d.u32(this.buffers.get(o.obis)?.entries.length ?? 0);
    if (o.classId === 7 && attribute === 4 && this.deviations.has("wrong-capture-period") && o.obis === firstLoadProfile(this.profile)) {
      const stored = numberOf(o.values.get(4) ?? d.u32(0)) ?? 0;
      return d.u32(stored === 900 ? 1800 : 900);
    }
    if (attribute === 3 && o.obis === WRONG_SCALER_OBJECT && this.deviations.has("wrong-scaler-unit")) {
      const v = o.values.get(3);
      if (v?.type === "structure" && v.items[0]?.type === "integer") return d.struct(d.i8(this.scalerOf(o)), v.items[1] ?? d.enum(255));
    }
    const amr = this.amrBits.get(o.obis);
    if (amr !== undefined && attribute === 2) return d.u8(amr);
    const role = this.roles.get(o.obis);
    if (!role || role.kind === "none") return undefined;
    const stored = o.values.get(2);
    if (role.kind === "energy" && attribute === 2) return this.scaled(o, this.energy(role.quantity, role.rate), stored);
    if (role.kind === "instant" && attribute === 2) return this.scaled(o, role.read(this.instant()), stored);
    if (role.kind === "max-demand") {
      const m = this.maxDemand.get(o.obis);
      if (attribute === 2) return this.scaled(o, m?.value ?? 0, stored);
      if (attribute === 5) return m ? d.dateTime(dateTimeAt(m.at, this.clockSettings())) : o.values.get(5);
    }
    if (role.kind === "demand") {
      const s = this.demand.get(o.obis);
      const now = this.meterTime();
      if (attribute === 2 && s) {
        const hours = (now - s.periodStart) / 3_600_000;
        return this.scaled(o, hours > 0 ? (this.energy(role.quantity, 0) - s.startEnergy) / hours : 0, stored);
      }
      if (attribute === 3 && s) return this.scaled(o, s.last, o.values.get(3));
      if (attribute === 6 && s && s.lastAt) return d.dateTime(dateTimeAt(s.lastAt, this.clockSettings()));
      if (attribute === 7 && s) return d.dateTime(dateTimeAt(s.periodStart, this.clockSettings()));
    }
    if (role.kind === "power-failure-count" && attribute === 2) return o.values.get(2);
    return undefined;
  }

  /** Stores a value written by a client or a script; returns a data-access-result. */
  writeValue(obis: string, attribute: number, value: TData): number {
    const o = this.objects.get(obis);
    if (!o) return RESULT.objectUndefined;
    const current = this.readValue(obis, attribute);
    if (current && current.type !== value.type && current.type !== "null-data") return RESULT.typeUnmatched;
    if (o.classId === 8 && attribute === 2) return this.setClock(value);
    if (o.classId === 7 && (attribute === 2 || attribute === 7)) return RESULT.readWriteDenied;
    const hooked = this.writeHooks.get(o.classId)?.(o, attribute, value);
    if (hooked && hooked.result !== RESULT.success) return hooked.result;
    o.values.set(attribute, hooked?.stored ?? value);
    const event = eventOfSet(this.settingTarget(o), attribute);
    if (event) this.settingChanged(event);
    else if (this.isParameter(o, attribute)) this.raise("parameter-changed");
    return RESULT.success;
  }

  private readonly writeHooks = new Map<number, TWriteHook>();

  /** A class whose writes mean more than storing the value (association secrets, alarm masks); undefined stores the value. */
  registerWrites(classId: number, hook: TWriteHook): void {
    this.writeHooks.set(classId, hook);
  }

  private settingTarget(o: TSimObject): TSettingTarget {
    const owner = o.classId === 15 ? this.profile.clients.find((c) => c.associationObject.obis === o.obis)?.id : undefined;
    return { id: o.def.id, classId: o.classId, ...(owner ? { associationOf: owner } : {}) };
  }

  /**
   * Logs an event no cause of EVENT_CAUSES stands for (a calendar activation, a relay switching,
   * the breaker armed); with `setting`, as a setting change: AMR bit MP and the configuration counter too.
   */
  recordEvent(eventId: string, options: { setting?: boolean } = {}): void {
    if (options.setting) this.settingChanged(eventId);
    else this.logEvent(eventId, this.meterTime());
  }

  /** A setting with its own event changed: that event, then the AMR bit MP and the configuration change counter. */
  private settingChanged(eventId: string): void {
    this.logEvent(eventId, this.meterTime());
    this.raise("setting-changed");
  }

  /** Counts a configuration change and stamps its date (0-0:96.2.0.255 and 0-0:96.2.1.255), where the profile has them. */
  private configurationChanged(at: number): void {
    if (this.objects.has("0-0:96.2.0.255")) this.increment("0-0:96.2.0.255");
    const date = this.objects.get("0-0:96.2.1.255");
    // The date keeps the type the meter holds it in: an octet-string(12) in class 1, a date-time elsewhere.
    if (date) date.values.set(2, date.values.get(2)?.type === "octet-string" ? dateTimeOctets(dateTimeAt(at, this.clockSettings())) : d.dateTime(dateTimeAt(at, this.clockSettings())));
  }

  private isParameter(o: TSimObject, attribute: number): boolean {
    return this.profile.parameters.some((p) => p.object.obis === o.obis && p.attribute === attribute) || (o.classId === 3 && attribute === 2 && this.roles.get(o.obis)?.kind === "none");
  }

  private setClock(value: TData): number {
    if (value.type !== "date-time" && value.type !== "octet-string") return RESULT.typeUnmatched;
    const dt = value.type === "date-time" ? value.value : null;
    const target = dt ? instantOfDateTime(dt) : null;
    if (target === null) return RESULT.otherReason;
    this.shiftClock(target - this.meterTime());
    return RESULT.success;
  }

  /** Moves the clock by delta ms, as a clock set or an adjusting method does, and records it. */
  shiftClock(deltaMs: number): void {
    this.advance();
    this.clockOffsetMs += deltaMs;
    const now = this.meterTime();
    for (const buffer of this.buffers.values()) if (buffer.lastCapture > now) buffer.lastCapture = now;
    // Energy is integrated over the meter's own time: a jump forward adds none, a jump back none twice.
    this.integratedTo = now;
    this.clockInvalid = false;
    // Shifts within the clock time shift limit are not synchronization events (they still mark the interval).
    const limitS = numberOf(this.readValue("1-0:0.9.11.255", 2) ?? d.null());
    this.raise(limitS !== null && Math.abs(deltaMs) <= limitS * 1000 ? "clock-shift-small" : "clock-set");
  }

  /** Simulates a supply failure lasting durationMs from now. */
  powerFailure(durationMs: number): void {
    this.advance();
    const from = this.meterTime();
    this.supplyOff.push({ from, to: from + durationMs });
    this.raise("power-failure");
    const counter = [...this.roles].filter(([, r]) => r.kind === "power-failure-count" && !r.long).map(([o]) => o);
    for (const obis of counter) this.increment(obis);
    const threshold = numberOf(this.readValue("0-0:96.7.20.255", 2) ?? d.u32(180)) ?? 180;
    if (durationMs > threshold * 1000) {
      this.raise("long-power-failure");
      for (const [obis, r] of this.roles) if (r.kind === "power-failure-count" && r.long) this.increment(obis);
      this.pending.push({ at: from + durationMs, cause: "long-power-failure-end" });
    }
    this.pending.push({ at: from + durationMs, cause: "power-restored" });
  }

  private increment(obis: string): void {
    const o = this.objects.get(obis);
    const v = o?.values.get(2);
    if (!o || !v) return;
    const n = (numberOf(v) ?? 0) + 1;
    o.values.set(2, v.type === "long-unsigned" ? d.u16(n & 0xffff) : d.u32(n));
  }

  private firePending(at: number): void {
    for (let i = 0; i < this.pending.length; ) {
      const p = this.pending[i]!;
      if (p.at <= at) {
        this.pending.splice(i, 1);
        this.record(p.cause, p.at);
      } else i++;
    }
  }

  /** Raises an event now: logs its events, sets AMR bits and alarms. */
  raise(cause: TEventCause): void {
    this.record(cause, this.meterTime());
  }

  private record(cause: TEventCause, at: number): void {
    const what = EVENT_CAUSES[cause];
    if (!(this.deviations.has("event-not-logged") && cause === "clock-set")) {
      for (const eventId of what.events) this.logEvent(eventId, at);
    }
    if ((what.amrBits as readonly string[]).includes("amr-parameters-changed")) this.configurationChanged(at);
    for (const bitId of what.amrBits) {
      if (bitId === "amr-parameters-changed" && this.deviations.has("parameter-change-not-marked")) continue;
      const bit = this.amrBitNumber(bitId);
      if (bit === undefined) continue;
      for (const o of this.profile.amrStatus.objects) this.amrBits.set(o.obis, (this.amrBits.get(o.obis) ?? 0) | (1 << bit));
    }
    for (const l of this.listeners) l(cause, at);
  }

  private logEvent(eventId: string, at: number): void {
    for (const log of this.profile.events.logs) {
      const event = log.events.find((e) => e.id === eventId);
      if (!event) continue;
      const code = this.objects.get(log.codeObject.obis);
      if (code) code.values.set(2, d.u8(event.code));
      this.capture(log.object.obis, at);
      if (event.alarm) this.raiseAlarm(event.alarm);
    }
  }

  private raiseAlarm(alarmId: string): void {
    for (const register of this.profile.alarms.registers) {
      const bit = register.bits.find((b) => b.id === alarmId);
      if (!bit) continue;
      const filter = numberOf(this.readValue(register.filterObject.obis, 2) ?? d.u32(register.filterMask)) ?? register.filterMask;
      if (!((filter >>> bit.bit) & 1)) continue;
      const o = this.objects.get(register.object.obis);
      const current = numberOf(o?.values.get(2) ?? d.u32(0)) ?? 0;
      o?.values.set(2, d.u32((current | (1 << bit.bit)) >>> 0));
    }
  }

  /** Runs a method the meter implements itself; sessions check access first. */
  invoke(obis: string, method: number, parameters: TData | undefined, caller: TCaller | null): TMethodOutcome {
    const o = this.objects.get(obis);
    if (!o) return { result: RESULT.objectUndefined };
    const hook = this.methodHooks.get(o.classId);
    const outcome = hook ? hook(this, o, method, parameters, caller) : { result: RESULT.success };
    const event = outcome.result === RESULT.success ? eventOfAction(this.settingTarget(o), method) : null;
    if (event) this.settingChanged(event);
    return outcome;
  }

  private readonly methodHooks = new Map<number, TMethodHook>();

  registerMethods(classId: number, hook: TMethodHook): void {
    this.methodHooks.set(classId, hook);
  }

  snapshot(): TMeterState {
    return {
      clockOffsetMs: this.clockOffsetMs,
      clockInvalid: this.clockInvalid,
      integratedTo: this.integratedTo,
      energies: this.energies,
      rateEnergies: [...this.rateEnergies],
      maxDemand: [...this.maxDemand],
      demand: [...this.demand],
      buffers: [...this.buffers].map(([obis, b]) => [obis, { entries: b.entries.map(dataToJson), lastCapture: b.lastCapture }]),
      amrBits: [...this.amrBits],
      supplyOff: [...this.supplyOff],
      pending: [...this.pending],
      values: [...this.objects].map(([obis, o]) => [obis, [...o.values].map(([i, v]) => [i, dataToJson(v)])]),
      ...(this.lastBillingClosure !== undefined ? { lastBillingClosure: this.lastBillingClosure } : {}),
    };
  }

  /** Takes back a snapshot; objects the profile no longer has are ignored. */
  restore(state: TMeterState): void {
    this.clockOffsetMs = state.clockOffsetMs;
    this.clockInvalid = state.clockInvalid;
    this.integratedTo = state.integratedTo;
    if (state.lastBillingClosure !== undefined) this.lastBillingClosure = state.lastBillingClosure;
    this.energies = state.energies;
    const fill = <K, V>(target: Map<K, V>, entries: Array<[K, V]>) => {
      target.clear();
      for (const [k, v] of entries) target.set(k, v);
    };
    fill(this.rateEnergies, state.rateEnergies);
    fill(this.maxDemand, state.maxDemand);
    fill(this.demand, state.demand);
    fill(this.amrBits, state.amrBits);
    for (const [obis, b] of state.buffers) if (this.buffers.has(obis)) this.buffers.set(obis, { entries: b.entries.map(dataFromJson), lastCapture: b.lastCapture });
    this.supplyOff.splice(0, this.supplyOff.length, ...state.supplyOff);
    this.pending.splice(0, this.pending.length, ...state.pending);
    for (const [obis, values] of state.values) {
      const o = this.objects.get(obis);
      if (o) for (const [i, v] of values) o.values.set(i, dataFromJson(v));
    }
  }

  /** Resets a profile's buffer (Profile generic method 1). */
  resetBuffer(obis: string): void {
    const buffer = this.buffers.get(obis);
    if (buffer) buffer.entries = [];
  }
}

/** The register the wrong-scaler-unit deviation falsifies: total active energy import. */
export const WRONG_SCALER_OBJECT = "1-0:1.8.0.255";

/** Everything the meter changes while it runs, in a JSON-safe form (for --state files). */
export interface TMeterState {
  clockOffsetMs: number;
  clockInvalid: boolean;
  integratedTo: number;
  energies: TEnergies;
  rateEnergies: Array<[number, TEnergies]>;
  maxDemand: Array<[string, { value: number; at: number }]>;
  demand: Array<[string, { periodStart: number; startEnergy: number; last: number; lastAt: number }]>;
  buffers: Array<[string, { entries: TDataJson[]; lastCapture: number }]>;
  amrBits: Array<[string, number]>;
  supplyOff: Array<{ from: number; to: number }>;
  pending: Array<{ at: number; cause: TEventCause }>;
  values: Array<[string, Array<[number, TDataJson]>]>;
  /** Absent in state files written before the billing lockout was simulated. */
  lastBillingClosure?: number;
}

export type TMethodHook = (meter: SimMeter, object: TSimObject, method: number, parameters: TData | undefined, caller: TCaller | null) => TMethodOutcome;

/** The load profile the wrong-capture-period deviation falsifies: the first one with a capture period. */
export function firstLoadProfile(profile: TUserProfile): string | undefined {
  return profile.objects.find((o) => o.classId === 7 && /^1-0:99\.\d+\.0\.255$/.test(o.obis))?.obis;
}
