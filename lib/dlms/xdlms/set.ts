import type { ByteReader, ByteWriter } from "../bytes";
import { readData, writeData } from "../axdr/codec";
import type { TData } from "../axdr/data";
import { DecodeFailure } from "../result";
import { readAccessSelection, readAttributeRef, writeAccessSelection, writeAttributeRef, type TAttributeRef, type TAttributeRequest, type TSelectiveAccess } from "./descriptors";

/** SET service, logical name referencing (Green Book 9.5: Set-Request, Set-Response). */
export const SET_REQUEST_TAG = 0xc1;
export const SET_RESPONSE_TAG = 0xc5;

/** DataBlock-SA: one block of a long value's encoding. */
export interface TDataBlock {
  last: boolean;
  block: number;
  raw: Uint8Array;
}

export type TSetRequest =
  | { type: "set-request-normal"; invoke: number; attribute: TAttributeRef; access?: TSelectiveAccess; value: TData }
  | { type: "set-request-with-first-datablock"; invoke: number; attribute: TAttributeRef; access?: TSelectiveAccess; block: TDataBlock }
  | { type: "set-request-with-datablock"; invoke: number; block: TDataBlock }
  | { type: "set-request-with-list"; invoke: number; attributes: TAttributeRequest[]; values: TData[] };

export type TSetResponse =
  | { type: "set-response-normal"; invoke: number; result: number }
  | { type: "set-response-datablock"; invoke: number; block: number }
  | { type: "set-response-last-datablock"; invoke: number; result: number; block: number }
  | { type: "set-response-with-list"; invoke: number; results: number[] };

export function readDataBlock(r: ByteReader): TDataBlock {
  const last = r.u8("last-block") !== 0;
  const block = r.u32("block number");
  return { last, block, raw: r.take(r.length("raw-data length"), "raw-data").slice() };
}

export function writeDataBlock(w: ByteWriter, b: TDataBlock): void {
  w.u8(b.last ? 1 : 0).u32(b.block).length(b.raw.length).bytes(b.raw);
}

function readRequests(r: ByteReader): TAttributeRequest[] {
  const n = r.length("attribute count");
  if (n * 10 > r.remaining) throw new DecodeFailure("truncated", `${n} attribute descriptors in ${r.remaining} bytes`, r.offset);
  const out: TAttributeRequest[] = [];
  for (let i = 0; i < n; i++) {
    const attribute = readAttributeRef(r);
    const access = readAccessSelection(r);
    out.push(access ? { attribute, access } : { attribute });
  }
  return out;
}

export function readSetRequest(r: ByteReader): TSetRequest {
  const at = r.offset;
  const choice = r.u8("Set-Request choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1 || choice === 2) {
    const attribute = readAttributeRef(r);
    const access = readAccessSelection(r);
    const base = access ? { invoke, attribute, access } : { invoke, attribute };
    return choice === 1
      ? { type: "set-request-normal", ...base, value: readData(r) }
      : { type: "set-request-with-first-datablock", ...base, block: readDataBlock(r) };
  }
  if (choice === 3) return { type: "set-request-with-datablock", invoke, block: readDataBlock(r) };
  if (choice === 4) {
    const attributes = readRequests(r);
    const n = r.length("value count");
    if (n !== attributes.length) throw new DecodeFailure("invalid", `${attributes.length} attributes but ${n} values`, r.offset);
    const values: TData[] = [];
    for (let i = 0; i < n; i++) values.push(readData(r));
    return { type: "set-request-with-list", invoke, attributes, values };
  }
  throw new DecodeFailure("unsupported", `Set-Request choice ${choice}`, at);
}

export function writeSetRequest(w: ByteWriter, m: TSetRequest): void {
  w.u8(SET_REQUEST_TAG);
  switch (m.type) {
    case "set-request-normal":
      w.u8(1).u8(m.invoke);
      writeAttributeRef(w, m.attribute);
      writeAccessSelection(w, m.access);
      writeData(w, m.value);
      return;
    case "set-request-with-first-datablock":
      w.u8(2).u8(m.invoke);
      writeAttributeRef(w, m.attribute);
      writeAccessSelection(w, m.access);
      writeDataBlock(w, m.block);
      return;
    case "set-request-with-datablock":
      w.u8(3).u8(m.invoke);
      writeDataBlock(w, m.block);
      return;
    case "set-request-with-list":
      w.u8(4).u8(m.invoke).length(m.attributes.length);
      for (const a of m.attributes) {
        writeAttributeRef(w, a.attribute);
        writeAccessSelection(w, a.access);
      }
      w.length(m.values.length);
      for (const v of m.values) writeData(w, v);
  }
}

export function readSetResponse(r: ByteReader): TSetResponse {
  const at = r.offset;
  const choice = r.u8("Set-Response choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1) return { type: "set-response-normal", invoke, result: r.u8("data-access-result") };
  if (choice === 2) return { type: "set-response-datablock", invoke, block: r.u32("block number") };
  if (choice === 3) return { type: "set-response-last-datablock", invoke, result: r.u8("data-access-result"), block: r.u32("block number") };
  if (choice === 5) {
    const n = r.length("result count");
    const results: number[] = [];
    for (let i = 0; i < n; i++) results.push(r.u8("data-access-result"));
    return { type: "set-response-with-list", invoke, results };
  }
  throw new DecodeFailure("unsupported", `Set-Response choice ${choice}`, at);
}

export function writeSetResponse(w: ByteWriter, m: TSetResponse): void {
  w.u8(SET_RESPONSE_TAG);
  switch (m.type) {
    case "set-response-normal":
      w.u8(1).u8(m.invoke).u8(m.result);
      return;
    case "set-response-datablock":
      w.u8(2).u8(m.invoke).u32(m.block);
      return;
    case "set-response-last-datablock":
      w.u8(3).u8(m.invoke).u8(m.result).u32(m.block);
      return;
    case "set-response-with-list":
      w.u8(5).u8(m.invoke).length(m.results.length);
      for (const result of m.results) w.u8(result);
  }
}
