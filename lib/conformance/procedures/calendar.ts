import { ByteReader } from "../../dlms/bytes";
import type { TData } from "../../dlms/axdr/data";
import { readCosemDate, readCosemTime, type TCosemDate, type TCosemDateTime } from "../../dlms/axdr/date-time";
import { dateTimeOfData } from "../../dlms/cosem/selective-access";
import { formatObis } from "../../dlms/obis";

/**
 * The runner's reading of an activity calendar (Blue Book, class 20) and a special days table
 * (class 11), kept apart from the simulator's so that the two check each other: the structures
 * checked element by element, then the action in force at a local date and time (the season whose
 * start passed last, wrapping to the last season of the year before; its week profile or the
 * special day; the last action of the day profile that started, else the last of the day before).
 */
export interface TSeason {
  name: string;
  start: TCosemDateTime;
  week: string;
}
export interface TWeek {
  name: string;
  /** Day ids, Monday first. */
  days: number[];
}
export interface TAction {
  /** Seconds after midnight. */
  start: number;
  script: string;
  selector: number;
}
export interface TDayProfile {
  id: number;
  actions: TAction[];
}
export interface TCalendar {
  seasons: TSeason[];
  weeks: TWeek[];
  days: TDayProfile[];
}
export interface TSpecialDay {
  date: TCosemDate;
  dayId: number;
}

/** A calendar name as people read it: printable text, else hex. */
export function nameText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("latin1");
  return /^[\x20-\x7e]*$/.test(text) ? `"${text}"` : Buffer.from(bytes).toString("hex");
}

const octets = (v: TData | undefined): Uint8Array | null => (v?.type === "octet-string" ? v.value : null);
const unsigned = (v: TData | undefined): number | null => (v && (v.type === "unsigned" || v.type === "long-unsigned") ? v.value : null);

function timeOf(v: TData | undefined): number | null {
  const t = v?.type === "time" ? v.value : v?.type === "octet-string" && v.value.length === 4 ? readCosemTime(new ByteReader(v.value)) : null;
  return t ? (t.hour ?? 0) * 3600 + (t.minute ?? 0) * 60 + (t.second ?? 0) : null;
}

/** The active (or passive) calendar from attributes 3, 4 and 5 (7, 8, 9), or what is malformed in them. */
export function parseCalendar(seasons: TData | undefined, weeks: TData | undefined, days: TData | undefined): TCalendar | string {
  if (seasons?.type !== "array") return "season_profile is not an array";
  if (weeks?.type !== "array") return "week_profile_table is not an array";
  if (days?.type !== "array") return "day_profile_table is not an array";
  const calendar: TCalendar = { seasons: [], weeks: [], days: [] };
  for (const [i, s] of seasons.items.entries()) {
    const [name, start, week] = s.type === "structure" && s.items.length === 3 ? s.items : [];
    const dt = start ? dateTimeOfData(start) : null;
    const n = octets(name);
    const w = octets(week);
    if (!n || !dt || !w) return `season ${i + 1} is not {season_profile_name, season_start date-time, week_name}`;
    calendar.seasons.push({ name: nameText(n), start: dt, week: nameText(w) });
  }
  for (const [i, w] of weeks.items.entries()) {
    const n = w.type === "structure" && w.items.length === 8 ? octets(w.items[0]) : null;
    const ids = w.type === "structure" ? w.items.slice(1).map(unsigned) : [];
    if (!n || ids.length !== 7 || ids.some((x) => x === null)) return `week profile ${i + 1} is not {week_profile_name, 7 day_ids from Monday to Sunday}`;
    calendar.weeks.push({ name: nameText(n), days: ids as number[] });
  }
  for (const [i, x] of days.items.entries()) {
    const id = x.type === "structure" && x.items.length === 2 ? unsigned(x.items[0]) : null;
    const schedule = x.type === "structure" ? x.items[1] : undefined;
    if (id === null || schedule?.type !== "array") return `day profile ${i + 1} is not {day_id, day_schedule}`;
    const actions: TAction[] = [];
    for (const [k, a] of schedule.items.entries()) {
      const [time, script, selector] = a.type === "structure" && a.items.length === 3 ? a.items : [];
      const start = timeOf(time);
      const ln = octets(script);
      const n = unsigned(selector);
      if (start === null || !ln || ln.length !== 6 || n === null) return `action ${k + 1} of day profile ${id} is not {start_time, script_logical_name, script_selector}`;
      actions.push({ start, script: formatObis(ln), selector: n });
    }
    calendar.days.push({ id, actions: actions.sort((p, q) => p.start - q.start) });
  }
  return calendar;
}

/** The entries of a special days table (attribute 2), or what is malformed in them. */
export function parseSpecialDays(v: TData | undefined): TSpecialDay[] | string {
  if (v?.type !== "array") return "the special days table is not an array";
  const out: TSpecialDay[] = [];
  for (const [i, e] of v.items.entries()) {
    const date = e.type === "structure" && e.items.length === 3 ? (e.items[1]?.type === "date" ? e.items[1].value : octets(e.items[1])?.length === 5 ? readCosemDate(new ByteReader(octets(e.items[1])!)) : null) : null;
    const dayId = e.type === "structure" ? unsigned(e.items[2]) : null;
    if (!date || dayId === null) return `special day ${i + 1} is not {index, specialday_date, day_id}`;
    out.push({ date, dayId });
  }
  return out;
}

/** Dangling references: week names of the seasons, day ids of the weeks and special days, scripts and selectors of the actions. */
export function danglingReferences(calendar: TCalendar, specialDays: TSpecialDay[], scriptTable: string, scriptIds: readonly number[]): string[] {
  const problems: string[] = [];
  const weeks = new Set(calendar.weeks.map((w) => w.name));
  const days = new Set(calendar.days.map((x) => x.id));
  for (const s of calendar.seasons) if (!weeks.has(s.week)) problems.push(`season ${s.name} names week ${s.week}, which the week profile table lacks`);
  for (const w of calendar.weeks) for (const id of new Set(w.days)) if (!days.has(id)) problems.push(`week ${w.name} names day profile ${id}, which the day profile table lacks`);
  for (const sd of specialDays) if (!days.has(sd.dayId)) problems.push(`a special day names day profile ${sd.dayId}, which the day profile table lacks`);
  for (const x of calendar.days) {
    for (const a of x.actions) {
      if (a.script !== scriptTable) problems.push(`day profile ${x.id} runs a script of ${a.script}, not of the tariffication script table ${scriptTable}`);
      else if (!scriptIds.includes(a.selector)) problems.push(`day profile ${x.id} runs script ${a.selector}, which ${scriptTable} lacks`);
    }
  }
  return problems;
}

interface TDate {
  year: number;
  month: number;
  day: number;
  dayOfWeek: number;
}

function dateOf(year: number, month: number, day: number): TDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), dayOfWeek: ((d.getUTCDay() + 6) % 7) + 1 };
}

const within = (field: number | null, value: number): boolean => field === null || field === value;

/** The season, week and day profile that apply on a date. */
export function dayProfileOn(calendar: TCalendar, specialDays: TSpecialDay[], date: TDate): { season?: TSeason; dayId?: number; profile?: TDayProfile; special: boolean } {
  const position = (m: number, d: number, s: number) => (m * 32 + d) * 86_400 + s;
  const at = (s: TSeason) => position(s.start.month ?? 1, s.start.day ?? 1, (s.start.hour ?? 0) * 3600 + (s.start.minute ?? 0) * 60);
  const today = position(date.month, date.day, 86_399);
  const ordered = [...calendar.seasons].sort((p, q) => at(p) - at(q));
  const season = ordered.filter((s) => at(s) <= today).at(-1) ?? ordered.at(-1);
  const special = specialDays.find((s) => within(s.date.year, date.year) && within(s.date.month, date.month) && within(s.date.day, date.day) && within(s.date.dayOfWeek, date.dayOfWeek));
  const dayId = special?.dayId ?? calendar.weeks.find((w) => w.name === season?.week)?.days[date.dayOfWeek - 1];
  const profile = calendar.days.find((x) => x.id === dayId);
  return { ...(season ? { season } : {}), ...(dayId !== undefined ? { dayId } : {}), ...(profile ? { profile } : {}), special: special !== undefined };
}

/** The action in force at a local date-time, and how it was found (for messages). */
export function actionAt(calendar: TCalendar, specialDays: TSpecialDay[], local: TCosemDateTime): { action: TAction; why: string } | string {
  if (local.year === null || local.month === null || local.day === null) return "the clock shows no full date";
  const today = dateOf(local.year, local.month, local.day);
  const now = (local.hour ?? 0) * 3600 + (local.minute ?? 0) * 60 + (local.second ?? 0);
  const on = dayProfileOn(calendar, specialDays, today);
  if (!on.profile) return `no day profile applies on ${local.year}-${local.month}-${local.day} (season ${on.season?.name ?? "none"}, day id ${on.dayId ?? "none"})`;
  const started = on.profile.actions.filter((a) => a.start <= now).at(-1);
  const clock = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}`;
  const where = `season ${on.season?.name}, ${on.special ? "special day" : `day ${today.dayOfWeek} of the week`}, day profile ${on.profile.id}`;
  if (started) return { action: started, why: `${where}, action of ${clock(started.start)}` };
  const before = dayProfileOn(calendar, specialDays, dateOf(local.year, local.month, local.day - 1)).profile?.actions.at(-1);
  return before ? { action: before, why: `${where}: no action yet today, the last of the day before (${clock(before.start)})` } : `day profile ${on.profile.id} has no action`;
}
