import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { formatData } from "../../dlms/axdr/format";
import { formatObis } from "../../dlms/obis";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import { dateTimeOctets, dateTimeOfData, entrySelection, rangeSelection } from "../../dlms/cosem/selective-access";
import type { TProfileObject } from "../../profile/schema";
import { canRead, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { shiftLimit } from "./time";
import { associationOf, readData, readingText, ref, requiredObjects, type TProcedure } from "./util";

/**
 * Load profiles, billing profiles and event logs (chapters "load-profiles", "billing", "events"):
 * entries at every capture period boundary, depth within profile_entries, selective access by
 * entry and by range, and logs that hold only the profile's events.
 */
const readerOf = (env: TRunEnvironment, o: TProfileObject): TClientId | undefined =>
  (["reading", "management", ...env.profile.clients.map((c) => c.id)] as TClientId[]).find((c) => env.profile.clients.some((x) => x.id === c) && canRead(o.attributes.find((a) => a.index === 2)?.access[c]));

/** The profile or log a test is about: its binding, else the first profile its requirements name. */
function profileOfTest(env: TRunEnvironment, run: TestRun): TProfileObject | undefined {
  const binding = run.test.binding;
  if (binding?.kind === "object") return env.profile.objects.find((o) => o.id === binding.id);
  if (binding?.kind === "log") {
    const log = env.profile.events.logs.find((l) => l.id === binding.id);
    return log ? env.profile.objects.find((o) => o.obis === log.object.obis) : undefined;
  }
  return requiredObjects(env, run).find((o) => o.classId === 7);
}

const clockColumn = (o: TProfileObject) => o.captureObjects?.findIndex((c) => c.obis === "0-0:1.0.0.255" && c.attribute === 2) ?? -1;

const rowTime = (row: TData, column: number): number | null => {
  if (row.type !== "structure") return null;
  const v = row.items[column];
  const dt = v ? dateTimeOfData(v) : null;
  return dt ? instantOfDateTime(dt) : null;
};

/** LP-003: consecutive entries lie on capture period boundaries, one period apart. */
export const profileBoundaries: TProcedure = async (env, run) => {
  const o = profileOfTest(env, run);
  const reader = o ? readerOf(env, o) : undefined;
  if (!o || !reader) return;
  const [buffer, period] = await env.readings.read(reader, [ref(o, 2), ref(o, 4)]);
  const seconds = numberOf(readData(period) ?? d.null()) ?? 0;
  const column = clockColumn(o);
  // Only what the meter recorded before the run: the run's own clock adjustments and captures make entries off the boundaries, as they must.
  const before = env.startedAt - 60_000;
  const rows = (readData(buffer)?.type === "array" ? (readData(buffer) as { items: TData[] }).items : []).filter((r) => {
    const t = column < 0 ? null : rowTime(r, column);
    return t !== null && t < before;
  });
  if (seconds <= 0 || column < 0 || rows.length < 2) {
    run.inconclusive(`${o.obis} entries`, `${rows.length} entries recorded before the run, capture period ${seconds} s: not enough to judge the boundaries`, { client: reader, evidence: buffer!.evidence });
    return;
  }
  const times = rows.map((r) => rowTime(r, column));
  const misplaced = times.filter((t) => t === null || Math.round(t / 1000) % seconds !== 0).length;
  const gaps = times.slice(1).filter((t, i) => t !== null && times[i] !== null && t - times[i]! !== seconds * 1000).length;
  run.expect(misplaced === 0, `${o.obis}: entries on ${seconds} s boundaries`, `${rows.length} entries recorded before the run, each on a boundary`, `${misplaced} of ${rows.length} entries are not on a ${seconds} s boundary`, { client: reader, evidence: buffer!.evidence });
  run.expect(gaps === 0, `${o.obis}: one entry per capture period`, `${rows.length - 1} consecutive intervals of ${seconds} s`, `${gaps} intervals are not ${seconds} s long (missing or extra entries)`, { client: reader, evidence: buffer!.evidence });
};

/** LP-004 and EVT-004: entries_in_use never exceeds profile_entries, and the buffer holds entries_in_use entries. */
export const profileDepth: TProcedure = async (env, run) => {
  const o = profileOfTest(env, run);
  const reader = o ? readerOf(env, o) : undefined;
  if (!o || !reader) return;
  const [buffer, used, depth] = await env.readings.read(reader, [ref(o, 2), ref(o, 7), ref(o, 8)], { fresh: true });
  const inUse = numberOf(readData(used) ?? d.null());
  const max = numberOf(readData(depth) ?? d.null());
  const rows = readData(buffer)?.type === "array" ? (readData(buffer) as { items: TData[] }).items.length : null;
  run.expect(inUse !== null && max !== null && inUse <= max, `${o.obis}: entries_in_use within profile_entries`, `${inUse} of ${max}`, `${readingText(used)} entries in use for ${readingText(depth)} profile entries`, { client: reader, evidence: used!.evidence });
  const fixed = o.attributes.find((a) => a.index === 8)?.value;
  if (typeof fixed === "number") run.expect(max === fixed, `${o.obis}: profile_entries`, `${max}, the depth the profile gives`, `${readingText(depth)}; the profile gives a depth of ${fixed} entries`, { client: reader, evidence: depth!.evidence });
  run.expect(rows === inUse, `${o.obis}: buffer length`, `${rows} entries, as entries_in_use says`, `the buffer holds ${rows} entries, entries_in_use says ${inUse}`, { client: reader, evidence: buffer!.evidence });
  if (inUse !== null && max !== null && inUse < max) run.inconclusive(`${o.obis}: overwriting the oldest entry`, `the profile is not full (${inUse} of ${max}): its wrap-around cannot be seen yet`, { client: reader });
};

/** LP-005 and EVT-009: selective access by entry and by range on the time column give exactly the rows asked. */
export const selectiveAccess: TProcedure = async (env, run) => {
  const o = profileOfTest(env, run);
  const reader = o ? readerOf(env, o) : undefined;
  if (!o || !reader) return;
  const a = await associationOf(env, run, reader);
  if (!a) return;
  const all = await a.get(ref(o, 2));
  if (!all.ok || all.value.type !== "array") {
    run.inconclusive(`${o.obis} buffer`, all.ok ? "not an array" : all.error.message, { client: reader });
    return;
  }
  const rows = all.value.items;
  if (rows.length === 0) {
    run.inconclusive(`${o.obis}: selective access`, "the buffer is empty: nothing to select", { client: reader });
    return;
  }
  const last = Math.min(2, rows.length);
  const byEntry = await a.get(ref(o, 2), entrySelection(1, last));
  run.expect(byEntry.ok && byEntry.value.type === "array" && byEntry.value.items.length === last && byEntry.value.items.every((r, i) => formatData(r, 64) === formatData(rows[i]!, 64)), `${o.obis}: entries 1 to ${last} by entry`, `the first ${last} rows of the buffer`, byEntry.ok ? `${formatData(byEntry.value, 3)} is not the first ${last} rows` : byEntry.error.message, { client: reader });
  const column = clockColumn(o);
  if (column < 0) return;
  const row = rows[rows.length - 1]!;
  const at = row.type === "structure" ? dateTimeOfData(row.items[column]!) : null;
  if (!at) return;
  const range = await a.get(ref(o, 2), rangeSelection({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2, dataIndex: 0 }, dateTimeOctets(at), dateTimeOctets(at)));
  // Entries sharing that time (a clock set back makes some) all belong to the range.
  const sameTime = rows.filter((r) => rowTime(r, column) === rowTime(row, column)).map((r) => formatData(r, 64));
  const got = range.ok && range.value.type === "array" ? range.value.items.map((r) => formatData(r, 64)) : null;
  run.expect(got !== null && got.length === sameTime.length && got.every((g, i) => g === sameTime[i]), `${o.obis}: the last entry by range on its time`, sameTime.length === 1 ? "exactly that entry" : `the ${sameTime.length} entries of that time`, range.ok ? `${got?.length ?? 0} rows returned; ${sameTime.length} entries have that time` : range.error.message, { client: reader });
};

/** EVT-005: every entry of a log carries an event code of that log in the profile. */
export const logHoldsProfileEvents: TProcedure = async (env, run) => {
  const log = env.profile.events.logs.find((l) => run.test.binding?.kind === "log" && l.id === run.test.binding.id);
  const o = log ? env.profile.objects.find((x) => x.obis === log.object.obis) : undefined;
  const reader = o ? readerOf(env, o) : undefined;
  if (!log || !o || !reader) return;
  const column = o.captureObjects?.findIndex((c) => c.obis === log.codeObject.obis) ?? -1;
  const r = await env.readings.value(reader, ref(o, 2));
  const rows = readData(r)?.type === "array" ? (readData(r) as { items: TData[] }).items : [];
  const allowed = new Set(log.events.map((e) => e.code));
  const foreign = rows.map((row) => (row.type === "structure" ? numberOf(row.items[column] ?? d.null()) : null)).filter((c) => c === null || !allowed.has(c));
  run.expect(column >= 0 && foreign.length === 0, `${log.name}: event codes of its ${rows.length} entries`, `all among the ${allowed.size} events of the profile`, column < 0 ? `the log does not capture ${log.codeObject.obis}` : `codes outside the profile's list: ${[...new Set(foreign)].join(", ")}`, { client: reader, evidence: r.evidence });
};

/**
 * EVT-003: a log captures the clock and its event code object (and nothing else but the firmware
 * identifier in the firmware log), is captured by events only, first in first out, and its buffer
 * holds entries_in_use rows in time order with one value per column.
 */
export const logStructure: TProcedure = async (env, run) => {
  const log = env.profile.events.logs.find((l) => run.test.binding?.kind === "log" && l.id === run.test.binding.id);
  const o = log ? env.profile.objects.find((x) => x.obis === log.object.obis) : undefined;
  const reader = o ? readerOf(env, o) : undefined;
  if (!log || !o || !reader) return;
  const [captured, period, sort, used, buffer] = await env.readings.read(reader, [ref(o, 3), ref(o, 4), ref(o, 5), ref(o, 7), ref(o, 2)], { fresh: true });
  const columns = readData(captured)?.type === "array" ? (readData(captured) as { items: TData[] }).items : null;
  const names = columns?.map((c) => (c.type === "structure" && c.items[1]?.type === "octet-string" ? formatObis(c.items[1].value) : "?")) ?? [];
  const leading = names[0] === "0-0:1.0.0.255" && names[1] === log.codeObject.obis;
  const extra = names.slice(2).filter((n) => !(log.id === "firmware" && n === "1-0:0.2.0.255"));
  run.expect(leading && extra.length === 0, `${o.obis} capture_objects`, `clock, then ${log.codeObject.obis}${names.length > 2 ? `, then ${names.slice(2).join(", ")}` : ""}`, `columns ${names.join(", ") || readingText(captured)}; expected the clock, then ${log.codeObject.obis}`, { client: reader, evidence: captured!.evidence });
  run.expect(numberOf(readData(period) ?? d.null()) === 0, `${o.obis} capture_period`, "0 (captured by events)", `${readingText(period)}; a log is captured by events only (0)`, { client: reader, evidence: period!.evidence });
  run.expect(numberOf(readData(sort) ?? d.null()) === 1, `${o.obis} sort_method`, "1 (FIFO)", `${readingText(sort)}; a log is first in, first out (1)`, { client: reader, evidence: sort!.evidence });
  const rows = readData(buffer)?.type === "array" ? (readData(buffer) as { items: TData[] }).items : null;
  const inUse = numberOf(readData(used) ?? d.null());
  if (!rows) {
    run.fail(`${o.obis} buffer`, `not read: ${readingText(buffer)}`, { client: reader, evidence: buffer!.evidence });
    return;
  }
  const width = columns?.length ?? 0;
  const malformed = rows.filter((r) => r.type !== "structure" || r.items.length !== width).length;
  const times = rows.map((r) => rowTime(r, 0));
  // Entries are in recording order; a clock set back (this run's own time tests do so) may make one earlier than the one before, by no more than the step.
  const stepBackMs = (shiftLimit(env) + 35) * 1000;
  const unordered = times.slice(1).filter((t, i) => t !== null && times[i] !== null && t < times[i]! - stepBackMs).length;
  run.expect(rows.length === inUse && malformed === 0 && unordered === 0, `${o.obis} buffer`, `${rows.length} entries in time order, ${width} values each`, [rows.length !== inUse ? `${rows.length} entries, entries_in_use ${inUse}` : "", malformed ? `${malformed} entries without ${width} values` : "", unordered ? `${unordered} entries earlier than the one before by more than a clock adjustment (${stepBackMs / 1000} s)` : ""].filter(Boolean).join("; "), { client: reader, evidence: buffer!.evidence });
};
