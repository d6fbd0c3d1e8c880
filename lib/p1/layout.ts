import type { TUserProfile } from "../profile/schema";
import { channelObis, matchChannel, shortObis } from "./obis";
import { getP1Readout, type TP1Readout, type TP1Row } from "./readout";

/**
 * What a profile's P1 port writes: one telegram line per OBIS code of the profile's readout list
 * (capture objects of 0-0:21.0.0.255), each value with the readout rows that describe it, whether
 * the port is encrypted, and the specification's other rows a meter may add.
 */
export const P1_READOUT_LIST_ID = "p1-readout-list";
export const P1_SECURITY_SETUP_ID = "p1-security-setup";
export const P1_FRAME_COUNTER_ID = "p1-frame-counter";
/** M-Bus channels the profile questionnaire allows. */
export const MBUS_CHANNELS = [1, 2, 3, 4] as const;

/** One value of a telegram line, as the simulator holds it: the COSEM object and attribute it comes from. */
export type TP1ValueRef = { objectId: string; obis: string; attribute: number; scalerUnit: { scaler: number; unit: string } | null };

export type TP1LayoutValue = {
  /** The capture object; null for a row of the specification that the profile's list does not hold. */
  ref: TP1ValueRef | null;
  /** The readout rows this value may follow: one, or one per M-Bus medium (gas, water, heat). */
  rows: TP1Row[];
};

export type TP1LayoutLine = {
  /** OBIS without the F group, as the line starts. */
  obis: string;
  name: string;
  /** M-Bus channel of the line, null for electricity meter lines. */
  channel: number | null;
  inProfile: boolean;
  /** Profile objects the line's values come from. */
  objectIds: string[];
  values: TP1LayoutValue[];
};

export type TP1Layout = {
  profile: { id: string; company: string };
  encrypted: boolean;
  lines: TP1LayoutLine[];
  byObis: ReadonlyMap<string, TP1LayoutLine>;
  /** The specification's rows outside the profile's list, for channels 1 to 4: allowed, not required. */
  optional: ReadonlyMap<string, TP1LayoutLine>;
  /** Capture objects of the profile's list that no readout row describes. */
  unmatched: { objectId: string; obis: string; attribute: number }[];
  expectedVersion: string;
  readout: TP1Readout;
};

/** How a line's values are written: "(F9(3,3) *kWh)", "(TST)(F8(0,3) *m3 or F8(3,3) *GJ)". */
export const lineExpectation = (line: TP1LayoutLine): string =>
  line.values.map((v) => `(${[...new Set(v.rows.map((r) => `${r.format}${r.unit ? ` *${r.unit}` : ""}`))].join(" or ")})`).join("");

export const hasP1Port = (profile: TUserProfile): boolean => profile.objects.some((o) => o.id === P1_READOUT_LIST_ID);

const rowName = (row: TP1Row, channel: number | null) => (channel === null ? row.name : row.name.replace(/ x$| x /, (m) => m.replace("x", String(channel))));

function lineName(values: TP1LayoutValue[], channel: number | null): string {
  return values
    .map((v) => (v.rows.length === 1 ? rowName(v.rows[0]!, channel) : rowName(v.rows[0]!, channel).replace(/ gas /, ` ${v.rows.map((r) => r.id.split("-").pop()).join("/")} `)))
    .join(" + ");
}

function rowsFor(readout: TP1Readout, obis: string, attribute: number): { rows: TP1Row[]; channel: number | null } {
  const rows: TP1Row[] = [];
  let channel: number | null = null;
  for (const row of readout.rows) {
    if (row.attribute !== attribute) continue;
    const c = matchChannel(row.obis, obis);
    // Channel 0 is the electricity meter itself, never an M-Bus channel.
    if (c === null || (row.channel && c < 1)) continue;
    rows.push(row);
    if (row.channel) channel = c;
  }
  return { rows, channel };
}

const byValueIndex = (a: TP1LayoutValue, b: TP1LayoutValue) => (a.rows[0]!.valueIndex ?? 0) - (b.rows[0]!.valueIndex ?? 0);

/** The P1 layout of a profile, or null when the profile has no P1 port. */
export function p1Layout(profile: TUserProfile, readout: TP1Readout = getP1Readout()): TP1Layout | null {
  const list = profile.objects.find((o) => o.id === P1_READOUT_LIST_ID);
  if (!list) return null;
  const objects = new Map(profile.objects.map((o) => [o.id, o]));
  const lines: TP1LayoutLine[] = [];
  const byObis = new Map<string, TP1LayoutLine>();
  const unmatched: TP1Layout["unmatched"] = [];
  for (const capture of list.captureObjects ?? []) {
    const { rows, channel } = rowsFor(readout, capture.obis, capture.attribute);
    if (rows.length === 0) {
      unmatched.push({ objectId: capture.object, obis: capture.obis, attribute: capture.attribute });
      continue;
    }
    const object = objects.get(capture.object);
    const value: TP1LayoutValue = { ref: { objectId: capture.object, obis: capture.obis, attribute: capture.attribute, scalerUnit: object?.scalerUnit ?? null }, rows };
    const obis = shortObis(capture.obis);
    const line = byObis.get(obis);
    if (line) {
      line.values.push(value);
      line.values.sort(byValueIndex);
      if (!line.objectIds.includes(capture.object)) line.objectIds.push(capture.object);
      line.name = lineName(line.values, line.channel);
    } else {
      const created: TP1LayoutLine = { obis, name: lineName([value], channel), channel, inProfile: true, objectIds: [capture.object], values: [value] };
      lines.push(created);
      byObis.set(obis, created);
    }
  }

  const optional = new Map<string, TP1LayoutLine>();
  for (const row of readout.rows) {
    for (const channel of row.channel ? MBUS_CHANNELS : [null]) {
      const obis = shortObis(channel === null ? row.obis : channelObis(row.obis, channel));
      if (byObis.has(obis)) continue;
      const value: TP1LayoutValue = { ref: null, rows: [row] };
      const line = optional.get(obis);
      if (!line) {
        optional.set(obis, { obis, name: lineName([value], channel), channel, inProfile: false, objectIds: [], values: [value] });
        continue;
      }
      const same = line.values.find((v) => v.rows[0]!.attribute === row.attribute);
      if (same) same.rows.push(row);
      else line.values.push(value);
      line.values.sort(byValueIndex);
      line.name = lineName(line.values, channel);
    }
  }
  return {
    profile: { id: profile.id, company: profile.utility.company },
    encrypted: objects.has(P1_SECURITY_SETUP_ID),
    lines,
    byObis,
    optional,
    unmatched,
    expectedVersion: readout.version.value,
    readout,
  };
}
