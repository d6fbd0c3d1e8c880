import { numberOf, type TData } from "./axdr/data";
import { dataToJson, formatData, type TDataJson } from "./axdr/format";
import type { Association, TClientError } from "./client";
import { accessAllows, methodAllowed, type TObjectListEntry } from "./cosem/object-list";
import { unitByCode } from "./cosem/units";
import type { TAttributeRequest } from "./xdlms/descriptors";
import type { TGetResult } from "./xdlms/get";
import { dataAccessResultName } from "./xdlms/results";

/**
 * What a meter browser shows: the association's object list with the rights it declares and,
 * on request, every attribute it declares readable, read in batches (GET with list where the
 * meter allows it), with registers' values scaled by their scaler-unit.
 */
export interface TInspectedAttribute {
  index: number;
  access: string;
  value?: TDataJson;
  text?: string;
  /** "12.345 kWh" for a register value with its scaler-unit. */
  scaled?: string;
  error?: string;
}

export interface TInspectedObject {
  classId: number;
  version: number;
  obis: string;
  attributes: TInspectedAttribute[];
  methods: Array<{ index: number; access: string }>;
}

export interface TInspection {
  objects: TInspectedObject[];
  reads: number;
  errors: number;
}

const attributeLetters = (mode: number, version: number): string => `${accessAllows(mode, version, "read") ? "R" : ""}${accessAllows(mode, version, "write") ? "W" : ""}` || "-";

/** The attribute holding the scaler-unit of a register-like class, and the attributes it scales. */
const SCALED: Record<number, { scalerUnit: number; values: number[] }> = { 3: { scalerUnit: 3, values: [2] }, 4: { scalerUnit: 3, values: [2] }, 5: { scalerUnit: 4, values: [2, 3] } };

function scaledText(value: TData, scalerUnit: TData | undefined): string | undefined {
  if (!scalerUnit || scalerUnit.type !== "structure" || scalerUnit.items.length !== 2) return undefined;
  const raw = numberOf(value);
  const scaler = numberOf(scalerUnit.items[0]!);
  const unit = numberOf(scalerUnit.items[1]!);
  if (raw === null || scaler === null || unit === null) return undefined;
  const symbol = unit === 255 ? "" : ` ${unitByCode(unit)?.symbol ?? `unit ${unit}`}`;
  const digits = scaler < 0 ? -scaler : 0;
  return `${(raw * 10 ** scaler).toFixed(digits)}${symbol}`;
}

export function describeObjects(entries: TObjectListEntry[], associationVersion: number): TInspectedObject[] {
  return entries.map((e) => ({
    classId: e.classId,
    version: e.version,
    obis: e.obis,
    attributes: e.attributes.map((a) => ({ index: a.index, access: attributeLetters(a.access, associationVersion) })),
    methods: e.methods.map((m) => ({ index: m.index, access: methodAllowed(m.access, associationVersion) ? "X" : "-" })),
  }));
}

/**
 * Attributes read alone, never in a list: long values that come in blocks anyway (profile
 * buffers, object lists). Meters handle them worst inside GET-with-list; the Gurux example meter
 * even stops.
 */
export const readAlone = (classId: number, index: number): boolean => (classId === 7 && index === 2) || (classId === 15 && index === 2);

/** Reads every attribute the list declares readable (except logical names), batching where allowed. */
export async function readAll(association: Association, objects: TInspectedObject[], onProgress?: (done: number, total: number) => void): Promise<{ reads: number; errors: number; failure?: TClientError }> {
  const wanted: Array<{ object: TInspectedObject; attribute: TInspectedAttribute }> = [];
  for (const o of objects) for (const a of o.attributes) if (a.index !== 1 && a.access.includes("R")) wanted.push({ object: o, attribute: a });
  const size = association.negotiated.conformance.has("multiple-references") ? 10 : 1;
  const batches: Array<typeof wanted> = [];
  for (const w of wanted) {
    const last = batches[batches.length - 1];
    if (readAlone(w.object.classId, w.attribute.index)) batches.push([w]);
    else if (last && last.length < size && !readAlone(last[0]!.object.classId, last[0]!.attribute.index)) last.push(w);
    else batches.push([w]);
  }
  let errors = 0;
  let done = 0;
  const read = new Map<TInspectedAttribute, TData>();
  for (const slice of batches) {
    const i = done;
    const requests: TAttributeRequest[] = slice.map((w) => ({ attribute: { classId: w.object.classId, obis: w.object.obis, attribute: w.attribute.index } }));
    let results: TGetResult[] = [];
    const listed = slice.length > 1 ? await association.getWithList(requests) : undefined;
    if (listed?.ok) results = listed.value;
    else {
      // A list answer that does not decode is read again attribute by attribute, so one bad value does not hide the others.
      if (listed && listed.error.kind !== "protocol") return { reads: i, errors, failure: listed.error };
      if (listed) association.warnings.push(`a GET with list of ${slice.length} did not decode (${listed.error.message}); read one by one`);
      for (const req of requests) {
        const r = await association.getResult(req.attribute);
        if (!r.ok && r.error.kind !== "protocol") return { reads: i, errors, failure: r.error };
        results.push(r.ok ? r.value : { ok: false, code: -1 });
        if (!r.ok) association.warnings.push(`GET ${req.attribute.obis} attribute ${req.attribute.attribute}: ${r.error.message}`);
      }
    }
    slice.forEach((w, k) => {
      const result = results[k];
      if (!result) {
        w.attribute.error = "no result in the answer";
        errors++;
      } else if (result.ok) {
        w.attribute.value = dataToJson(result.data);
        w.attribute.text = formatData(result.data, 8);
        read.set(w.attribute, result.data);
      } else {
        w.attribute.error = result.code < 0 ? "the answer does not decode" : dataAccessResultName(result.code);
        errors++;
      }
    });
    done += slice.length;
    onProgress?.(done, wanted.length);
  }
  for (const o of objects) {
    const rule = SCALED[o.classId];
    if (!rule) continue;
    const su = o.attributes.find((a) => a.index === rule.scalerUnit);
    for (const index of rule.values) {
      const a = o.attributes.find((x) => x.index === index);
      const value = a ? read.get(a) : undefined;
      if (a && value) {
        const s = scaledText(value, su ? read.get(su) : undefined);
        if (s) a.scaled = s;
      }
    }
  }
  return { reads: wanted.length, errors };
}

/** The object list as a table for a terminal, names from the baseline's classes where known. */
export function formatInspection(objects: TInspectedObject[], names: { className(classId: number): string | undefined; attributeName(classId: number, index: number): string | undefined }): string {
  const lines: string[] = [];
  for (const o of objects) {
    const rights = o.attributes.map((a) => `${a.index}:${a.access}`).join(" ");
    const methods = o.methods.length > 0 ? `  methods ${o.methods.map((m) => `${m.index}:${m.access}`).join(" ")}` : "";
    lines.push(`${String(o.classId).padStart(5)} v${o.version}  ${o.obis.padEnd(18)} ${(names.className(o.classId) ?? "").padEnd(32)} ${rights}${methods}`);
    for (const a of o.attributes) {
      if (a.text === undefined && a.error === undefined) continue;
      const name = names.attributeName(o.classId, a.index) ?? `attribute ${a.index}`;
      const shown = a.error !== undefined ? `refused: ${a.error}` : a.scaled !== undefined ? `${a.scaled} (raw ${a.text})` : a.text;
      lines.push(`${"".padStart(15)}${String(a.index).padStart(2)} ${name}: ${shown}`);
    }
  }
  return lines.join("\n");
}
