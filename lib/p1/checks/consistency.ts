import type { TP1LayoutLine } from "../layout";
import type { TP1Finding } from "../report";
import { parseTimestamp, standardTimeMs } from "../tst";

/**
 * Values across telegrams: registers never decrease, the clock follows the receive times.
 * Telegrams are compared as they come with the one before, so that nothing of a long capture is
 * kept but the last telegram's values.
 */
export type TTrackedValues = { obis: string; line: TP1LayoutLine; texts: string[] }[];

const CLOCK_OBIS = "0-0:1.0.0";

/** Whether a line's values are compared across telegrams. */
export const isTracked = (line: TP1LayoutLine): boolean => line.obis === CLOCK_OBIS || line.values.some((v) => v.rows.some((r) => r.monotonic));

/** A comparable number for a value: a time stamp on the standard-time scale, or the number before "*". */
function magnitude(text: string, timestamp: boolean): number | null {
  if (timestamp) {
    const t = parseTimestamp(text);
    return t.ok ? standardTimeMs(t.value) : null;
  }
  // Values reach here with their row's format checked: digits, an optional point, then "*unit".
  const n = parseFloat(text);
  return Number.isFinite(n) ? n : null;
}

type TPoint = { unit: number; text: string; value: number };
type TSeries = { line: TP1LayoutLine; what: string; last: TPoint; count: number; failed: boolean };
type TClock = { unit: number; at: number | null; value: number; objectIds: string[] };

export class ConsistencyTracker {
  /** Per OBIS code, the series of each of its monotonic values, by value index. */
  private readonly series = new Map<string, (TSeries | undefined)[]>();
  private readonly findings: TP1Finding[] = [];
  private clock: TClock | null = null;
  private clocks = 0;
  private clockFailed = false;
  private clockTimed = true;
  private clockObjects: string[] = [];

  constructor(private readonly clockToleranceMs: number) {}

  /** The values of one telegram whose CRC verifies, received at `at`. */
  add(unit: number, at: number | null, values: TTrackedValues): void {
    for (const { obis, line, texts } of values) {
      if (obis === CLOCK_OBIS) this.addClock(unit, at, texts[0]!, line.objectIds);
      for (let index = 0; index < line.values.length; index++) {
        const rows = line.values[index]!.rows;
        if (!rows[0]!.monotonic) continue;
        const text = texts[index]!;
        const value = magnitude(text, rows[0]!.parsedFormat.kind === "timestamp");
        if (value === null) continue;
        let list = this.series.get(obis);
        if (!list) this.series.set(obis, (list = []));
        const entry = list[index];
        if (!entry) {
          list[index] = { line, what: line.values.length > 1 ? `${obis} value ${index + 1}` : obis, last: { unit, text, value }, count: 1, failed: false };
          continue;
        }
        if (value < entry.last.value) {
          entry.failed = true;
          this.findings.push({ check: "consistency.registers", status: "FAIL", unit, obis, objectIds: line.objectIds, reason: `${entry.what} fell from ${entry.last.text} to ${text} between telegrams ${entry.last.unit} and ${unit}` });
        }
        entry.last = { unit, text, value };
        entry.count++;
      }
    }
  }

  private addClock(unit: number, at: number | null, text: string, objectIds: string[]): void {
    const value = magnitude(text, true);
    if (value === null) return;
    const a = this.clock;
    const b: TClock = { unit, at, value, objectIds };
    this.clock = b;
    this.clocks++;
    this.clockObjects = objectIds;
    if (at === null) this.clockTimed = false;
    if (!a) return;
    const advanced = b.value - a.value;
    const subject = { unit, obis: CLOCK_OBIS, objectIds };
    if (a.at !== null && b.at !== null) {
      const received = b.at - a.at;
      if (Math.abs(advanced - received) > this.clockToleranceMs) {
        this.clockFailed = true;
        this.findings.push({ check: "consistency.clock", status: "FAIL", ...subject, reason: `the clock advanced ${(advanced / 1000).toFixed(0)} s between telegrams ${a.unit} and ${b.unit}, received ${(received / 1000).toFixed(2)} s apart` });
      }
    } else if (advanced <= 0) {
      this.clockFailed = true;
      this.findings.push({ check: "consistency.clock", status: "FAIL", ...subject, reason: `the clock did not advance between telegrams ${a.unit} and ${b.unit} (${advanced / 1000} s)` });
    }
  }

  /** The failures found, then a PASS for every series and the clock that never failed. */
  finish(): TP1Finding[] {
    const out = [...this.findings];
    for (const [obis, list] of this.series) {
      for (const s of list) {
        if (s && !s.failed && s.count > 1) out.push({ check: "consistency.registers", status: "PASS", obis, objectIds: s.line.objectIds, reason: `${s.what} never decreases over ${s.count} telegrams` });
      }
    }
    if (!this.clockFailed && this.clocks > 1) {
      out.push({
        check: "consistency.clock",
        status: "PASS",
        obis: CLOCK_OBIS,
        objectIds: this.clockObjects,
        reason: this.clockTimed ? `the clock advances with the receive times over ${this.clocks} telegrams (± ${(this.clockToleranceMs / 1000).toFixed(1)} s)` : `the clock advances over ${this.clocks} telegrams (no receive times to compare with)`,
      });
    }
    return out;
  }
}
