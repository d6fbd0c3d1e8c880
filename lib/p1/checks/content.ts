import { fromHex } from "../bytes";
import { checkValue, type TP1ValueSpec } from "../format";
import { lineExpectation, type TP1Layout, type TP1LayoutLine } from "../layout";
import { obisGroups } from "../obis";
import type { TP1Row } from "../readout";
import type { FindingSink } from "../findings";
import { isTracked, type TTrackedValues } from "./consistency";
import { markLine, type TP1DecodedLine, type TP1Finding } from "../report";
import type { TTelegramCheck } from "./telegram";

/** The telegram's content against the profile's readout list (P1-005 to P1-012). */
export type TContentCheck = {
  missing: { obis: string; name: string }[];
  /** Values of the lines compared across telegrams (clock, registers), when they have their row's format. */
  values: TTrackedValues;
};

const VERSION_OBIS = "1-3:0.2.8";
const LDN_OBIS = "0-0:42.0.0";
const DEVICE_TYPE_ROW = "mbus-device-type";


/** Other codes of the list a mistyped code may stand for: another A-B, or another E of the same register. */
function suggestion(obis: string, layout: TP1Layout, present: ReadonlySet<string>): string | null {
  const g = obisGroups(obis);
  if (!g) return null;
  const known = [...layout.byObis.keys(), ...layout.optional.keys()];
  const sameRegister = known.filter((k) => {
    const h = obisGroups(k)!;
    return h[2] === g[2] && h[3] === g[3] && h[4] === g[4] && (h[0] !== g[0] || h[1] !== g[1]);
  });
  const otherE = known.filter((k) => {
    const h = obisGroups(k)!;
    return h[0] === g[0] && h[1] === g[1] && h[2] === g[2] && h[3] === g[3] && h[4] !== g[4] && !present.has(k);
  });
  const candidates = sameRegister.length > 0 ? sameRegister : otherE;
  return candidates.length > 0 && candidates.length <= 3 ? `${candidates.join(" or ")} ${candidates.length === 1 ? "is" : "are"}` : null;
}

function asciiOfHex(hex: string): string | null {
  const bytes = fromHex(hex);
  if (!bytes || bytes.length < 3) return null;
  const text = String.fromCharCode(...bytes.subarray(0, 3));
  return /^[A-Za-z]{3}$/.test(text) ? text : null;
}

const specOf = (r: TP1Row): TP1ValueSpec => ({ format: r.parsedFormat, encoding: r.encoding ?? null, unit: r.unit });

/** What checking a layout line needs, made once per line rather than once per telegram. */
type TCompiledLine = {
  row: NonNullable<TP1DecodedLine["row"]>;
  present: TP1Finding & { subject: string };
  format: TP1Finding & { subject: string };
  values: { rows: TP1Row[]; specs: TP1ValueSpec[] }[];
  deviceType: boolean;
  tracked: boolean;
};
const COMPILED = new WeakMap<TP1LayoutLine, TCompiledLine>();

function compiled(line: TP1LayoutLine): TCompiledLine {
  let c = COMPILED.get(line);
  if (!c) {
    const expected = lineExpectation(line);
    c = {
      row: { name: line.name, expected, inProfile: line.inProfile },
      present: {
        check: line.inProfile ? "content.rows" : "content.optional",
        status: "PASS",
        obis: line.obis,
        objectIds: line.objectIds,
        reason: line.inProfile ? `${line.obis} (${line.name}) is present` : `${line.obis} (${line.name}) is an optional row of the specification's readout list, outside the profile's list`,
        subject: `${line.inProfile ? "content.rows" : "content.optional"}|${line.obis}`,
      },
      format: { check: "content.format", status: "PASS", obis: line.obis, objectIds: line.objectIds, reason: `${line.obis} is written ${expected}`, subject: `content.format|${line.obis}` },
      values: line.values.map((v) => ({ rows: v.rows, specs: v.rows.map(specOf) })),
      deviceType: line.channel !== null && line.values[0]!.rows[0]!.id === DEVICE_TYPE_ROW,
      tracked: isTracked(line),
    };
    COMPILED.set(line, c);
  }
  return c;
}

/** The value's row: the one of the channel's medium when the device type is known and several rows apply. */
function checkOneValue(value: TCompiledLine["values"][number], deviceType: number | null, text: string): string | null {
  const { rows, specs } = value;
  if (rows.length === 1) return checkValue(specs[0]!, text);
  const medium = deviceType === null ? -1 : rows.findIndex((r) => r.deviceTypes?.includes(deviceType));
  if (medium >= 0) {
    const problem = checkValue(specs[medium]!, text);
    return problem ? `${problem} (${rows[medium]!.name.replace(/ channel x$/, "")}, device type ${deviceType})` : null;
  }
  let first: string | null = null;
  for (const spec of specs) {
    const problem = checkValue(spec, text);
    if (problem === null) return null;
    first ??= problem;
  }
  return first;
}

/** Checks the data lines of one telegram against the layout; annotates their decoded lines. */
export function checkContent(data: TTelegramCheck["data"], layout: TP1Layout, unit: number, header: string | null, findings: FindingSink): TContentCheck {
  const values: TContentCheck["values"] = new Map();
  const seen = new Map<string, number>();
  const lines: (TP1LayoutLine | undefined)[] = [];
  const deviceTypes = new Map<number, number>();
  for (const d of data) {
    const obis = d.parsed.obis;
    const line = obis ? (layout.byObis.get(obis) ?? layout.optional.get(obis)) : undefined;
    lines.push(line);
    if (line && compiled(line).deviceType && /^\d+$/.test(d.parsed.values[0] ?? "")) deviceTypes.set(line.channel!, Number(d.parsed.values[0]));
  }
  const order: { obis: string; line: TP1LayoutLine; number: number }[] = [];
  let present: Set<string> | null = null;

  for (let i = 0; i < data.length; i++) {
    const d = data[i]!;
    const obis = d.parsed.obis;
    if (!d.readable || !obis) continue;
    const number = d.line.number;
    const earlier = seen.get(obis);
    if (earlier !== undefined) {
      findings.add({ check: "content.duplicates", status: "FAIL", unit, line: number, obis, reason: `${obis} appears twice, on lines ${earlier} and ${number}` });
      markLine(d.decoded, "FAIL", `${obis} already appears on line ${earlier}`);
      continue;
    }
    seen.set(obis, number);
    const line = lines[i];
    if (!line) {
      present ??= new Set(data.map((x) => x.parsed.obis ?? ""));
      const suggest = suggestion(obis, layout, present);
      const reason = `${obis} is not in the readout list${suggest ? `; ${suggest}` : ""}`;
      findings.add({ check: "content.outside", status: "WARN", unit, line: number, obis, reason });
      markLine(d.decoded, "WARN", reason);
      continue;
    }
    const c = compiled(line);
    order.push({ obis, line, number });
    d.decoded.row = c.row;
    const objectIds = line.objectIds;
    findings.pass(c.present, unit);

    const texts = d.parsed.values;
    let problems: string[] | null = null;
    if (texts.length !== c.values.length) {
      problems = [`${c.values.length} value${c.values.length === 1 ? "" : "s"} expected (${c.row.expected}), ${texts.length} written`];
    } else {
      const deviceType = line.channel === null ? null : (deviceTypes.get(line.channel) ?? null);
      for (let v = 0; v < c.values.length; v++) {
        const problem = checkOneValue(c.values[v]!, deviceType, texts[v]!);
        if (problem) (problems ??= []).push(c.values.length > 1 ? `value ${v + 1}: ${problem}` : problem);
      }
    }
    if (problems) {
      for (const p of problems) findings.add({ check: "content.format", status: "FAIL", unit, line: number, obis, objectIds, reason: `${obis}: ${p}` });
      markLine(d.decoded, "FAIL", ...problems);
    } else {
      findings.pass(c.format, unit);
      if (c.tracked) values.set(obis, { line, texts });
    }

    if (obis === VERSION_OBIS && texts.length > 0) {
      const v = texts[0]!;
      if (v === layout.expectedVersion) findings.add({ check: "content.version", status: "PASS", unit, obis, objectIds, reason: `the P1 version is ${v}` });
      else {
        const reason = `the P1 version is "${v}"; the specification's is ${layout.expectedVersion} (DSMR P1 5.0)`;
        findings.add({ check: "content.version", status: "FAIL", unit, line: number, obis, objectIds, reason });
        markLine(d.decoded, "FAIL", reason);
      }
    }
    if (obis === LDN_OBIS && header) {
      const flag = /^\/([A-Za-z]{3})5/.exec(header)?.[1];
      const ldn = asciiOfHex(texts[0] ?? "");
      if (flag && ldn && flag.toUpperCase() !== ldn.toUpperCase()) {
        findings.add({ check: "telegram.header", status: "FAIL", unit, line: 1, reason: `the header's FLAG id ${flag} differs from the first three characters of the logical device name (${ldn})` });
      }
    }
  }

  // A channel whose equipment identifier line is empty has no M-Bus device: it has no index to send.
  const empty = new Set<number>();
  for (const d of data) {
    const m = /^0-(\d):96\.1\.0$/.exec(d.parsed.obis ?? "");
    if (m && (d.parsed.values[0] ?? "") === "") empty.add(Number(m[1]));
  }
  const missing: TContentCheck["missing"] = [];
  for (const line of layout.lines) {
    if (seen.has(line.obis)) continue;
    missing.push({ obis: line.obis, name: line.name });
    if (line.channel !== null && empty.has(line.channel)) {
      findings.add({ check: "content.rows", status: "WARN", unit, obis: line.obis, objectIds: line.objectIds, reason: `${line.obis} (${line.name}) is missing; channel ${line.channel} has no device installed (its identifier 0-${line.channel}:96.1.0 is empty), so the line cannot be judged` });
    } else {
      findings.add({ check: "content.rows", status: "FAIL", unit, obis: line.obis, objectIds: line.objectIds, reason: `${line.obis} (${line.name}) is missing` });
    }
  }

  checkOrder(order, layout, unit, findings);
  return { missing, values };
}

const ORDER_PASS = "the P1 version comes first and each M-Bus channel starts with its device type";

function checkOrder(order: { obis: string; line: TP1LayoutLine; number: number }[], layout: TP1Layout, unit: number, findings: FindingSink): void {
  let failed = false;
  const fail = (f: TP1Finding) => {
    failed = true;
    findings.add(f);
  };
  const first = order[0];
  if (layout.byObis.has(VERSION_OBIS) && first && first.obis !== VERSION_OBIS) {
    fail({ check: "content.order", status: "FAIL", unit, line: first.number, obis: first.obis, reason: `the first data line is ${first.obis}; the P1 version ${VERSION_OBIS} must come first` });
  }
  const channels = new Map<number, { obis: string; line: TP1LayoutLine; number: number }[]>();
  for (const o of order) {
    if (o.line.channel === null) continue;
    const list = channels.get(o.line.channel);
    if (list) list.push(o);
    else channels.set(o.line.channel, [o]);
  }
  for (const [channel, lines] of channels) {
    const typeLine = lines.find((l) => l.line.values[0]!.rows[0]!.id === DEVICE_TYPE_ROW);
    const head = lines[0]!;
    if (!typeLine) {
      fail({ check: "content.order", status: "FAIL", unit, line: head.number, obis: head.obis, objectIds: head.line.objectIds, reason: `M-Bus channel ${channel} has lines but no device type line 0-${channel}:24.1.0 before them` });
    } else if (typeLine !== head) {
      fail({ check: "content.order", status: "FAIL", unit, line: head.number, obis: head.obis, objectIds: typeLine.line.objectIds, reason: `M-Bus channel ${channel}: ${head.obis} (line ${head.number}) comes before the device type line ${typeLine.obis} (line ${typeLine.number})` });
    }
  }
  if (!failed) findings.add({ check: "content.order", status: "PASS", unit, reason: ORDER_PASS });
}
