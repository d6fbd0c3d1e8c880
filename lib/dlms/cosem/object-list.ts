import { formatObis, obisBytes } from "../obis";
import { d, numberOf, type TData } from "../axdr/data";

/**
 * Association LN object_list (attribute 2, Blue Book 4.4.3): one entry per object the
 * association can see, with its class, version, logical name and access rights.
 *
 * Access modes by Association LN version: versions 0 to 2 use enums (attribute: 0 no access,
 * 1 read, 2 write, 3 read-write, 4-6 the authenticated variants; method: boolean in version 0,
 * 0 no access / 1 access / 2 authenticated access from version 1); version 3 uses bit flags
 * (1 read, 2 write, then 4..128 the protection required). Checked against Gurux.DLMS.Python
 * AccessMode / MethodAccessMode.
 */
export interface TObjectListEntry {
  classId: number;
  version: number;
  obis: string;
  attributes: Array<{ index: number; access: number; selectors?: number[] }>;
  methods: Array<{ index: number; access: number }>;
}

export const ATTRIBUTE_ACCESS_MODES = { none: 0, read: 1, write: 2, "read-write": 3, "authenticated-read": 4, "authenticated-write": 5, "authenticated-read-write": 6 } as const;

/** Whether an attribute access mode of the given Association LN version lets a client read / write. */
export function accessAllows(mode: number, associationVersion: number, what: "read" | "write"): boolean {
  if (associationVersion >= 3) return (mode & (what === "read" ? 1 : 2)) !== 0;
  if (what === "read") return mode === 1 || mode === 3 || mode === 4 || mode === 6;
  return mode === 2 || mode === 3 || mode === 5 || mode === 6;
}

export function methodAllowed(mode: number, associationVersion: number): boolean {
  return associationVersion >= 3 ? (mode & 1) !== 0 : mode !== 0;
}

export function encodeObjectListEntry(e: TObjectListEntry, associationVersion: number): TData {
  const attributes = e.attributes.map((a) =>
    d.struct(d.i8(a.index), d.enum(a.access), a.selectors && a.selectors.length > 0 ? d.array(a.selectors.map(d.i8)) : d.null()),
  );
  const methods = e.methods.map((m) => d.struct(d.i8(m.index), associationVersion === 0 ? d.bool(m.access !== 0) : d.enum(m.access)));
  return d.struct(d.u16(e.classId), d.u8(e.version), d.octets(obisBytes(e.obis)), d.struct(d.array(attributes), d.array(methods)));
}

/** Reads an object_list value; entries that are not shaped as the Blue Book says are reported, not dropped silently. */
export function decodeObjectList(value: TData): { entries: TObjectListEntry[]; problems: string[] } {
  const entries: TObjectListEntry[] = [];
  const problems: string[] = [];
  if (value.type !== "array") return { entries, problems: [`object_list is ${value.type}, not an array`] };
  value.items.forEach((item, i) => {
    const entry = readEntry(item);
    if (typeof entry === "string") problems.push(`object_list entry ${i + 1}: ${entry}`);
    else entries.push(entry);
  });
  return { entries, problems };
}

function readEntry(item: TData): TObjectListEntry | string {
  if (item.type !== "structure" || item.items.length !== 4) return "not a structure of 4 elements";
  const [classId, version, ln, rights] = item.items as [TData, TData, TData, TData];
  const cls = numberOf(classId);
  const ver = numberOf(version);
  if (cls === null || ver === null) return "class id or version is not a number";
  if (ln.type !== "octet-string" || ln.value.length !== 6) return "logical name is not 6 bytes";
  if (rights.type !== "structure" || rights.items.length < 2) return "access rights are not a structure of attribute and method access";
  const [attrs, methods] = rights.items as [TData, TData];
  if (attrs.type !== "array" || methods.type !== "array") return "attribute or method access is not an array";
  const attributes: TObjectListEntry["attributes"] = [];
  for (const a of attrs.items) {
    if (a.type !== "structure" || a.items.length < 2) return "an attribute access item is not a structure";
    const index = numberOf(a.items[0]!);
    const access = numberOf(a.items[1]!);
    if (index === null || access === null) return "an attribute access item lacks its index or mode";
    const sel = a.items[2];
    const selectors = sel && sel.type === "array" ? sel.items.map((s) => numberOf(s) ?? -1) : undefined;
    attributes.push(selectors ? { index, access, selectors } : { index, access });
  }
  const methodList: TObjectListEntry["methods"] = [];
  for (const m of methods.items) {
    if (m.type !== "structure" || m.items.length < 2) return "a method access item is not a structure";
    const index = numberOf(m.items[0]!);
    const access = numberOf(m.items[1]!);
    if (index === null || access === null) return "a method access item lacks its index or mode";
    methodList.push({ index, access });
  }
  return { classId: cls, version: ver, obis: formatObis(ln.value), attributes, methods: methodList };
}
