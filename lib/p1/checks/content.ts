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

/**
 * The first three characters of an octet string written in hexadecimal, when they are letters.
 * Only three octets are decoded: the logical device name comes in every telegram.
 */
function asciiOfHex(hex: string): string | null {
  if (hex.length < 6 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return null;
  const text = String.fromCharCode(parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16));
  return /^[A-Za-z]{3}$/.test(text) ? text : null;
}

const specOf = (r: TP1Row): TP1ValueSpec => ({ format: r.parsedFormat, encoding: r.encoding ?? null, unit: r.unit });

/** What checking a layout line needs, made once per layout rather than once per telegram. */
type TCompiledLine = {
  /** The code the line is found by. */
  obis: string;
  line: TP1LayoutLine;
  /** The line's place in its layout: a telegram notes where it found each line in an array, not a map. */
  slot: number;
  row: NonNullable<TP1DecodedLine["row"]>;
  present: TP1Finding & { subject: string };
  format: TP1Finding & { subject: string };
  values: { rows: TP1Row[]; specs: TP1ValueSpec[] }[];
  /** The device type line of an M-Bus channel. */
  deviceType: boolean;
  tracked: boolean;
};

/** Every line a telegram may have, by OBIS code in one map (the profile's before the optional ones), and the profile's lines in order. */
type TCompiledLayout = { byObis: ReadonlyMap<string, TCompiledLine>; lines: TCompiledLine[] };
const COMPILED = new WeakMap<TP1Layout, TCompiledLayout>();

function compileLine(obis: string, line: TP1LayoutLine, slot: number): TCompiledLine {
  const expected = lineExpectation(line);
  return {
    obis,
    line,
    slot,
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
}

function compiled(layout: TP1Layout): TCompiledLayout {
  let c = COMPILED.get(layout);
  if (!c) {
    const byObis = new Map<string, TCompiledLine>();
    for (const lines of [layout.byObis, layout.optional]) {
      for (const [obis, line] of lines) if (!byObis.has(obis)) byObis.set(obis, compileLine(obis, line, byObis.size));
    }
    c = { byObis, lines: layout.lines.map((l) => byObis.get(l.obis)!) };
    COMPILED.set(layout, c);
  }
  return c;
}

/** The row for a medium's device type, or -1; a loop rather than findIndex, whose closure would be made for every value of every telegram. */
function rowOfMedium(rows: TP1Row[], deviceType: number): number {
  for (let r = 0; r < rows.length; r++) if (rows[r]!.deviceTypes?.includes(deviceType)) return r;
  return -1;
}

/** The value's row: the one of the channel's medium when the device type is known and several rows apply. */
function checkOneValue(value: TCompiledLine["values"][number], deviceType: number | null, text: string): string | null {
  const { rows, specs } = value;
  if (rows.length === 1) return checkValue(specs[0]!, text);
  const medium = deviceType === null ? -1 : rowOfMedium(rows, deviceType);
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

/** A line of the readout list where a telegram has it. */
type TPlaced = { obis: string; line: TP1LayoutLine; number: number };
/** What the order check needs of a telegram: its first line of the list, and the first line and the device type line of each M-Bus channel. */
type TOrder = { first: TPlaced | null; channels: Map<number, { head: TPlaced; type: TPlaced | null }> };

/** Notes a line found in the telegram, as far as the order check needs it. */
function place(order: TOrder, c: TCompiledLine, obis: string, number: number): void {
  const channel = c.line.channel;
  if (order.first && channel === null) return;
  const placed: TPlaced = { obis, line: c.line, number };
  order.first ??= placed;
  if (channel === null) return;
  const lines = order.channels.get(channel);
  if (!lines) order.channels.set(channel, { head: placed, type: c.deviceType ? placed : null });
  else if (c.deviceType) lines.type ??= placed;
}

/** The channels whose equipment identifier line is empty. */
function emptyChannels(data: TTelegramCheck["data"]): Set<number> {
  const empty = new Set<number>();
  for (const d of data) {
    const m = /^0-(\d):96\.1\.0$/.exec(d.parsed.obis ?? "");
    if (m && (d.parsed.values[0] ?? "") === "") empty.add(Number(m[1]));
  }
  return empty;
}

/** Checks the data lines of one telegram against the layout; annotates their decoded lines. */
export function checkContent(data: TTelegramCheck["data"], layout: TP1Layout, unit: number, header: string | null, findings: FindingSink): TContentCheck {
  const known = compiled(layout);
  const values: TContentCheck["values"] = [];
  // The line number where each line of the layout was found (0: not found), and where codes outside it were.
  const foundAt = new Array<number>(known.byObis.size).fill(0);
  let outsideAt: Map<string, number> | null = null;
  const lines = data.map((d) => (d.parsed.obis ? known.byObis.get(d.parsed.obis) : undefined));
  const deviceTypes = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!.parsed.values[0] ?? "";
    if (lines[i]?.deviceType && /^\d+$/.test(value)) deviceTypes.set(lines[i]!.line.channel!, Number(value));
  }
  const order: TOrder = { first: null, channels: new Map() };
  let present: Set<string> | null = null;

  for (let i = 0; i < data.length; i++) {
    const d = data[i]!;
    const obis = d.parsed.obis;
    if (!d.readable || !obis) continue;
    const number = d.line.number;
    const c = lines[i];
    const earlier = c ? foundAt[c.slot] || undefined : outsideAt?.get(obis);
    if (earlier !== undefined) {
      findings.add({ check: "content.duplicates", status: "FAIL", unit, line: number, obis, reason: `${obis} appears twice, on lines ${earlier} and ${number}` });
      markLine(d.decoded, "FAIL", `${obis} already appears on line ${earlier}`);
      continue;
    }
    if (!c) {
      (outsideAt ??= new Map()).set(obis, number);
      present ??= new Set(data.map((x) => x.parsed.obis ?? ""));
      const suggest = suggestion(obis, layout, present);
      const reason = `${obis} is not in the readout list${suggest ? `; ${suggest}` : ""}`;
      findings.add({ check: "content.outside", status: "WARN", unit, line: number, obis, reason });
      markLine(d.decoded, "WARN", reason);
      continue;
    }
    foundAt[c.slot] = number;
    const line = c.line;
    place(order, c, obis, number);
    d.decoded.row = c.row;
    // The same code, as the layout holds it: decoded telegrams stay in the report, and a copy of it per line of 200 telegrams is 200 kB.
    d.decoded.obis = c.obis;
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
      if (c.tracked) values.push({ obis: c.obis, line, texts });
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
      const ldn = flag ? asciiOfHex(texts[0] ?? "") : null;
      if (flag && ldn && flag.toUpperCase() !== ldn.toUpperCase()) {
        findings.add({ check: "telegram.header", status: "FAIL", unit, line: 1, reason: `the header's FLAG id ${flag} differs from the first three characters of the logical device name (${ldn})` });
      }
    }
  }

  // A channel whose equipment identifier line is empty has no M-Bus device: it has no index to send.
  let empty: Set<number> | null = null;
  const missing: TContentCheck["missing"] = [];
  for (const c of known.lines) {
    if (foundAt[c.slot] !== 0) continue;
    const line = c.line;
    missing.push({ obis: line.obis, name: line.name });
    if (line.channel !== null && (empty ??= emptyChannels(data)).has(line.channel)) {
      findings.add({ check: "content.rows", status: "WARN", unit, obis: line.obis, objectIds: line.objectIds, reason: `${line.obis} (${line.name}) is missing; channel ${line.channel} has no device installed (its identifier 0-${line.channel}:96.1.0 is empty), so the line cannot be judged` });
    } else {
      findings.add({ check: "content.rows", status: "FAIL", unit, obis: line.obis, objectIds: line.objectIds, reason: `${line.obis} (${line.name}) is missing` });
    }
  }

  checkOrder(order, layout, unit, findings);
  return { missing, values };
}

const ORDER_PASS = "the P1 version comes first and each M-Bus channel starts with its device type";

function checkOrder(order: TOrder, layout: TP1Layout, unit: number, findings: FindingSink): void {
  let failed = false;
  const { first } = order;
  if (layout.byObis.has(VERSION_OBIS) && first && first.obis !== VERSION_OBIS) {
    failed = true;
    findings.add({ check: "content.order", status: "FAIL", unit, line: first.number, obis: first.obis, reason: `the first data line is ${first.obis}; the P1 version ${VERSION_OBIS} must come first` });
  }
  for (const [channel, { head, type }] of order.channels) {
    if (!type) {
      failed = true;
      findings.add({ check: "content.order", status: "FAIL", unit, line: head.number, obis: head.obis, objectIds: head.line.objectIds, reason: `M-Bus channel ${channel} has lines but no device type line 0-${channel}:24.1.0 before them` });
    } else if (type !== head) {
      failed = true;
      findings.add({ check: "content.order", status: "FAIL", unit, line: head.number, obis: head.obis, objectIds: type.line.objectIds, reason: `M-Bus channel ${channel}: ${head.obis} (line ${head.number}) comes before the device type line ${type.obis} (line ${type.number})` });
    }
  }
  if (!failed) findings.add({ check: "content.order", status: "PASS", unit, reason: ORDER_PASS });
}
