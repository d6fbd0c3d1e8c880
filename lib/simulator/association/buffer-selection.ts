import { d, type TData } from "../../dlms/axdr/data";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import { dateTimeOfData, parseBufferSelection, type TCaptureRef } from "../../dlms/cosem/selective-access";
import type { TSelectiveAccess } from "../../dlms/xdlms/descriptors";

/**
 * Serves selective access on a Profile generic buffer (Blue Book 4.3.6): the entries between two
 * values of the restricting column (range, inclusive), or between two entry numbers (1-based,
 * 0 = to the last), with the asked columns.
 */
export function selectEntries(entries: TData[], captureObjects: TCaptureRef[], access: TSelectiveAccess): TData[] | string {
  const selection = parseBufferSelection(access);
  if (typeof selection === "string") return selection;
  if (selection.kind === "entry") {
    const from = Math.max(1, selection.fromEntry);
    const to = selection.toEntry === 0 ? entries.length : Math.min(selection.toEntry, entries.length);
    const rows = from > to ? [] : entries.slice(from - 1, to);
    const first = Math.max(1, selection.fromColumn);
    const last = selection.toColumn === 0 ? captureObjects.length : selection.toColumn;
    if (first > captureObjects.length || last < first) return "the selected columns are outside the capture objects";
    return rows.map((row) => (row.type === "structure" ? d.struct(...row.items.slice(first - 1, last)) : row));
  }
  const column = captureObjects.findIndex((c) => c.obis === selection.restricting.obis && c.attribute === selection.restricting.attribute);
  if (column < 0) return `the restricting object ${selection.restricting.obis} attribute ${selection.restricting.attribute} is not a capture object`;
  const bound = (v: TData): number | null => {
    const dt = dateTimeOfData(v);
    if (dt) return instantOfDateTime(dt);
    return v.type === "double-long-unsigned" || v.type === "long-unsigned" || v.type === "unsigned" || v.type === "double-long" ? v.value : null;
  };
  const from = bound(selection.from);
  const to = bound(selection.to);
  if (from === null || to === null) return "the range bounds are neither date-times nor numbers";
  const columns = selection.columns.map((c) => captureObjects.findIndex((o) => o.obis === c.obis && o.attribute === c.attribute));
  if (columns.some((i) => i < 0)) return "a selected value is not a capture object";
  const out: TData[] = [];
  for (const row of entries) {
    if (row.type !== "structure") continue;
    const v = row.items[column];
    const at = v ? bound(v) : null;
    if (at === null || at < from || at > to) continue;
    out.push(columns.length === 0 ? row : d.struct(...columns.map((i) => row.items[i]!)));
  }
  return out;
}
