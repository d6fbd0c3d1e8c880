import { hex } from "../bytes";
import type { TData } from "./data";
import { formatDateTime } from "./date-time";

/**
 * How values read from a meter are shown to people (inspect, traffic logs, reports) and written
 * to JSON evidence. Octet strings that are six bytes long are also shown as OBIS codes, since
 * that is what a logical name or a capture object reference holds.
 */

const printable = (b: Uint8Array): boolean => b.length > 0 && b.every((c) => c >= 0x20 && c < 0x7f);

export function formatData(value: TData, maxItems = 20): string {
  switch (value.type) {
    case "null-data":
      return "null";
    case "dont-care":
      return "dont-care";
    case "array":
    case "structure":
    case "compact-array": {
      const open = value.type === "structure" ? "{" : "[";
      const close = value.type === "structure" ? "}" : "]";
      const shown = value.items.slice(0, maxItems).map((v) => formatData(v, maxItems));
      const more = value.items.length > maxItems ? `, … ${value.items.length - maxItems} more` : "";
      return `${open}${shown.join(", ")}${more}${close}`;
    }
    case "boolean":
      return String(value.value);
    case "bit-string":
      return `bits ${value.bits || "(empty)"}`;
    case "octet-string":
      return printable(value.value) ? `"${String.fromCharCode(...value.value)}" (${hex(value.value)})` : hex(value.value) || "(empty)";
    case "visible-string":
    case "utf8-string":
      return JSON.stringify(value.value);
    case "long64":
    case "long64-unsigned":
      return value.value.toString();
    case "enum":
      return `enum ${value.value}`;
    case "date-time":
      return formatDateTime(value.value);
    case "date":
      return formatDateTime({ ...value.value, hour: null, minute: null, second: null, hundredths: null, deviation: null, status: null }).slice(0, 10);
    case "time":
      return formatDateTime({ year: null, month: null, day: null, dayOfWeek: null, ...value.value, deviation: null, status: null }).slice(11);
    default:
      return String(value.value);
  }
}

/** JSON-safe form: `{ type, value }` with bigints as decimal strings, bytes as hex, nested items. */
export type TDataJson = { type: TData["type"]; value?: unknown; items?: TDataJson[] };

export function dataToJson(value: TData): TDataJson {
  switch (value.type) {
    case "null-data":
    case "dont-care":
      return { type: value.type };
    case "array":
    case "structure":
    case "compact-array":
      return { type: value.type, items: value.items.map(dataToJson) };
    case "octet-string":
      return { type: value.type, value: hex(value.value) };
    case "bit-string":
      return { type: value.type, value: value.bits };
    case "long64":
    case "long64-unsigned":
      return { type: value.type, value: value.value.toString() };
    default:
      return { type: value.type, value: value.value };
  }
}

/** Structural equality of two values (same types, same contents). */
export function equalData(a: TData, b: TData): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case "null-data":
    case "dont-care":
      return true;
    case "array":
    case "structure":
    case "compact-array": {
      const items = (b as typeof a).items;
      return a.items.length === items.length && a.items.every((v, i) => equalData(v, items[i]!));
    }
    case "octet-string": {
      const other = (b as typeof a).value;
      return a.value.length === other.length && a.value.every((x, i) => x === other[i]);
    }
    case "bit-string":
      return a.bits === (b as typeof a).bits;
    case "date-time":
    case "date":
    case "time":
      return JSON.stringify(a.value) === JSON.stringify((b as typeof a).value);
    default:
      return Object.is(a.value, (b as typeof a).value);
  }
}

/** The inverse of dataToJson, for values we stored ourselves (state files); throws on malformed input. */
export function dataFromJson(json: TDataJson): TData {
  const v = json.value;
  switch (json.type) {
    case "null-data":
    case "dont-care":
      return { type: json.type };
    case "array":
    case "structure":
      return { type: json.type, items: (json.items ?? []).map(dataFromJson) };
    case "compact-array":
      throw new Error("compact arrays are not stored in state files");
    case "octet-string":
      return { type: json.type, value: Uint8Array.from(Buffer.from(String(v), "hex")) };
    case "bit-string":
      return { type: json.type, bits: String(v) };
    case "long64":
    case "long64-unsigned":
      return { type: json.type, value: BigInt(String(v)) };
    case "boolean":
      return { type: json.type, value: v === true };
    case "visible-string":
    case "utf8-string":
      return { type: json.type, value: String(v) };
    case "date-time":
    case "date":
    case "time":
      return { type: json.type, value: v } as TData;
    default:
      if (typeof v !== "number") throw new Error(`${json.type} value must be a number`);
      return { type: json.type, value: v } as TData;
  }
}
