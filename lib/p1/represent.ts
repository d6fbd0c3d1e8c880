import type { TData } from "../dlms/axdr/data";
import type { TResult } from "../dlms/result";
import { latin1, toHex } from "./bytes";
import type { TP1Row } from "./readout";
import { formatTimestamp, timestampOfDateTime, type TP1DateTime } from "./tst";

/**
 * How a COSEM value is written in a telegram: the value of an object's attribute, turned into
 * the format and unit of its readout row (a register in Wh with its scaler becomes F9(3,3) kWh).
 */

/** The scalar values of the COSEM Data CHOICE, as lib/dlms/axdr's TData spells them. */
export type TP1CosemValue =
  | { type: "null-data" }
  | { type: "boolean"; value: boolean }
  | { type: "octet-string"; value: Uint8Array }
  | { type: "visible-string" | "utf8-string"; value: string }
  | { type: "integer" | "long" | "double-long" | "unsigned" | "long-unsigned" | "double-long-unsigned" | "enum" | "bcd" | "float32" | "float64"; value: number }
  | { type: "long64" | "long64-unsigned"; value: bigint }
  | { type: "date-time"; value: TP1DateTime };

/** A value with the scaler and unit of its object (attribute 3 of a register), when the profile does not give them. */
export type TP1ScaledValue = { value: TP1CosemValue; scaler: number; unit: string };

/**
 * A value of the COSEM data model as the emitter takes it: the scalar variants pass as they are;
 * arrays, structures, bit strings, dates and times alone have no P1 representation (undefined).
 */
export function p1ValueOf(data: TData): TP1CosemValue | undefined {
  switch (data.type) {
    case "array":
    case "structure":
    case "compact-array":
    case "bit-string":
    case "date":
    case "time":
    case "dont-care":
      return undefined;
    default:
      return data;
  }
}

export const isScaledValue = (v: TP1CosemValue | TP1ScaledValue): v is TP1ScaledValue => "scaler" in v;

/** Powers of ten of the units a P1 row may be converted from, by quantity. */
const UNITS: Record<string, { quantity: string; power: number }> = {
  Wh: { quantity: "active energy", power: 0 },
  kWh: { quantity: "active energy", power: 3 },
  MWh: { quantity: "active energy", power: 6 },
  varh: { quantity: "reactive energy", power: 0 },
  kvarh: { quantity: "reactive energy", power: 3 },
  W: { quantity: "active power", power: 0 },
  kW: { quantity: "active power", power: 3 },
  var: { quantity: "reactive power", power: 0 },
  kvar: { quantity: "reactive power", power: 3 },
  VA: { quantity: "apparent power", power: 0 },
  kVA: { quantity: "apparent power", power: 3 },
  A: { quantity: "current", power: 0 },
  "m³": { quantity: "volume", power: 0 },
  m3: { quantity: "volume", power: 0 },
  J: { quantity: "heat", power: 0 },
  kJ: { quantity: "heat", power: 3 },
  MJ: { quantity: "heat", power: 6 },
  GJ: { quantity: "heat", power: 9 },
};

const pow10 = (n: number) => 10n ** BigInt(n);

/** value × 10^exponent, exactly: floats are taken to 6 decimals first. */
function decimal(value: TP1CosemValue): { mantissa: bigint; exponent: number } | null {
  switch (value.type) {
    case "long64":
    case "long64-unsigned":
      return { mantissa: value.value, exponent: 0 };
    case "float32":
    case "float64":
      return Number.isFinite(value.value) ? { mantissa: BigInt(Math.round(value.value * 1e6)), exponent: -6 } : null;
    case "boolean":
      return { mantissa: value.value ? 1n : 0n, exponent: 0 };
    case "integer":
    case "long":
    case "double-long":
    case "unsigned":
    case "long-unsigned":
    case "double-long-unsigned":
    case "enum":
    case "bcd":
      return Number.isInteger(value.value) ? { mantissa: BigInt(value.value), exponent: 0 } : null;
    default:
      return null;
  }
}

function number(row: TP1Row, value: TP1CosemValue, scalerUnit: { scaler: number; unit: string } | null): TResult<string, string> {
  const format = row.parsedFormat;
  if (format.kind !== "fixed" && format.kind !== "integer") return { ok: false, error: `${row.id}: not a number format` };
  const d = decimal(value);
  if (!d) return { ok: false, error: `${row.id}: a ${value.type} value cannot be written as ${format.text}` };
  let exponent = d.exponent + (scalerUnit?.scaler ?? 0);
  if (row.unit !== null && scalerUnit && scalerUnit.unit !== row.unit) {
    const from = UNITS[scalerUnit.unit];
    const to = UNITS[row.unit];
    if (!from || !to || from.quantity !== to.quantity) return { ok: false, error: `${row.id}: a value in ${scalerUnit.unit} cannot be written in ${row.unit}` };
    exponent += from.power - to.power;
  }
  if (d.mantissa < 0n) return { ok: false, error: `${row.id}: ${format.text} has no sign; the value is negative` };
  const [minDecimals, maxDecimals] = format.kind === "fixed" ? [format.minDecimals, format.maxDecimals] : [0, 0];
  for (let decimals = maxDecimals; decimals >= minDecimals; decimals--) {
    const shift = exponent + decimals;
    // Truncated, never rounded up: a register shows no energy it has not counted yet.
    const scaled = shift >= 0 ? d.mantissa * pow10(shift) : d.mantissa / pow10(-shift);
    const digits = scaled.toString().padStart(format.digits, "0");
    if (digits.length > format.digits) continue;
    const text = decimals === 0 ? digits : `${digits.slice(0, format.digits - decimals)}.${digits.slice(format.digits - decimals)}`;
    return { ok: true, value: row.unit ? `${text}*${row.unit}` : text };
  }
  return { ok: false, error: `${row.id}: the value does not fit ${format.text}` };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function text(row: TP1Row, value: TP1CosemValue): TResult<string, string> {
  const format = row.parsedFormat;
  if (format.kind !== "string") return { ok: false, error: `${row.id}: not a string format` };
  let out: string;
  if (value.type === "null-data") out = "";
  else if (value.type === "octet-string") out = row.encoding === "characters" ? latin1(value.value) : toHex(value.value);
  else if (value.type === "visible-string" || value.type === "utf8-string") out = row.encoding === "characters" ? value.value : toHex(utf8(value.value));
  else if (row.encoding === "characters" && decimal(value)) out = String("value" in value ? value.value : "");
  else return { ok: false, error: `${row.id}: a ${value.type} value cannot be written as ${format.text}` };
  if (out.length > format.maxLength) return { ok: false, error: `${row.id}: ${out.length} characters, more than ${format.text} allows` };
  return { ok: true, value: out };
}

/** A COSEM date-time held as its 12-byte octet string (Blue Book 4.1.6.1). */
function dateTimeOfOctets(b: Uint8Array): TP1DateTime | null {
  if (b.length !== 12) return null;
  const year = (b[0]! << 8) | b[1]!;
  const field = (v: number) => (v === 0xff ? null : v);
  return { year: year === 0xffff ? null : year, month: field(b[2]!), day: field(b[3]!), hour: field(b[5]!), minute: field(b[6]!), second: field(b[7]!), status: field(b[11]!) };
}

function timestamp(row: TP1Row, value: TP1CosemValue): TResult<string, string> {
  const dt = value.type === "date-time" ? value.value : value.type === "octet-string" ? dateTimeOfOctets(value.value) : null;
  if (!dt) return { ok: false, error: `${row.id}: a ${value.type} value is not a date-time` };
  const t = timestampOfDateTime(dt);
  if (!t) return { ok: false, error: `${row.id}: the date-time has fields that are not specified` };
  return { ok: true, value: formatTimestamp(t) };
}

/** The text between brackets for a value of this row; the error says why it cannot be written. */
export function representValue(row: TP1Row, input: TP1CosemValue | TP1ScaledValue, scalerUnit: { scaler: number; unit: string } | null): TResult<string, string> {
  const value = isScaledValue(input) ? input.value : input;
  const su = isScaledValue(input) ? { scaler: input.scaler, unit: input.unit } : scalerUnit;
  switch (row.parsedFormat.kind) {
    case "fixed":
    case "integer":
      return number(row, value, su);
    case "string":
      return text(row, value);
    case "timestamp":
      return timestamp(row, value);
  }
}
