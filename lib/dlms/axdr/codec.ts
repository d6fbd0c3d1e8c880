import { ByteReader, ByteWriter } from "../bytes";
import { DecodeFailure, decodeWith, type TResult } from "../result";
import { DATA_TAGS, TYPE_BY_TAG, type TData, type TDataType, type TTypeDescription } from "./data";
import { readCosemDate, readCosemDateTime, readCosemTime, writeCosemDate, writeCosemDateTime, writeCosemTime } from "./date-time";

/**
 * A-XDR encoding of COSEM data (IEC 61334-6, Blue Book 4.1.5): a tag byte, then the value;
 * arrays and structures carry their element count as an A-XDR length.
 */

/** Nesting and size bounds: hostile input must not exhaust the stack or the heap. */
export interface TDataLimits {
  maxDepth: number;
  maxNodes: number;
}
export const DEFAULT_DATA_LIMITS: TDataLimits = { maxDepth: 32, maxNodes: 1_000_000 };

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

class Budget {
  nodes = 0;
  constructor(readonly limits: TDataLimits) {}
  enter(r: ByteReader, depth: number): void {
    if (depth > this.limits.maxDepth) throw new DecodeFailure("too-large", `data nested deeper than ${this.limits.maxDepth} levels`, r.offset);
    if (++this.nodes > this.limits.maxNodes) throw new DecodeFailure("too-large", `more than ${this.limits.maxNodes} data elements`, r.offset);
  }
}

function readBitString(r: ByteReader): TData {
  const n = r.length("bit-string length");
  const bytes = r.take(Math.ceil(n / 8), "bit-string");
  let bits = "";
  for (let i = 0; i < n; i++) bits += (bytes[i >> 3]! >> (7 - (i & 7))) & 1 ? "1" : "0";
  return { type: "bit-string", bits };
}

function readFloat(r: ByteReader, size: 4 | 8): number {
  const b = r.take(size, size === 4 ? "float32" : "float64");
  const view = new DataView(b.buffer, b.byteOffset, size);
  return size === 4 ? view.getFloat32(0) : view.getFloat64(0);
}

/** The value of a type whose tag has been read (or is implied by a compact array's description). */
function readValue(r: ByteReader, type: TDataType, budget: Budget, depth: number): TData {
  switch (type) {
    case "null-data":
      return { type };
    case "dont-care":
      return { type };
    case "array":
    case "structure": {
      const count = r.length(`${type} element count`);
      if (count > r.remaining) throw new DecodeFailure("truncated", `${type} of ${count} elements in ${r.remaining} bytes`, r.offset);
      const items: TData[] = [];
      for (let i = 0; i < count; i++) items.push(readTagged(r, budget, depth + 1));
      return { type, items };
    }
    case "boolean":
      return { type, value: r.u8("boolean") !== 0 };
    case "bit-string":
      return readBitString(r);
    case "double-long":
      return { type, value: r.i32("double-long") };
    case "double-long-unsigned":
      return { type, value: r.u32("double-long-unsigned") };
    case "octet-string":
      return { type, value: r.take(r.length("octet-string length"), "octet-string").slice() };
    case "visible-string":
      return { type, value: latin1.decode(r.take(r.length("visible-string length"), "visible-string")) };
    case "utf8-string":
      return { type, value: utf8.decode(r.take(r.length("utf8-string length"), "utf8-string")) };
    case "bcd":
      return { type, value: r.u8("bcd") };
    case "integer": {
      const v = r.u8("integer");
      return { type, value: v >= 0x80 ? v - 0x100 : v };
    }
    case "long":
      return { type, value: r.i16("long") };
    case "unsigned":
      return { type, value: r.u8("unsigned") };
    case "long-unsigned":
      return { type, value: r.u16("long-unsigned") };
    case "compact-array":
      return readCompactArray(r, budget, depth);
    case "long64":
      return { type, value: r.i64("long64") };
    case "long64-unsigned":
      return { type, value: r.u64("long64-unsigned") };
    case "enum":
      return { type, value: r.u8("enum") };
    case "float32":
      return { type, value: readFloat(r, 4) };
    case "float64":
      return { type, value: readFloat(r, 8) };
    case "date-time":
      return { type, value: readCosemDateTime(r) };
    case "date":
      return { type, value: readCosemDate(r) };
    case "time":
      return { type, value: readCosemTime(r) };
  }
}

function readTagged(r: ByteReader, budget: Budget, depth: number): TData {
  budget.enter(r, depth);
  const at = r.offset;
  const tag = r.u8("data tag");
  const type = TYPE_BY_TAG.get(tag);
  if (!type) throw new DecodeFailure("invalid", `unknown data type tag ${tag}`, at);
  return readValue(r, type, budget, depth);
}

function readTypeDescription(r: ByteReader, depth: number): TTypeDescription {
  if (depth > 16) throw new DecodeFailure("too-large", "compact-array type description nested too deeply", r.offset);
  const at = r.offset;
  const tag = r.u8("type description tag");
  const type = TYPE_BY_TAG.get(tag);
  if (!type || type === "compact-array") throw new DecodeFailure("invalid", `type description with tag ${tag}`, at);
  if (type === "array") {
    const count = r.u16("compact-array element count");
    return { type, count, element: readTypeDescription(r, depth + 1) };
  }
  if (type === "structure") {
    const n = r.length("compact-array structure size");
    if (n > r.remaining) throw new DecodeFailure("truncated", `structure description of ${n} elements in ${r.remaining} bytes`, r.offset);
    const elements: TTypeDescription[] = [];
    for (let i = 0; i < n; i++) elements.push(readTypeDescription(r, depth + 1));
    return { type, elements };
  }
  return { type };
}

function readDescribed(r: ByteReader, description: TTypeDescription, budget: Budget, depth: number): TData {
  budget.enter(r, depth);
  if (description.type === "array") {
    const items: TData[] = [];
    for (let i = 0; i < description.count; i++) items.push(readDescribed(r, description.element, budget, depth + 1));
    return { type: "array", items };
  }
  if (description.type === "structure") {
    return { type: "structure", items: description.elements.map((e) => readDescribed(r, e, budget, depth + 1)) };
  }
  return readValue(r, description.type, budget, depth);
}

function readCompactArray(r: ByteReader, budget: Budget, depth: number): TData {
  const description = readTypeDescription(r, 0);
  const contents = new ByteReader(r.take(r.length("compact-array contents length"), "compact-array contents"));
  const items: TData[] = [];
  while (!contents.done) {
    const before = contents.offset;
    items.push(readDescribed(contents, description, budget, depth + 1));
    if (contents.offset === before) throw new DecodeFailure("invalid", "compact-array element takes no bytes", r.offset);
  }
  return { type: "compact-array", description, items };
}

function writeBitString(w: ByteWriter, bits: string): void {
  if (!/^[01]*$/.test(bits)) throw new RangeError("bit-string must hold only 0 and 1");
  w.length(bits.length);
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === "1") bytes[i >> 3]! |= 0x80 >> (i & 7);
  w.bytes(bytes);
}

function checkInt(value: number, min: number, max: number, type: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${type} ${value} is outside ${min}..${max}`);
  return value;
}

function writeFloat(w: ByteWriter, value: number, size: 4 | 8): void {
  const b = new Uint8Array(size);
  const view = new DataView(b.buffer);
  if (size === 4) view.setFloat32(0, value);
  else view.setFloat64(0, value);
  w.bytes(b);
}

function writeLatin1(w: ByteWriter, text: string): void {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError("visible-string holds a character outside ISO 8859-1");
    b[i] = c;
  }
  w.length(b.length).bytes(b);
}

function writeValue(w: ByteWriter, v: TData): void {
  switch (v.type) {
    case "null-data":
    case "dont-care":
      return;
    case "array":
    case "structure":
      w.length(v.items.length);
      for (const item of v.items) writeData(w, item);
      return;
    case "boolean":
      w.u8(v.value ? 1 : 0);
      return;
    case "bit-string":
      writeBitString(w, v.bits);
      return;
    case "double-long":
      w.u32(checkInt(v.value, -0x80000000, 0x7fffffff, v.type) >>> 0);
      return;
    case "double-long-unsigned":
      w.u32(checkInt(v.value, 0, 0xffffffff, v.type));
      return;
    case "octet-string":
      w.length(v.value.length).bytes(v.value);
      return;
    case "visible-string":
      writeLatin1(w, v.value);
      return;
    case "utf8-string": {
      const b = utf8Encoder.encode(v.value);
      w.length(b.length).bytes(b);
      return;
    }
    case "bcd":
    case "unsigned":
    case "enum":
      w.u8(checkInt(v.value, 0, 0xff, v.type));
      return;
    case "integer":
      w.u8(checkInt(v.value, -0x80, 0x7f, v.type));
      return;
    case "long":
      w.u16(checkInt(v.value, -0x8000, 0x7fff, v.type));
      return;
    case "long-unsigned":
      w.u16(checkInt(v.value, 0, 0xffff, v.type));
      return;
    case "compact-array":
      writeCompactArray(w, v.description, v.items);
      return;
    case "long64":
      if (v.value < -(1n << 63n) || v.value >= 1n << 63n) throw new RangeError(`long64 ${v.value} is out of range`);
      w.u64(v.value);
      return;
    case "long64-unsigned":
      if (v.value < 0n || v.value >= 1n << 64n) throw new RangeError(`long64-unsigned ${v.value} is out of range`);
      w.u64(v.value);
      return;
    case "float32":
      writeFloat(w, v.value, 4);
      return;
    case "float64":
      writeFloat(w, v.value, 8);
      return;
    case "date-time":
      writeCosemDateTime(w, v.value);
      return;
    case "date":
      writeCosemDate(w, v.value);
      return;
    case "time":
      writeCosemTime(w, v.value);
      return;
  }
}

function writeTypeDescription(w: ByteWriter, description: TTypeDescription): void {
  w.u8(DATA_TAGS[description.type]);
  if (description.type === "array") {
    w.u16(description.count);
    writeTypeDescription(w, description.element);
  } else if (description.type === "structure") {
    w.length(description.elements.length);
    for (const e of description.elements) writeTypeDescription(w, e);
  }
}

function writeDescribed(w: ByteWriter, description: TTypeDescription, v: TData): void {
  if (description.type === "array" || description.type === "structure") {
    if (v.type !== description.type) throw new RangeError(`compact-array element is ${v.type}, its description says ${description.type}`);
    const elements = description.type === "array" ? v.items.map(() => description.element) : description.elements;
    if (elements.length !== v.items.length || (description.type === "array" && v.items.length !== description.count)) {
      throw new RangeError("compact-array element does not match its description");
    }
    v.items.forEach((item, i) => writeDescribed(w, elements[i]!, item));
    return;
  }
  if (v.type !== description.type) throw new RangeError(`compact-array element is ${v.type}, its description says ${description.type}`);
  writeValue(w, v);
}

function writeCompactArray(w: ByteWriter, description: TTypeDescription, items: TData[]): void {
  writeTypeDescription(w, description);
  const contents = new ByteWriter();
  for (const item of items) writeDescribed(contents, description, item);
  w.length(contents.size).bytes(contents.finish());
}

/** Writes a tagged value; throws RangeError for a value its type cannot hold (a programming error). */
export function writeData(w: ByteWriter, value: TData): void {
  w.u8(DATA_TAGS[value.type]);
  writeValue(w, value);
}

export function encodeData(value: TData): Uint8Array {
  const w = new ByteWriter();
  writeData(w, value);
  return w.finish();
}

/** Reads one tagged value inside a larger decoder (throws DecodeFailure; use decodeData at a boundary). */
export function readData(r: ByteReader, limits: TDataLimits = DEFAULT_DATA_LIMITS): TData {
  return readTagged(r, new Budget(limits), 0);
}

/** Decodes exactly one value filling the bytes. */
export function decodeData(bytes: Uint8Array, limits: TDataLimits = DEFAULT_DATA_LIMITS): TResult<TData> {
  return decodeWith(() => {
    const r = new ByteReader(bytes);
    const value = readData(r, limits);
    if (!r.done) throw new DecodeFailure("invalid", `${r.remaining} bytes after the value`, r.offset);
    return value;
  });
}
