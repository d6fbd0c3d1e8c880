import type { ByteReader, ByteWriter } from "../bytes";
import { formatObis, obisBytes } from "../obis";
import { readData, writeData } from "../axdr/codec";
import type { TData } from "../axdr/data";
import { DecodeFailure } from "../result";

/** Cosem-Attribute-Descriptor and Cosem-Method-Descriptor (Green Book 9.5), OBIS as text. */
export interface TAttributeRef {
  classId: number;
  obis: string;
  attribute: number;
}

export interface TMethodRef {
  classId: number;
  obis: string;
  method: number;
}

/** Selective-Access-Descriptor: a selector and its parameters (Blue Book: range 1 and entry 2 on profile generic buffers). */
export interface TSelectiveAccess {
  selector: number;
  parameters: TData;
}

export interface TAttributeRequest {
  attribute: TAttributeRef;
  access?: TSelectiveAccess;
}

const readObis = (r: ByteReader): string => formatObis(r.take(6, "logical name"));

function readSignedByte(r: ByteReader, what: string): number {
  const v = r.u8(what);
  return v >= 0x80 ? v - 0x100 : v;
}

export function readAttributeRef(r: ByteReader): TAttributeRef {
  const classId = r.u16("class id");
  const obis = readObis(r);
  return { classId, obis, attribute: readSignedByte(r, "attribute id") };
}

export function writeAttributeRef(w: ByteWriter, a: TAttributeRef): void {
  w.u16(a.classId).bytes(obisBytes(a.obis)).u8(a.attribute);
}

export function readMethodRef(r: ByteReader): TMethodRef {
  const classId = r.u16("class id");
  const obis = readObis(r);
  return { classId, obis, method: readSignedByte(r, "method id") };
}

export function writeMethodRef(w: ByteWriter, m: TMethodRef): void {
  w.u16(m.classId).bytes(obisBytes(m.obis)).u8(m.method);
}

/** access-selection OPTIONAL: 00 absent, 01 then the selector and its parameters. */
export function readAccessSelection(r: ByteReader): TSelectiveAccess | undefined {
  const at = r.offset;
  const present = r.u8("access-selection presence");
  if (present === 0) return undefined;
  if (present !== 1) throw new DecodeFailure("invalid", `access-selection presence byte ${present}`, at);
  return { selector: r.u8("access selector"), parameters: readData(r) };
}

export function writeAccessSelection(w: ByteWriter, access: TSelectiveAccess | undefined): void {
  if (!access) {
    w.u8(0);
    return;
  }
  w.u8(1).u8(access.selector);
  writeData(w, access.parameters);
}

export const describeAttribute = (a: TAttributeRef): string => `${a.obis} attribute ${a.attribute} (class ${a.classId})`;
export const describeMethod = (m: TMethodRef): string => `${m.obis} method ${m.method} (class ${m.classId})`;
