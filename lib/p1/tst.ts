import type { TCosemDateTime } from "../dlms/axdr/date-time";
/**
 * The P1 time stamp TST: YYMMDDhhmmssX, the local date and time followed by S while daylight
 * saving time is active and W otherwise (DSMR P1 6.4).
 */
export type TTimestamp = { year: number; month: number; day: number; hour: number; minute: number; second: number; dst: boolean };

/** The fields of a COSEM date-time the P1 time stamp needs (lib/dlms/axdr's TCosemDateTime has them). */
/** The fields of a COSEM date-time a P1 time stamp shows (the status carries the DST bit 0x80). */
export type TP1DateTime = Pick<TCosemDateTime, "year" | "month" | "day" | "hour" | "minute" | "second" | "status">;

const DAYLIGHT_SAVING = 0x80;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatTimestamp(t: TTimestamp): string {
  return `${two(t.year % 100)}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}${two(t.second)}${t.dst ? "S" : "W"}`;
}

/** The time stamp of a COSEM date-time, or null when a field it needs is not specified. */
export function timestampOfDateTime(dt: TP1DateTime): TTimestamp | null {
  const { year, month, day, hour, minute, second } = dt;
  if (year === null || month === null || day === null || hour === null || minute === null || second === null) return null;
  return { year, month, day, hour, minute, second, dst: ((dt.status ?? 0) & DAYLIGHT_SAVING) !== 0 };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1]!);

/** Two digits at text[i], already known to be digits. */
const pair = (text: string, i: number) => (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;

/** Reads a TST; the error names the first field that is wrong. */
export function parseTimestamp(text: string): { ok: true; value: TTimestamp } | { ok: false; error: string } {
  if (text.length !== 13) {
    const noFlag = text.length === 12 && /^\d{12}$/.test(text);
    return { ok: false, error: `${text.length} characters, not the 13 of YYMMDDhhmmssX${noFlag ? ": the DST flag S or W is missing" : ""}` };
  }
  for (let i = 0; i < 12; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return { ok: false, error: `character ${i + 1} '${text[i]}' is not a digit of YYMMDDhhmmss` };
  }
  const flag = text[12];
  if (flag !== "S" && flag !== "W") return { ok: false, error: `the DST flag is '${flag}'; it must be S (daylight saving time) or W (standard time)` };
  const value = { year: 2000 + pair(text, 0), month: pair(text, 2), day: pair(text, 4), hour: pair(text, 6), minute: pair(text, 8), second: pair(text, 10), dst: flag === "S" };
  if (value.month < 1 || value.month > 12) return { ok: false, error: `month ${two(value.month)} does not exist` };
  if (value.day < 1 || value.day > daysIn(value.year, value.month)) return { ok: false, error: `day ${two(value.day)} does not exist in ${value.year}-${two(value.month)}` };
  if (value.hour > 23 || value.minute > 59 || value.second > 59) return { ok: false, error: `time ${two(value.hour)}:${two(value.minute)}:${two(value.second)} does not exist` };
  return { ok: true, value };
}

/**
 * Milliseconds on one standard-time scale: daylight saving time is moved back by an hour, so
 * that the autumn change from S to W does not look like the clock going back.
 */
export const standardTimeMs = (t: TTimestamp): number =>
  Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - (t.dst ? 3_600_000 : 0);
