import { P1_CHECKS, worstStatus, type TP1Finding, type TP1ReportLine, type TP1Status } from "./report";
import { testIdsOf } from "./testbook-map";

/**
 * Collects the findings of a check and turns them into report lines: PASS and INCONCLUSIVE
 * findings of one check and subject become one line counting their telegrams; FAIL and WARN
 * findings with the same reason become one line listing theirs; findings about the whole capture
 * stay as they are. A check may also tally a PASS against a template made once per readout line,
 * which costs no object per telegram: an hour of 35-line telegrams holds 25,000 of them.
 */
/** How many units a subject's findings concern, and the last of them (units are 1-based). */
type TSubject = { count: number; last: number };
/** Findings that make one report line, with their subject at hand: one map look-up per finding finds both. */
type TGroup = { first: TP1Finding; units: number[]; subject: TSubject };
const CHECK_ORDER = new Map(Object.keys(P1_CHECKS).map((id, i) => [id, i]));

/** "1-4, 6" for a list of unit numbers. */
function ranges(units: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i++) {
    let j = i;
    while (j + 1 < units.length && units[j + 1] === units[j]! + 1) j++;
    parts.push(j > i ? `${units[i]}-${units[j]}` : String(units[i]));
    i = j;
  }
  return parts.join(", ");
}

/** A report line built field by field: object spreads cost more than the rest of a telegram's check. */
function reportLine(f: TP1Finding, reason: string, unit: number | undefined, extra: { count?: number; units?: number[] }): TP1ReportLine {
  const line: TP1ReportLine = { check: f.check, status: f.status, reason, testIds: testIdsOf(f) };
  if (unit !== undefined) line.unit = unit;
  if (unit !== undefined && f.line !== undefined) line.line = f.line;
  if (f.obis !== undefined) line.obis = f.obis;
  if (f.objectIds !== undefined) line.objectIds = f.objectIds;
  if (extra.count !== undefined) line.count = extra.count;
  if (extra.units !== undefined) line.units = extra.units;
  return line;
}

/** "check|obis": the OBIS code decides the objects of a finding. */
const subjectOf = (f: TP1Finding): string => f.subject ?? (f.obis === undefined ? f.check : `${f.check}|${f.obis}`);

/** Findings of one subject come in the order of their units, so counting changes of unit counts units. */
function count(group: TGroup, unit: number): void {
  group.units.push(unit);
  const s = group.subject;
  if (s.last !== unit) {
    s.count++;
    s.last = unit;
  }
}

export class FindingSink {
  private readonly whole: TP1Finding[] = [];
  private readonly judged = new Map<string, TGroup>();
  private readonly found = new Map<string, TGroup>();
  private readonly tallies = new Map<TP1Finding, TGroup>();
  private readonly subjects = new Map<string, TSubject>();
  private worst: TP1Status = "PASS";

  private subject(subject: string): TSubject {
    let s = this.subjects.get(subject);
    if (!s) this.subjects.set(subject, (s = { count: 0, last: -1 }));
    return s;
  }

  add(f: TP1Finding): void {
    if (f.status !== "PASS") this.worst = worstStatus([this.worst, f.status]);
    if (f.unit === undefined) {
      this.whole.push(f);
      return;
    }
    const subject = subjectOf(f);
    const judged = f.status === "PASS" || f.status === "INCONCLUSIVE";
    const groups = judged ? this.judged : this.found;
    const key = f.status === "PASS" ? subject : judged ? `${subject}|?` : `${subject}|${f.status}|${f.line ?? ""}|${f.reason}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { first: f, units: [], subject: this.subject(subject) }));
    count(group, f.unit);
  }

  addAll(findings: readonly TP1Finding[]): void {
    for (const f of findings) this.add(f);
  }

  /** A PASS for `unit` against a template without unit, with its subject set. */
  pass(template: TP1Finding & { subject: string }, unit: number): void {
    let group = this.tallies.get(template);
    if (!group) this.tallies.set(template, (group = { first: template, units: [], subject: this.subject(template.subject) }));
    count(group, unit);
  }

  /** Starts a unit: its status is the worst of what is added until the next call. */
  beginUnit(): void {
    this.worst = "PASS";
  }

  get unitStatus(): TP1Status {
    return this.worst;
  }

  lines(): TP1ReportLine[] {
    const lines = this.whole.map((f) => reportLine(f, f.reason, f.unit, {}));
    for (const { first, units } of this.found.values()) {
      const many = first.check.startsWith("frame.") ? "frames" : "telegrams";
      lines.push(units.length === 1 ? reportLine(first, first.reason, first.unit, {}) : reportLine(first, `${first.reason} (${many} ${ranges(units)})`, first.unit, { units }));
    }
    for (const { first, units, subject } of [...this.judged.values(), ...this.tallies.values()]) {
      const frame = first.check.startsWith("frame.");
      const total = subject.count;
      const n = units.length;
      const scope = n === 1 && total === 1 ? `${frame ? "frame" : "telegram"} ${units[0]}` : n === total ? `all ${total} ${frame ? "frames" : "telegrams"}` : `${n} of ${total} ${frame ? "frames" : "telegrams"}`;
      lines.push(reportLine(first, `${first.reason} (${scope})`, undefined, { count: n }));
    }
    const order = (l: TP1ReportLine) => CHECK_ORDER.get(l.check)!;
    const byObis = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return lines.sort((a, b) => order(a) - order(b) || (a.unit ?? 0) - (b.unit ?? 0) || byObis(a.obis ?? "", b.obis ?? ""));
  }
}
