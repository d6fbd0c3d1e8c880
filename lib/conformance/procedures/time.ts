import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { formatDateTime, instantOfDateTime, type TCosemDateTime } from "../../dlms/axdr/date-time";
import type { Association } from "../../dlms/client";
import { dateTimeOfData } from "../../dlms/cosem/selective-access";
import { dataAccessResultName } from "../../dlms/xdlms/results";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { codesSince, eventCode, logOfEvent, markLog } from "./logs";
import { associationOf, readData, readingText, ref, type TProcedure } from "./util";

/**
 * Time and clock (testbook chapter "time"): the clock reads the time, the Management client sets
 * it, time zone and daylight saving settings are the profile's, adjustments beyond the clock time
 * shift limit are logged and smaller ones are not, and an adjustment marks the load profile.
 * Every adjustment is undone afterwards.
 */
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255" };
const TOLERANCE_MS = 60_000;

async function readClock(a: Association): Promise<TCosemDateTime | string> {
  const r = await a.get({ ...CLOCK, attribute: 2 });
  if (!r.ok) return r.error.message;
  return dateTimeOfData(r.value) ?? `the clock time is ${r.value.type}, not a date-time`;
}

/** The clock time shift limit of the profile, in seconds (1-0:0.9.11.255). */
export function shiftLimit(env: TRunEnvironment): number {
  const p = env.profile.parameters.find((x) => x.id === "maxTimeShift");
  return typeof p?.value === "number" ? p.value : 60;
}

/** Moves the meter's clock by seconds with a SET of attribute 2; the instant written keeps the clock's deviation. */
export async function shiftClock(a: Association, seconds: number): Promise<string | null> {
  const now = await readClock(a);
  if (typeof now === "string") return now;
  const at = instantOfDateTime(now);
  if (at === null) return `the clock reads ${formatDateTime(now)}, not a full date and time`;
  const target = new Date(at + seconds * 1000 - (now.deviation ?? 0) * 60_000);
  const value: TData = d.dateTime({
    year: target.getUTCFullYear(),
    month: target.getUTCMonth() + 1,
    day: target.getUTCDate(),
    dayOfWeek: ((target.getUTCDay() + 6) % 7) + 1,
    hour: target.getUTCHours(),
    minute: target.getUTCMinutes(),
    second: target.getUTCSeconds(),
    hundredths: 0,
    deviation: now.deviation,
    status: now.status,
  });
  const r = await a.setResult({ ...CLOCK, attribute: 2 }, value);
  if (!r.ok) return r.error.message;
  return r.value === 0 ? null : `refused with ${dataAccessResultName(r.value)}`;
}

export const clockSetter = (env: TRunEnvironment) => env.profile.clients.find((c) => env.profile.objects.find((o) => o.obis === CLOCK.obis)?.attributes.find((x) => x.index === 2)?.access[c.id]?.includes("W"));

export const clockReadsNow: TProcedure = async (env, run) => {
  const client = env.profile.clients.find((c) => c.id === "reading") ?? env.profile.clients[0]!;
  const a = await associationOf(env, run, client.id);
  if (!a) return;
  const t = await readClock(a);
  if (typeof t === "string") {
    run.fail(`${client.name}: clock time`, t, { client: client.id });
    return;
  }
  const at = instantOfDateTime(t);
  const off = at === null ? null : Math.abs(at - env.now());
  run.expect(off !== null && off <= TOLERANCE_MS, `${client.name}: clock time`, `${formatDateTime(t)}, ${((off ?? 0) / 1000).toFixed(1)} s from the test tool's clock`, `${formatDateTime(t)} is ${off === null ? "not a full date-time" : `${(off / 1000).toFixed(0)} s off the current time`}`, { client: client.id });
};

export const clockSet: TProcedure = async (env, run) => {
  const setter = clockSetter(env);
  if (!setter) {
    run.notRun("clock set", "no client of the profile may write the clock");
    return;
  }
  const a = await associationOf(env, run, setter.id);
  if (!a) return;
  const before = await readClock(a);
  const error = await shiftClock(a, 0);
  run.expect(error === null, `${setter.name}: SET 0-0:1.0.0.255 attribute 2`, "accepted", error ?? "", { client: setter.id });
  const after = await readClock(a);
  const drift = typeof before !== "string" && typeof after !== "string" ? Math.abs((instantOfDateTime(after) ?? 0) - (instantOfDateTime(before) ?? 0)) : null;
  run.expect(drift !== null && drift < 5000, `${setter.name}: clock after the set`, `reads the time written (${typeof after === "string" ? after : formatDateTime(after)})`, `reads ${typeof after === "string" ? after : formatDateTime(after)}`, { client: setter.id });
};

/** TIME-003 and TIME-004: time zone, daylight saving switch dates, deviation and enabled flag as the profile says. */
export const clockSettings: TProcedure = async (env, run) => {
  const clock = env.profile.objects.find((o) => o.obis === CLOCK.obis);
  if (!clock) return;
  const client = env.profile.clients.find((c) => c.id === "reading") ?? env.profile.clients[0]!;
  const readings = await env.readings.read(client.id, [3, 5, 6, 7, 8].map((i) => ref(clock, i)));
  const [zone, begin, end, deviation, enabled] = readings;
  const offset = env.profile.parameters.find((p) => p.id === "timeZone")?.value;
  const dst = env.profile.parameters.find((p) => p.id === "daylightSavingsEnabled")?.value;
  if (typeof offset === "number") {
    const want = offset === 0 ? 0 : -offset;
    run.expect(numberOf(readData(zone) ?? d.null()) === want, "clock time_zone", `${want} min (UTC ${offset >= 0 ? "+" : ""}${offset} min, written UTC minus local)`, `${readingText(zone)}; the profile's UTC ${offset >= 0 ? "+" : ""}${offset} min is ${want}`, { evidence: zone!.evidence });
  }
  if (typeof dst === "boolean") run.expect(readData(enabled)?.type === "boolean" && (readData(enabled) as { value: boolean }).value === dst, "clock daylight_savings_enabled", String(dst), `${readingText(enabled)}; the profile says ${dst}`, { evidence: enabled!.evidence });
  for (const [name, r] of [
    ["daylight_savings_begin", begin],
    ["daylight_savings_end", end],
  ] as const) {
    const v = readData(r);
    run.expect(v !== undefined && dateTimeOfData(v) !== null, `clock ${name}`, readingText(r), `${readingText(r)} is not a date-time`, { evidence: r!.evidence });
  }
  run.expect(numberOf(readData(deviation) ?? d.null()) === 60, "clock daylight_savings_deviation", "60 min", `${readingText(deviation)}; European summer time is 60 min`, { evidence: deviation!.evidence });
};

async function adjustAndWatch(env: TRunEnvironment, run: TestRun, seconds: number, expectLogged: boolean): Promise<void> {
  const setter = clockSetter(env);
  const log = logOfEvent(env, "clock-adjusted-old-time");
  if (!setter || !log) {
    run.notRun("clock adjustment", !setter ? "no client of the profile may write the clock" : "the profile has no synchronization log");
    return;
  }
  const a = await associationOf(env, run, setter.id);
  if (!a) return;
  const mark = await markLog(a, log);
  if (typeof mark === "string") {
    run.inconclusive(`${log.name}`, mark, { client: setter.id });
    return;
  }
  const error = await shiftClock(a, seconds);
  if (error) {
    run.inconclusive(`${setter.name}: clock moved by ${seconds} s`, error, { client: setter.id });
    return;
  }
  const codes = await codesSince(env, a, mark);
  const undo = await shiftClock(a, -seconds);
  const expected = [eventCode(env, "clock-adjusted-old-time"), eventCode(env, "clock-adjusted-new-time")].filter((c): c is number => c !== undefined);
  if (typeof codes === "string") {
    run.inconclusive(`${log.name} after a ${seconds} s adjustment`, codes, { client: setter.id });
    return;
  }
  const logged = expected.every((c) => codes.includes(c));
  const title = `${log.name} after a clock adjustment of ${seconds} s (limit ${shiftLimit(env)} s)`;
  if (expectLogged) run.expect(logged, title, `events ${expected.join(" and ")} recorded`, `events ${expected.join(" and ")} not recorded (new codes: ${codes.join(", ") || "none"})`, { client: setter.id, requirements: ["event:clock-adjusted-old-time", "event:clock-adjusted-new-time"] });
  else run.expect(!expected.some((c) => codes.includes(c)), title, "no synchronization event", `events recorded for an adjustment within the limit: ${codes.join(", ")}`, { client: setter.id });
  if (undo) run.inconclusive("clock restored", `the adjustment could not be undone: ${undo}`, { client: setter.id });
}

export const smallAdjustmentNotLogged: TProcedure = async (env, run) => adjustAndWatch(env, run, Math.max(1, Math.floor(shiftLimit(env) / 2)), false);
export const largeAdjustmentLogged: TProcedure = async (env, run) => adjustAndWatch(env, run, shiftLimit(env) + 30, true);

/** TIME-013 and LP-006: after an adjustment, the next load profile entry carries AMR bit CA (captured at once where the client may run capture). */
export const clockAdjustmentMarksProfile: TProcedure = async (env, run) => {
  const setter = clockSetter(env);
  const profile = env.profile.objects.find((o) => o.id === (run.test.binding?.kind === "object" ? run.test.binding.id : "load-profile-1")) ?? env.profile.objects.find((o) => o.classId === 7 && o.obis.startsWith("1-0:99.1."));
  const bit = env.profile.amrStatus.bits.find((b) => b.id === "amr-clock-adjusted")?.bit;
  const column = profile?.captureObjects?.findIndex((c) => env.profile.amrStatus.objects.some((x) => x.obis === c.obis)) ?? -1;
  if (!setter || !profile || bit === undefined || column < 0) {
    run.notRun("AMR bit CA", "the profile has no clock writer, load profile with an AMR status column, or CA bit");
    return;
  }
  if (profile.methods.find((m) => m.index === 2)?.access[setter.id] !== "X") {
    run.notRun(`${profile.obis} AMR bit CA`, `the ${setter.name} may not run capture: the flag shows at the next capture period boundary, which this run does not wait for`);
    return;
  }
  const a = await associationOf(env, run, setter.id);
  if (!a) return;
  const limit = shiftLimit(env);
  const error = await shiftClock(a, limit + 30);
  const captured = await a.actionResult({ classId: 7, obis: profile.obis, method: 2 }, d.i8(0));
  await shiftClock(a, -(limit + 30));
  if (error || !captured.ok || captured.value.result !== 0) {
    run.inconclusive(`${profile.obis} capture after a clock adjustment`, error ?? (captured.ok ? `capture refused with ${captured.value.result}` : captured.error.message), { client: setter.id });
    return;
  }
  const count = await a.get({ classId: 7, obis: profile.obis, attribute: 7 });
  const n = count.ok ? (numberOf(count.value) ?? 0) : 0;
  const last = n > 0 ? await a.get({ classId: 7, obis: profile.obis, attribute: 2 }, { selector: 2, parameters: d.struct(d.u32(n), d.u32(n), d.u16(1), d.u16(0)) }) : undefined;
  const row = last?.ok && last.value.type === "array" ? last.value.items[0] : undefined;
  const status = row?.type === "structure" ? numberOf(row.items[column] ?? d.null()) : null;
  run.expect(status !== null && ((status >> bit) & 1) === 1, `${profile.obis}: AMR status of the entry after a clock adjustment`, `0x${(status ?? 0).toString(16)} has bit ${bit} (CA)`, `0x${(status ?? 0).toString(16)} lacks bit ${bit} (CA)`, { client: setter.id });
};
