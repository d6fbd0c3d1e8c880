import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { formatData } from "../../dlms/axdr/format";
import { formatDateTime, instantOfDateTime } from "../../dlms/axdr/date-time";
import type { Association } from "../../dlms/client";
import { unitByCode } from "../../dlms/cosem/units";
import { dateTimeOfData, entrySelection } from "../../dlms/cosem/selective-access";
import { formatObis } from "../../dlms/obis";
import { actionResultName, dataAccessResultName } from "../../dlms/xdlms/results";
import type { TProfileObject } from "../../profile/schema";
import type { TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { readerOf, writerOf, type TCause } from "./causes";
import { causeAndFind, loggedEvent } from "./events";
import { codesSince, markLog } from "./logs";
import { associationOf, objectById, objectByObis, pause, readData, readingText, ref, type TProcedure } from "./util";

/**
 * Billing period closure on command (testbook chapter "billing"): the Management client runs the
 * end of billing period script; the billing period counter counts one, its time stamp and a new
 * entry of the monthly billing profile show the closure, and the standard log records it
 * (BILL-002). A second command within the reset lockout closes nothing, one after it closes a
 * period again (BILL-003). Every closure is one more billing period the meter keeps (automation
 * notes of BILL-002 and BILL-003). A long lockout is shortened for the test and put back.
 */
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };
/** Seconds the runner waits at most for a lockout to run out; a longer one is shortened to SHORT_LOCKOUT_S. */
const MAX_WAIT_S = 10;
const SHORT_LOCKOUT_S = 3;
/** How close the time stamps must be to the command (testbook: within 2 s). */
const STAMP_TOLERANCE_MS = 2000;
const LOCKOUT_MARGIN_MS = 600;

interface TBilling {
  script: TProfileObject;
  profile: TProfileObject;
  counter: TProfileObject | undefined;
  stamp: TProfileObject | undefined;
  lockout: TProfileObject | undefined;
  operator: TClientId;
  reader: TClientId;
}

function billingObjects(env: TRunEnvironment, run: TestRun): TBilling | undefined {
  const script = objectById(env, "end-of-billing-period-script-table");
  const profile = objectById(env, "billing-profile-monthly");
  const operator = script ? env.profile.clients.find((c) => c.id !== "broadcast" && script.methods.find((m) => m.index === 1)?.access[c.id] === "X") : undefined;
  const reader = profile ? readerOf(env, profile, 2) : undefined;
  if (!script || !profile || !operator || !reader) {
    run.notRun(run.test.title, !script || !profile ? "the profile has no end of billing period script table or no monthly billing profile" : !operator ? "no client of the profile may execute the end of billing period script" : "no client of the profile may read the monthly billing profile");
    return undefined;
  }
  return { script, profile, counter: objectById(env, "billing-period-counter"), stamp: objectById(env, "billing-period-timestamp"), lockout: objectById(env, "billing-period-reset-lockout"), operator: operator.id, reader: reader.id };
}

const instantOf = (v: TData | undefined): number | null => {
  const dt = v ? dateTimeOfData(v) : null;
  return dt ? instantOfDateTime(dt) : null;
};
const timeText = (v: TData | undefined): string => {
  const dt = v ? dateTimeOfData(v) : null;
  return dt ? formatDateTime(dt) : "no date-time";
};

/** The script the scheduler runs (its executed_script names this table), else the first of the table. */
async function scriptId(env: TRunEnvironment, b: TBilling, scripts: TData[]): Promise<number | undefined> {
  const scheduler = objectById(env, "end-of-billing-period-scheduler");
  const reader = scheduler ? readerOf(env, scheduler, 2) : undefined;
  if (scheduler && reader) {
    const v = readData(await env.readings.value(reader.id, ref(scheduler, 2), { fresh: true }));
    if (v?.type === "structure" && v.items[0]?.type === "octet-string" && v.items[0].value.length === 6 && formatObis(v.items[0].value) === b.script.obis) {
      const selector = numberOf(v.items[1] ?? d.null());
      if (selector !== null) return selector;
    }
  }
  const first = scripts[0];
  return first?.type === "structure" ? (numberOf(first.items[0] ?? d.null()) ?? undefined) : undefined;
}

async function readScripts(env: TRunEnvironment, b: TBilling): Promise<TData[]> {
  const reader = readerOf(env, b.script, 2);
  const v = reader ? readData(await env.readings.value(reader.id, ref(b.script, 2), { fresh: true })) : undefined;
  return v?.type === "array" ? v.items : [];
}

/** The actions of a script as "service class obis method" texts, to say what it does. */
function actionsOf(script: TData | undefined): Array<{ service: number; classId: number; obis: string; index: number }> {
  const actions = script?.type === "structure" ? script.items[1] : undefined;
  return (actions?.type === "array" ? actions.items : []).flatMap((a) => {
    if (a.type !== "structure" || a.items[2]?.type !== "octet-string" || a.items[2].value.length !== 6) return [];
    return [{ service: numberOf(a.items[0]!) ?? 0, classId: numberOf(a.items[1]!) ?? 0, obis: formatObis(a.items[2].value), index: numberOf(a.items[3]!) ?? 0 }];
  });
}

/** BILL-002 step 1: the end of billing period script captures the monthly billing profile and resets the maximum demands. */
async function checkScript(env: TRunEnvironment, run: TestRun, b: TBilling): Promise<number | undefined> {
  const reader = readerOf(env, b.script, 2);
  if (!reader) {
    run.notRun(`${b.script.obis} scripts`, "no client of the profile may read the script table");
    return undefined;
  }
  const r = await env.readings.value(reader.id, ref(b.script, 2), { fresh: true });
  const scripts = readData(r)?.type === "array" ? (readData(r) as { items: TData[] }).items : [];
  const id = await scriptId(env, b, scripts);
  const script = scripts.find((s) => s.type === "structure" && numberOf(s.items[0] ?? d.null()) === id);
  const options = { client: reader.id, evidence: r.evidence, step: 1 };
  if (id === undefined || !script) {
    run.fail(`${b.script.obis} scripts`, scripts.length === 0 ? `reads ${readingText(r)}: no script is defined` : `no script ${id} (the one the scheduler runs) among ${scripts.length}`, options);
    return undefined;
  }
  const actions = actionsOf(script);
  const captures = actions.some((a) => a.service === 2 && a.classId === 7 && a.obis === b.profile.obis && a.index === 2);
  const demands = env.profile.objects.filter((o) => o.classId === 4 && o.obis.split(/[-:.]/)[3] === "6");
  const unreset = demands.filter((o) => !actions.some((a) => a.service === 2 && a.classId === 4 && a.obis === o.obis && a.index === 1)).map((o) => o.obis);
  run.expect(captures && unreset.length === 0, `${b.script.obis} script ${id}`, `captures ${b.profile.obis}${demands.length ? ` and resets the ${demands.length} maximum demand registers` : ""}`, [captures ? "" : `does not capture ${b.profile.obis} (method 2)`, unreset.length ? `does not reset ${unreset.join(", ")}` : ""].filter(Boolean).join("; "), options);
  return id;
}

interface TBillingState {
  counter: number | null;
  stamp: TData | undefined;
  entries: number | null;
  depth: number | null;
  clock: number | null;
  text: string;
}

async function billingState(env: TRunEnvironment, b: TBilling): Promise<TBillingState> {
  const refs = [ref(b.profile, 7), ref(b.profile, 8), ...(b.counter ? [ref(b.counter, 2)] : []), ...(b.stamp ? [ref(b.stamp, 2)] : [])];
  const [entries, depth, counter, stamp] = await env.readings.read(b.reader, refs, { fresh: true });
  const clock = await env.readings.value(b.reader, CLOCK, { fresh: true });
  const n = (r: typeof entries) => numberOf(readData(r) ?? d.null());
  const counterValue = b.counter ? n(counter) : null;
  const stampValue = b.stamp ? readData(b.counter ? stamp : counter) : undefined;
  return {
    counter: counterValue,
    stamp: stampValue,
    entries: n(entries),
    depth: n(depth),
    clock: instantOf(readData(clock)),
    text: `counter ${b.counter ? readingText(counter) : "-"}, time stamp ${timeText(stampValue)}, ${readingText(entries)} entries`,
  };
}

/** The lockout in seconds and how it was read; null when the profile has none. */
async function readLockout(env: TRunEnvironment, b: TBilling): Promise<{ seconds: number; scaler: number; value: TData } | null | string> {
  if (!b.lockout) return null;
  const reader = readerOf(env, b.lockout, 2);
  if (!reader) return `no client may read ${b.lockout.obis}`;
  const [value, unit] = await env.readings.read(reader.id, [ref(b.lockout, 2), ref(b.lockout, 3)], { fresh: true });
  const v = readData(value);
  const u = readData(unit);
  const scaler = u?.type === "structure" ? (numberOf(u.items[0] ?? d.null()) ?? 0) : 0;
  const seconds = v ? numberOf(v) : null;
  return v && seconds !== null ? { seconds: seconds * 10 ** scaler, scaler, value: v } : `${b.lockout.obis} reads ${readingText(value)}`;
}

/** Sets the lockout's value (in its own scaler) of the type it has; a string says why it could not. */
async function writeLockout(env: TRunEnvironment, b: TBilling, like: TData, raw: number): Promise<string | null> {
  const writer = b.lockout ? writerOf(env, b.lockout, 2) : undefined;
  if (!b.lockout || !writer) return `no client of the profile may write ${b.lockout?.obis ?? "the lockout"}`;
  const a = await env.sessions.get(writer.id);
  if (!a.ok) return a.error.message;
  const r = await a.value.setResult(ref(b.lockout, 2), { ...like, value: raw } as TData);
  env.readings.forget(ref(b.lockout, 2));
  if (!r.ok) return r.error.message;
  return r.value === 0 ? null : `SET ${b.lockout.obis} attribute 2 refused with ${dataAccessResultName(r.value)}`;
}

/**
 * Makes a closure possible: waits until the lockout has run since the last closure, shortening a
 * long lockout for the test first. Gives the lockout now in force and how to put the meter's back,
 * or why no closure is possible.
 */
async function outOfLockout(env: TRunEnvironment, b: TBilling, state: TBillingState, keepShort: boolean): Promise<{ seconds: number; restore: () => Promise<string | null> } | string> {
  const lockout = await readLockout(env, b);
  if (typeof lockout === "string") return lockout;
  const nothing = async (): Promise<string | null> => null;
  if (lockout === null) return { seconds: 0, restore: nothing };
  const last = instantOf(state.stamp);
  const elapsed = last !== null && state.clock !== null ? state.clock - last : Infinity;
  const wait = (seconds: number) => (elapsed >= 0 && elapsed < seconds * 1000 ? seconds * 1000 - elapsed + LOCKOUT_MARGIN_MS : 0);
  let seconds = lockout.seconds;
  let restore = nothing;
  if ((keepShort && (seconds === 0 || seconds > MAX_WAIT_S)) || wait(seconds) > MAX_WAIT_S * 1000) {
    const shortened = await writeLockout(env, b, lockout.value, Math.max(1, Math.round(SHORT_LOCKOUT_S / 10 ** lockout.scaler)));
    if (shortened) return wait(seconds) > 0 ? `the last closure (${timeText(state.stamp)}) is within the reset lockout of ${lockout.seconds} s, which could not be shortened for the test: ${shortened}` : { seconds, restore };
    seconds = Math.max(1, Math.round(SHORT_LOCKOUT_S / 10 ** lockout.scaler)) * 10 ** lockout.scaler;
    restore = () => writeLockout(env, b, lockout.value, numberOf(lockout.value) ?? lockout.seconds);
  }
  await pause(env, wait(seconds));
  return { seconds, restore };
}

interface TCommand {
  result: number | string;
  before: number | null;
  after: number | null;
}

/** ACTION method 1 of the script table with the script id, between two readings of the meter's clock; what a closure changes is read again by later tests. */
async function closePeriod(env: TRunEnvironment, a: Association, b: TBilling, id: number): Promise<TCommand> {
  const clock = async () => {
    const r = await a.get(CLOCK);
    return r.ok ? instantOf(r.value) : null;
  };
  const before = await clock();
  const r = await a.actionResult({ classId: 9, obis: b.script.obis, method: 1 }, d.u16(id));
  for (const changed of [ref(b.profile, 2), ref(b.profile, 7), ...(b.counter ? [ref(b.counter, 2)] : []), ...(b.stamp ? [ref(b.stamp, 2)] : [])]) env.readings.forget(changed);
  const after = await clock();
  return { result: r.ok ? r.value.result : r.error.message, before, after };
}

const commandText = (c: TCommand): string => (typeof c.result === "string" ? `no answer: ${c.result}` : c.result === 0 ? "success" : `refused with ${actionResultName(c.result)}`);
const near = (t: number | null, c: TCommand): boolean => t !== null && c.before !== null && c.after !== null && t >= c.before - STAMP_TOLERANCE_MS && t <= c.after + STAMP_TOLERANCE_MS;

/** Energy registers the billing profile captures (attribute 2 of class 3), with their column. */
function capturedEnergies(env: TRunEnvironment, b: TBilling): Array<{ obis: string; column: number }> {
  return (b.profile.captureObjects ?? []).flatMap((c, column) => (c.attribute === 2 && env.profile.objects.find((o) => o.obis === c.obis)?.classId === 3 ? [{ obis: c.obis, column }] : []));
}

async function energies(env: TRunEnvironment, b: TBilling): Promise<Map<string, number | null>> {
  const columns = capturedEnergies(env, b);
  const readings = await env.readings.read(b.reader, columns.map((c) => ({ classId: 3, obis: c.obis, attribute: 2 })), { fresh: true });
  return new Map(columns.map((c, i) => [c.obis, numberOf(readData(readings[i]) ?? d.null())]));
}

/** BILL-002 step 4: counter, time stamp, entries and the new entry after a closure. */
async function checkClosed(env: TRunEnvironment, run: TestRun, b: TBilling, before: TBillingState, command: TCommand, energiesBefore: Map<string, number | null>, step: number): Promise<void> {
  const after = await billingState(env, b);
  const options = { client: b.reader, step };
  if (b.counter) run.expect(before.counter !== null && after.counter === before.counter + 1, `${b.counter.obis} billing period counter`, `${before.counter} → ${after.counter}`, `reads ${after.counter} after the closure; it read ${before.counter} before, so ${before.counter === null ? "?" : before.counter + 1} was expected`, options);
  if (b.stamp) run.expect(near(instantOf(after.stamp), command), `${b.stamp.obis} time of the last closure`, timeText(after.stamp), `reads ${timeText(after.stamp)}; the command ran at ${command.before === null ? "?" : new Date(command.before).toISOString()} (within 2 s expected)`, options);
  const full = before.entries !== null && before.depth !== null && before.entries >= before.depth;
  const entriesOk = before.entries !== null && after.entries === (full ? before.entries : before.entries + 1);
  run.expect(entriesOk, `${b.profile.obis} entries_in_use`, `${before.entries} → ${after.entries}${full ? " (full)" : ""}`, `${after.entries} entries after the closure; ${before.entries} before, so ${full ? before.entries : (before.entries ?? 0) + 1} expected`, options);
  if (!after.entries) return;
  const a = await env.sessions.get(b.reader);
  const last = a.ok ? await a.value.get(ref(b.profile, 2), entrySelection(after.entries, after.entries)) : a;
  const row = last.ok && last.value.type === "array" ? last.value.items[0] : undefined;
  if (row?.type !== "structure") {
    run.fail(`${b.profile.obis} last entry`, last.ok ? "the selective access by entry returned no entry" : `not read: ${last.error.message}`, options);
    return;
  }
  const clockColumn = (b.profile.captureObjects ?? []).findIndex((c) => c.obis === CLOCK.obis && c.attribute === 2);
  if (clockColumn >= 0) run.expect(near(instantOf(row.items[clockColumn]), command), `${b.profile.obis} last entry: time`, timeText(row.items[clockColumn]), `${timeText(row.items[clockColumn])} is not the time of the command (within 2 s)`, options);
  const now = await energies(env, b);
  const columns = capturedEnergies(env, b);
  const off = columns.filter((c) => {
    const v = numberOf(row.items[c.column] ?? d.null());
    const low = energiesBefore.get(c.obis);
    const high = now.get(c.obis);
    return v === null || low == null || high == null || v < low || v > high;
  });
  run.expect(off.length === 0, `${b.profile.obis} last entry: energy values`, `the ${columns.length} energy registers as they were at the closure`, off.map((c) => `${c.obis} captured ${formatData(row.items[c.column] ?? d.null(), 2)}, the register read ${energiesBefore.get(c.obis)} before and ${now.get(c.obis)} after`).join("; "), options);
}

/** BILL-002: the Management client closes a billing period at any time, and the closure shows everywhere. */
export const billingReset: TProcedure = async (env, run) => {
  const b = billingObjects(env, run);
  if (!b) return;
  const id = await checkScript(env, run, b);
  if (id === undefined) return;
  const a = await associationOf(env, run, b.operator);
  if (!a) return;
  let before = await billingState(env, b);
  const lockout = await outOfLockout(env, b, before, false);
  if (typeof lockout === "string") {
    run.inconclusive(`${b.script.obis} closure`, lockout, { step: 3 });
    return;
  }
  before = await billingState(env, b);
  const energiesBefore = await energies(env, b);
  run.expect(before.counter !== null || !b.counter, "billing values before the closure", before.text, `not all read: ${before.text}`, { client: b.reader, step: 2 });
  let command: TCommand = { result: "not sent", before: null, after: null };
  const cause: TCause = {
    events: ["billing-reset-command"],
    what: `${env.sessions.client(b.operator).name} runs script ${id} of ${b.script.obis}`,
    run: async () => {
      const pooled = await env.sessions.get(b.operator);
      if (!pooled.ok) return pooled.error.message;
      command = await closePeriod(env, pooled.value, b, id);
      return typeof command.result === "string" ? command.result : null;
    },
  };
  const logged = loggedEvent(env, "billing-reset-command");
  if (logged) {
    if (!(await causeAndFind(env, run, cause, [logged], 5))) return;
  } else {
    const failed = await cause.run(env);
    if (failed) {
      run.inconclusive(cause.what, failed, { step: 3 });
      return;
    }
  }
  const restored = await lockout.restore();
  run.expect(command.result === 0, `${env.sessions.client(b.operator).name}: ACTION ${b.script.obis} method 1 (script ${id})`, "success", commandText(command), { client: b.operator, step: 3 });
  if (command.result === 0) await checkClosed(env, run, b, before, command, energiesBefore, 4);
  if (restored) run.inconclusive(`${b.lockout?.obis} restored`, `the reset lockout shortened for the test could not be put back: ${restored}`);
};

/**
 * BILL-003: with the lockout L (shortened for the test when it is long), a closure, a second
 * command at once that must close nothing and log nothing, and a third after L that closes again.
 */
export const billingResetLockout: TProcedure = async (env, run) => {
  const b = billingObjects(env, run);
  if (!b?.lockout) {
    if (b) run.notRun(run.test.title, "the profile has no billing period reset lockout");
    return;
  }
  const reader = readerOf(env, b.lockout, 3);
  const unit = reader ? readData(await env.readings.value(reader.id, ref(b.lockout, 3), { fresh: true })) : undefined;
  const scaler = unit?.type === "structure" ? numberOf(unit.items[0] ?? d.null()) : null;
  const code = unit?.type === "structure" ? numberOf(unit.items[1] ?? d.null()) : null;
  run.expect(scaler === 0 && code !== null && unitByCode(code)?.symbol === "s", `${b.lockout.obis} scaler_unit`, "{0, s}", `{${scaler}, ${code === null ? "?" : (unitByCode(code)?.symbol ?? `unit ${code}`)}}; the lockout is in seconds {0, s}`, { step: 1, ...(reader ? { client: reader.id } : {}) });
  const id = await scriptId(env, b, await readScripts(env, b));
  const a = await associationOf(env, run, b.operator);
  if (!a || id === undefined) {
    if (id === undefined) run.inconclusive(`${b.script.obis} scripts`, "no script to run", { step: 2 });
    return;
  }
  const lockout = await outOfLockout(env, b, await billingState(env, b), true);
  if (typeof lockout === "string") {
    run.inconclusive(`${b.lockout.obis} reset lockout`, lockout, { step: 1 });
    return;
  }
  const operator = env.sessions.client(b.operator).name;
  const first = await closePeriod(env, a, b, id);
  const closedAt = env.now();
  const closed = await billingState(env, b);
  run.expect(first.result === 0, `${operator}: closure with a lockout of ${lockout.seconds} s`, `success: ${closed.text}`, commandText(first), { client: b.operator, step: 2 });
  if (first.result === 0) {
    const standard = loggedEvent(env, "billing-reset-command");
    const logObject = standard ? objectByObis(env, standard.log.object.obis) : undefined;
    const logReader = logObject ? readerOf(env, logObject, 2) : undefined;
    const log = logReader ? await env.sessions.get(logReader.id) : undefined;
    const mark = standard && log?.ok ? await markLog(log.value, standard.log) : undefined;
    const second = await closePeriod(env, a, b, id);
    const after = await billingState(env, b);
    const unchanged = after.counter === closed.counter && after.entries === closed.entries && timeText(after.stamp) === timeText(closed.stamp);
    run.expect(unchanged, `${operator}: a second closure ${((env.now() - closedAt) / 1000).toFixed(1)} s later, within the lockout`, `no period closed (the meter answered ${commandText(second)})`, `another period closed (the meter answered ${commandText(second)}): ${closed.text} before, ${after.text} after`, { client: b.operator, step: 3 });
    if (standard && log?.ok && mark && typeof mark !== "string") {
      const codes = await codesSince(env, log.value, mark);
      const title = `${standard.log.name}: no event ${standard.event.code} for the refused closure`;
      if (typeof codes === "string") run.inconclusive(title, `the log's new entries were not read: ${codes}`, { step: 3 });
      else run.expect(!codes.includes(standard.event.code), title, `new codes: ${codes.join(", ") || "none"}`, `event ${standard.event.code} (${standard.event.name}) recorded again within the lockout`, { client: logReader!.id, step: 3 });
    }
    if (lockout.seconds <= MAX_WAIT_S) {
      await pause(env, lockout.seconds * 1000 - (env.now() - closedAt) + LOCKOUT_MARGIN_MS);
      const third = await closePeriod(env, a, b, id);
      const later = await billingState(env, b);
      run.expect(third.result === 0 && closed.counter !== null && later.counter === closed.counter + 1, `${operator}: a closure after the lockout of ${lockout.seconds} s`, `closed: ${later.text}`, `${commandText(third)}; ${later.text} (counter ${closed.counter === null ? "?" : closed.counter + 1} expected)`, { client: b.operator, step: 4 });
    } else {
      run.notRun(`${operator}: a closure after the lockout`, `the lockout of ${lockout.seconds} s could not be shortened and is longer than the run waits (${MAX_WAIT_S} s)`, { step: 4 });
    }
  }
  const restored = await lockout.restore();
  if (restored) run.inconclusive(`${b.lockout.obis} restored`, `the reset lockout shortened for the test could not be put back: ${restored}`, { step: 5 });
};
