import type { TCosemDate, TCosemDateTime, TCosemTime } from "./date-time";

/**
 * The COSEM data model (Blue Book 4.1.5, "Data" CHOICE): one typed value per A-XDR encoding.
 * 64-bit integers are bigints so that no value is rounded; octet strings stay bytes.
 */
export type TData =
  | { type: "null-data" }
  | { type: "array"; items: TData[] }
  | { type: "structure"; items: TData[] }
  | { type: "boolean"; value: boolean }
  /** Bits as "0"/"1" characters, first bit first (the most significant bit of the first byte). */
  | { type: "bit-string"; bits: string }
  | { type: "double-long"; value: number }
  | { type: "double-long-unsigned"; value: number }
  | { type: "octet-string"; value: Uint8Array }
  | { type: "visible-string"; value: string }
  | { type: "utf8-string"; value: string }
  /** One byte: two BCD digits. */
  | { type: "bcd"; value: number }
  | { type: "integer"; value: number }
  | { type: "long"; value: number }
  | { type: "unsigned"; value: number }
  | { type: "long-unsigned"; value: number }
  | { type: "compact-array"; description: TTypeDescription; items: TData[] }
  | { type: "long64"; value: bigint }
  | { type: "long64-unsigned"; value: bigint }
  | { type: "enum"; value: number }
  | { type: "float32"; value: number }
  | { type: "float64"; value: number }
  | { type: "date-time"; value: TCosemDateTime }
  | { type: "date"; value: TCosemDate }
  | { type: "time"; value: TCosemTime }
  | { type: "dont-care" };

export type TDataType = TData["type"];

/** A-XDR tags of the Data CHOICE (Blue Book 4.1.5 / Green Book 9.5 "Data"). */
export const DATA_TAGS = {
  "null-data": 0,
  array: 1,
  structure: 2,
  boolean: 3,
  "bit-string": 4,
  "double-long": 5,
  "double-long-unsigned": 6,
  "octet-string": 9,
  "visible-string": 10,
  "utf8-string": 12,
  bcd: 13,
  integer: 15,
  long: 16,
  unsigned: 17,
  "long-unsigned": 18,
  "compact-array": 19,
  long64: 20,
  "long64-unsigned": 21,
  enum: 22,
  float32: 23,
  float64: 24,
  "date-time": 25,
  date: 26,
  time: 27,
  "dont-care": 255,
} as const satisfies Record<TDataType, number>;

export const TYPE_BY_TAG: ReadonlyMap<number, TDataType> = new Map(
  Object.entries(DATA_TAGS).map(([type, tag]) => [tag, type as TDataType]),
);

/** Type description of a compact array (Blue Book 4.1.5, TypeDescription). */
export type TTypeDescription =
  | { type: Exclude<TDataType, "array" | "structure" | "compact-array"> }
  | { type: "array"; count: number; element: TTypeDescription }
  | { type: "structure"; elements: TTypeDescription[] };

export type TDataOf<K extends TDataType> = Extract<TData, { type: K }>;

/** Constructors, so that building values reads like the Blue Book's type names. */
export const d = {
  null: (): TData => ({ type: "null-data" }),
  bool: (value: boolean): TData => ({ type: "boolean", value }),
  i8: (value: number): TData => ({ type: "integer", value }),
  i16: (value: number): TData => ({ type: "long", value }),
  i32: (value: number): TData => ({ type: "double-long", value }),
  i64: (value: bigint | number): TData => ({ type: "long64", value: BigInt(value) }),
  u8: (value: number): TData => ({ type: "unsigned", value }),
  u16: (value: number): TData => ({ type: "long-unsigned", value }),
  u32: (value: number): TData => ({ type: "double-long-unsigned", value }),
  u64: (value: bigint | number): TData => ({ type: "long64-unsigned", value: BigInt(value) }),
  enum: (value: number): TData => ({ type: "enum", value }),
  f32: (value: number): TData => ({ type: "float32", value }),
  f64: (value: number): TData => ({ type: "float64", value }),
  octets: (value: Uint8Array | readonly number[]): TData => ({ type: "octet-string", value: Uint8Array.from(value) }),
  visible: (value: string): TData => ({ type: "visible-string", value }),
  utf8: (value: string): TData => ({ type: "utf8-string", value }),
  bits: (bits: string): TData => ({ type: "bit-string", bits }),
  array: (items: TData[]): TData => ({ type: "array", items }),
  struct: (...items: TData[]): TData => ({ type: "structure", items }),
  dateTime: (value: TCosemDateTime): TData => ({ type: "date-time", value }),
  date: (value: TCosemDate): TData => ({ type: "date", value }),
  time: (value: TCosemTime): TData => ({ type: "time", value }),
};

/** The number a numeric value carries, or null for other types (64-bit values only when exact). */
export function numberOf(value: TData): number | null {
  switch (value.type) {
    case "integer":
    case "long":
    case "double-long":
    case "unsigned":
    case "long-unsigned":
    case "double-long-unsigned":
    case "enum":
    case "bcd":
    case "float32":
    case "float64":
      return value.value;
    case "long64":
    case "long64-unsigned":
      return value.value >= BigInt(Number.MIN_SAFE_INTEGER) && value.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value.value) : null;
    case "boolean":
      return value.value ? 1 : 0;
    default:
      return null;
  }
}

export function isNumeric(value: TData): boolean {
  return numberOf(value) !== null && value.type !== "boolean";
}
