import { ByteReader, ByteWriter } from "../bytes";
import { d, numberOf, type TData } from "../axdr/data";
import { readCosemDateTime, writeCosemDateTime, type TCosemDateTime } from "../axdr/date-time";
import { formatObis, obisBytes } from "../obis";
import type { TSelectiveAccess } from "../xdlms/descriptors";

/**
 * Selective access to a Profile generic buffer (Blue Book 4.3.6): by range of a restricting
 * column (selector 1, usually the clock) or by entry number (selector 2). Entries and columns
 * count from 1; 0 as a "to" value means "to the last".
 */
export interface TCaptureRef {
  classId: number;
  obis: string;
  attribute: number;
  dataIndex: number;
}

export type TBufferSelection =
  | { kind: "entry"; fromEntry: number; toEntry: number; fromColumn: number; toColumn: number }
  | { kind: "range"; restricting: TCaptureRef; from: TData; to: TData; columns: TCaptureRef[] };

export const captureRefData = (c: TCaptureRef): TData => d.struct(d.u16(c.classId), d.octets(obisBytes(c.obis)), d.i8(c.attribute), d.u16(c.dataIndex));

/** A date-time as Gurux and most meters send it in a range descriptor: octet-string(12). */
export function dateTimeOctets(dt: TCosemDateTime): TData {
  const w = new ByteWriter(12);
  writeCosemDateTime(w, dt);
  return d.octets(w.finish());
}

/** Reads a date-time given either as the date-time type or as the octet-string(12) form. */
export function dateTimeOfData(v: TData): TCosemDateTime | null {
  if (v.type === "date-time") return v.value;
  if (v.type === "octet-string" && v.value.length === 12) return readCosemDateTime(new ByteReader(v.value));
  return null;
}

export function entrySelection(fromEntry: number, toEntry: number, fromColumn = 1, toColumn = 0): TSelectiveAccess {
  return { selector: 2, parameters: d.struct(d.u32(fromEntry), d.u32(toEntry), d.u16(fromColumn), d.u16(toColumn)) };
}

export function rangeSelection(restricting: TCaptureRef, from: TData, to: TData, columns: TCaptureRef[] = []): TSelectiveAccess {
  return { selector: 1, parameters: d.struct(captureRefData(restricting), from, to, d.array(columns.map(captureRefData))) };
}

function captureRefOf(v: TData | undefined): TCaptureRef | null {
  if (!v || v.type !== "structure" || v.items.length !== 4) return null;
  const [c, ln, a, i] = v.items as [TData, TData, TData, TData];
  const classId = numberOf(c);
  const attribute = numberOf(a);
  const dataIndex = numberOf(i);
  if (classId === null || attribute === null || dataIndex === null || ln.type !== "octet-string" || ln.value.length !== 6) return null;
  return { classId, obis: formatObis(ln.value), attribute, dataIndex };
}

/** The selection a client asked for, or a reason why it cannot be served. */
export function parseBufferSelection(access: TSelectiveAccess): TBufferSelection | string {
  const p = access.parameters;
  if (p.type !== "structure") return "selective access parameters are not a structure";
  if (access.selector === 2) {
    const [a, b, c, e] = p.items.map((x) => numberOf(x));
    if (p.items.length !== 4 || a == null || b == null || c == null || e == null) return "entry descriptor is not {from_entry, to_entry, from_selected_value, to_selected_value}";
    return { kind: "entry", fromEntry: a, toEntry: b, fromColumn: c, toColumn: e };
  }
  if (access.selector === 1) {
    if (p.items.length !== 4) return "range descriptor is not {restricting_object, from_value, to_value, selected_values}";
    const restricting = captureRefOf(p.items[0]);
    const columns = p.items[3];
    if (!restricting || columns?.type !== "array") return "range descriptor has a malformed restricting object or selected values";
    const refs = columns.items.map(captureRefOf);
    if (refs.some((r) => r === null)) return "range descriptor has a malformed selected value";
    return { kind: "range", restricting, from: p.items[1]!, to: p.items[2]!, columns: refs as TCaptureRef[] };
  }
  return `access selector ${access.selector} is not supported`;
}
