import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { equalData } from "../../dlms/axdr/format";
import { entrySelection } from "../../dlms/cosem/selective-access";
import type { Association } from "../../dlms/client";
import type { TProfileLog } from "../../profile/schema";
import type { TRunEnvironment } from "../environment";

/**
 * Reading what event logs recorded: a log's entry count before an action, then the entries after
 * it (selective access by entry), with the event code of each taken from the column of the log's
 * event code object.
 */
export interface TLogMark {
  log: TProfileLog;
  before: number;
  /** The newest entry at the mark, to tell the new entries of a full log from the old ones. */
  last?: TData;
}

export async function markLog(a: Association, log: TProfileLog): Promise<TLogMark | string> {
  const r = await a.get({ classId: 7, obis: log.object.obis, attribute: 7 });
  if (!r.ok) return `entries_in_use of ${log.object.obis}: ${r.error.message}`;
  const before = numberOf(r.value) ?? 0;
  const last = before > 0 ? await a.get({ classId: 7, obis: log.object.obis, attribute: 2 }, entrySelection(before, before)) : undefined;
  const row = last?.ok && last.value.type === "array" ? last.value.items[0] : undefined;
  return { log, before, ...(row ? { last: row } : {}) };
}

/** The event codes recorded since the mark (the newest entries, when the log wrapped). */
export async function codesSince(env: TRunEnvironment, a: Association, mark: TLogMark): Promise<number[] | string> {
  const object = env.profile.objects.find((o) => o.obis === mark.log.object.obis);
  const column = object?.captureObjects?.findIndex((c) => c.obis === mark.log.codeObject.obis) ?? -1;
  if (!object || column < 0) return `${mark.log.object.obis} does not capture its event code object ${mark.log.codeObject.obis}`;
  const count = await a.get({ classId: 7, obis: mark.log.object.obis, attribute: 7 });
  if (!count.ok) return count.error.message;
  const now = numberOf(count.value) ?? 0;
  const entries = await a.get({ classId: 7, obis: mark.log.object.obis, attribute: 8 });
  const capacity = (entries.ok ? numberOf(entries.value) : null) ?? now;
  // A full log keeps its size while entries are added: then the number of new entries is unknown, read the last few.
  const fresh = now > mark.before ? now - mark.before : now === capacity ? Math.min(now, 8) : 0;
  if (fresh === 0) return [];
  const rows = await a.get({ classId: 7, obis: mark.log.object.obis, attribute: 2 }, entrySelection(now - fresh + 1, now));
  if (!rows.ok) return rows.error.message;
  const items = rows.value.type === "array" ? rows.value.items : [];
  // A full log: the entries after the one that was newest at the mark are the new ones.
  const seen = now > mark.before || !mark.last ? -1 : items.findIndex((row) => equalData(row, mark.last!));
  return items.slice(seen + 1).map((row) => (row.type === "structure" ? (numberOf(row.items[column] ?? d.null()) ?? -1) : -1));
}

/** The log of the profile that records an event. */
export function logOfEvent(env: TRunEnvironment, eventId: string): TProfileLog | undefined {
  return env.profile.events.logs.find((l) => l.events.some((e) => e.id === eventId));
}

export function eventCode(env: TRunEnvironment, eventId: string): number | undefined {
  for (const l of env.profile.events.logs) {
    const e = l.events.find((x) => x.id === eventId);
    if (e) return e.code;
  }
  return undefined;
}
