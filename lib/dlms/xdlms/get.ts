import type { ByteReader, ByteWriter } from "../bytes";
import { readData, writeData } from "../axdr/codec";
import type { TData } from "../axdr/data";
import { DecodeFailure } from "../result";
import { readAccessSelection, readAttributeRef, writeAccessSelection, writeAttributeRef, type TAttributeRef, type TAttributeRequest, type TSelectiveAccess } from "./descriptors";

/** GET service, logical name referencing (Green Book 9.5: Get-Request, Get-Response). */
export const GET_REQUEST_TAG = 0xc0;
export const GET_RESPONSE_TAG = 0xc4;

/** Get-Data-Result: the value, or a data-access-result code. */
export type TGetResult = { ok: true; data: TData } | { ok: false; code: number };

export type TGetRequest =
  | { type: "get-request-normal"; invoke: number; attribute: TAttributeRef; access?: TSelectiveAccess }
  | { type: "get-request-next"; invoke: number; block: number }
  | { type: "get-request-with-list"; invoke: number; attributes: TAttributeRequest[] };

export type TGetResponse =
  | { type: "get-response-normal"; invoke: number; result: TGetResult }
  /** DataBlock-G: raw bytes of the encoded value, or a data-access-result for the whole transfer. */
  | { type: "get-response-with-datablock"; invoke: number; last: boolean; block: number; result: { ok: true; raw: Uint8Array } | { ok: false; code: number } }
  | { type: "get-response-with-list"; invoke: number; results: TGetResult[] };

export function readGetResult(r: ByteReader): TGetResult {
  const at = r.offset;
  const choice = r.u8("Get-Data-Result choice");
  if (choice === 0) return { ok: true, data: readData(r) };
  if (choice === 1) return { ok: false, code: r.u8("data-access-result") };
  throw new DecodeFailure("invalid", `Get-Data-Result choice ${choice}`, at);
}

export function writeGetResult(w: ByteWriter, result: TGetResult): void {
  if (result.ok) {
    w.u8(0);
    writeData(w, result.data);
  } else {
    w.u8(1).u8(result.code);
  }
}

export function readGetRequest(r: ByteReader): TGetRequest {
  const at = r.offset;
  const choice = r.u8("Get-Request choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1) {
    const attribute = readAttributeRef(r);
    const access = readAccessSelection(r);
    return access ? { type: "get-request-normal", invoke, attribute, access } : { type: "get-request-normal", invoke, attribute };
  }
  if (choice === 2) return { type: "get-request-next", invoke, block: r.u32("block number") };
  if (choice === 3) {
    const n = r.length("attribute count");
    if (n * 10 > r.remaining) throw new DecodeFailure("truncated", `${n} attribute descriptors in ${r.remaining} bytes`, r.offset);
    const attributes: TAttributeRequest[] = [];
    for (let i = 0; i < n; i++) {
      const attribute = readAttributeRef(r);
      const access = readAccessSelection(r);
      attributes.push(access ? { attribute, access } : { attribute });
    }
    return { type: "get-request-with-list", invoke, attributes };
  }
  throw new DecodeFailure("unsupported", `Get-Request choice ${choice}`, at);
}

export function writeGetRequest(w: ByteWriter, m: TGetRequest): void {
  w.u8(GET_REQUEST_TAG);
  if (m.type === "get-request-normal") {
    w.u8(1).u8(m.invoke);
    writeAttributeRef(w, m.attribute);
    writeAccessSelection(w, m.access);
  } else if (m.type === "get-request-next") {
    w.u8(2).u8(m.invoke).u32(m.block);
  } else {
    w.u8(3).u8(m.invoke).length(m.attributes.length);
    for (const a of m.attributes) {
      writeAttributeRef(w, a.attribute);
      writeAccessSelection(w, a.access);
    }
  }
}

export function readGetResponse(r: ByteReader): TGetResponse {
  const at = r.offset;
  const choice = r.u8("Get-Response choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1) return { type: "get-response-normal", invoke, result: readGetResult(r) };
  if (choice === 2) {
    const last = r.u8("last-block") !== 0;
    const block = r.u32("block number");
    const kind = r.u8("DataBlock-G result choice");
    if (kind === 0) return { type: "get-response-with-datablock", invoke, last, block, result: { ok: true, raw: r.take(r.length("raw-data length"), "raw-data").slice() } };
    if (kind === 1) return { type: "get-response-with-datablock", invoke, last, block, result: { ok: false, code: r.u8("data-access-result") } };
    throw new DecodeFailure("invalid", `DataBlock-G result choice ${kind}`, r.offset - 1);
  }
  if (choice === 3) {
    const n = r.length("result count");
    if (n * 2 > r.remaining) throw new DecodeFailure("truncated", `${n} results in ${r.remaining} bytes`, r.offset);
    const results: TGetResult[] = [];
    for (let i = 0; i < n; i++) results.push(readGetResult(r));
    return { type: "get-response-with-list", invoke, results };
  }
  throw new DecodeFailure("unsupported", `Get-Response choice ${choice}`, at);
}

export function writeGetResponse(w: ByteWriter, m: TGetResponse): void {
  w.u8(GET_RESPONSE_TAG);
  if (m.type === "get-response-normal") {
    w.u8(1).u8(m.invoke);
    writeGetResult(w, m.result);
  } else if (m.type === "get-response-with-datablock") {
    w.u8(2).u8(m.invoke).u8(m.last ? 1 : 0).u32(m.block);
    if (m.result.ok) w.u8(0).length(m.result.raw.length).bytes(m.result.raw);
    else w.u8(1).u8(m.result.code);
  } else {
    w.u8(3).u8(m.invoke).length(m.results.length);
    for (const result of m.results) writeGetResult(w, result);
  }
}
