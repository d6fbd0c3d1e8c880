import { ByteReader } from "../../dlms/bytes";
import { numberOf, type TData } from "../../dlms/axdr/data";
import { readCosemDate, readCosemDateTime, readCosemTime, type TCosemDate, type TCosemDateTime } from "../../dlms/axdr/date-time";
import { formatObis } from "../../dlms/obis";

/**
 * The action of an activity calendar in force at a local date and time (Blue Book, class 20):
 * the season whose start is the latest one passed (the last of the list before the first start
 * of the year), its week profile, the day of the week or a special day of the special days table
 * (class 11), then the last action of that day profile that has started, or the last action of
 * the day before when none has yet. The simulator runs the script of that action when it changes,
 * as a meter's tariffication does; the initial tariff comes from the same rule.
 */
export interface TCalendarAction {
  /** Logical name of the script table the action runs. */
  script: string;
  selector: number;
  /** Start of the action, in seconds after midnight. */
  start: number;
}

export interface TCalendarTables {
  seasons: TData | undefined;
  weeks: TData | undefined;
  days: TData | undefined;
  /** Attribute 2 of the special days table, when the meter has one. */
  specialDays?: TData | undefined;
}

const items = (v: TData | undefined): TData[] => (v?.type === "array" ? v.items : []);
const fields = (v: TData): TData[] => (v.type === "structure" ? v.items : []);
const key = (v: TData | undefined): string => (v?.type === "octet-string" ? Buffer.from(v.value).toString("hex") : "");

function dateTimeOf(v: TData | undefined): TCosemDateTime | null {
  if (v?.type === "date-time") return v.value;
  return v?.type === "octet-string" && v.value.length === 12 ? readCosemDateTime(new ByteReader(v.value)) : null;
}

function dateOf(v: TData | undefined): TCosemDate | null {
  if (v?.type === "date") return v.value;
  return v?.type === "octet-string" && v.value.length === 5 ? readCosemDate(new ByteReader(v.value)) : null;
}

function secondsOf(v: TData | undefined): number | null {
  const t = v?.type === "time" ? v.value : v?.type === "octet-string" && v.value.length === 4 ? readCosemTime(new ByteReader(v.value)) : null;
  return t ? (t.hour ?? 0) * 3600 + (t.minute ?? 0) * 60 + (t.second ?? 0) : null;
}

interface TDay {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday. */
  dayOfWeek: number;
}

function dayAt(year: number, month: number, day: number): TDay {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), dayOfWeek: ((d.getUTCDay() + 6) % 7) + 1 };
}

/** Position in the year of a season start, for ordering: month, day, then time of day. */
const yearPosition = (month: number, day: number, seconds: number): number => (month * 32 + day) * 86_400 + seconds;

function seasonWeek(seasons: TData | undefined, day: TDay): string | undefined {
  const now = yearPosition(day.month, day.day, 86_399);
  let started: { at: number; week: string } | undefined;
  let latest: { at: number; week: string } | undefined;
  for (const s of items(seasons)) {
    const [, start, week] = fields(s);
    const dt = dateTimeOf(start);
    if (!dt || week === undefined) continue;
    const at = yearPosition(dt.month ?? 1, dt.day ?? 1, (dt.hour ?? 0) * 3600 + (dt.minute ?? 0) * 60);
    const entry = { at, week: key(week) };
    if (!latest || at >= latest.at) latest = entry;
    if (at <= now && (!started || at >= started.at)) started = entry;
  }
  return (started ?? latest)?.week;
}

function specialDayId(specialDays: TData | undefined, day: TDay): number | undefined {
  for (const entry of items(specialDays)) {
    const [, date, id] = fields(entry);
    const d = dateOf(date);
    if (!d || id === undefined) continue;
    const matches = (d.year === null || d.year === day.year) && (d.month === null || d.month === day.month) && (d.day === null || d.day === day.day) && (d.dayOfWeek === null || d.dayOfWeek === day.dayOfWeek);
    if (matches) return numberOf(id) ?? undefined;
  }
  return undefined;
}

/** The actions of the day profile that applies on a day, ordered by start. */
function actionsOf(tables: TCalendarTables, day: TDay): TCalendarAction[] {
  const week = seasonWeek(tables.seasons, day);
  const profile = items(tables.weeks).find((w) => key(fields(w)[0]) === week);
  const dayId = specialDayId(tables.specialDays, day) ?? (profile ? numberOf(fields(profile)[day.dayOfWeek] ?? { type: "null-data" }) : null);
  const schedule = items(tables.days).find((x) => numberOf(fields(x)[0] ?? { type: "null-data" }) === dayId);
  const actions: TCalendarAction[] = [];
  for (const a of items(schedule ? fields(schedule)[1] : undefined)) {
    const [time, script, selector] = fields(a);
    const start = secondsOf(time);
    const n = selector ? numberOf(selector) : null;
    if (start === null || n === null || script?.type !== "octet-string" || script.value.length !== 6) continue;
    actions.push({ script: formatObis(script.value), selector: n, start });
  }
  return actions.sort((x, y) => x.start - y.start);
}

export function actionInForce(tables: TCalendarTables, local: TCosemDateTime): TCalendarAction | undefined {
  if (local.year === null || local.month === null || local.day === null) return undefined;
  const today = dayAt(local.year, local.month, local.day);
  const now = (local.hour ?? 0) * 3600 + (local.minute ?? 0) * 60 + (local.second ?? 0);
  const started = actionsOf(tables, today).filter((a) => a.start <= now).at(-1);
  return started ?? actionsOf(tables, dayAt(local.year, local.month, local.day - 1)).at(-1);
}
