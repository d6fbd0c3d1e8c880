import type { ByteReader, ByteWriter } from "../bytes";
import { readData, writeData } from "../axdr/codec";
import type { TData } from "../axdr/data";
import { DecodeFailure } from "../result";
import { readMethodRef, writeMethodRef, type TMethodRef } from "./descriptors";
import { readGetResult, writeGetResult, type TGetResult } from "./get";
import { readDataBlock, writeDataBlock, type TDataBlock } from "./set";

/** ACTION service, logical name referencing (Green Book 9.5: Action-Request, Action-Response). */
export const ACTION_REQUEST_TAG = 0xc3;
export const ACTION_RESPONSE_TAG = 0xc7;

export type TActionRequest =
  | { type: "action-request-normal"; invoke: number; method: TMethodRef; parameters?: TData }
  /** The client acknowledges a block of a long response and asks for the next one. */
  | { type: "action-request-next-pblock"; invoke: number; block: number }
  | { type: "action-request-with-first-pblock"; invoke: number; method: TMethodRef; block: TDataBlock }
  | { type: "action-request-with-pblock"; invoke: number; block: TDataBlock };

/** Action-Response-With-Optional-Data: the action-result and, where the method returns one, its value. */
export interface TActionOutcome {
  result: number;
  returned?: TGetResult;
}

export type TActionResponse =
  | { type: "action-response-normal"; invoke: number; outcome: TActionOutcome }
  | { type: "action-response-with-pblock"; invoke: number; block: TDataBlock }
  /** The server acknowledges a block of a long request and asks for the next one. */
  | { type: "action-response-next-pblock"; invoke: number; block: number };

export function readActionRequest(r: ByteReader): TActionRequest {
  const at = r.offset;
  const choice = r.u8("Action-Request choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1) {
    const method = readMethodRef(r);
    const present = r.u8("method-invocation-parameters presence");
    if (present > 1) throw new DecodeFailure("invalid", `method-invocation-parameters presence byte ${present}`, r.offset - 1);
    return present ? { type: "action-request-normal", invoke, method, parameters: readData(r) } : { type: "action-request-normal", invoke, method };
  }
  if (choice === 2) return { type: "action-request-next-pblock", invoke, block: r.u32("block number") };
  if (choice === 4) return { type: "action-request-with-first-pblock", invoke, method: readMethodRef(r), block: readDataBlock(r) };
  if (choice === 6) return { type: "action-request-with-pblock", invoke, block: readDataBlock(r) };
  throw new DecodeFailure("unsupported", `Action-Request choice ${choice}`, at);
}

export function writeActionRequest(w: ByteWriter, m: TActionRequest): void {
  w.u8(ACTION_REQUEST_TAG);
  switch (m.type) {
    case "action-request-normal":
      w.u8(1).u8(m.invoke);
      writeMethodRef(w, m.method);
      if (m.parameters) {
        w.u8(1);
        writeData(w, m.parameters);
      } else w.u8(0);
      return;
    case "action-request-next-pblock":
      w.u8(2).u8(m.invoke).u32(m.block);
      return;
    case "action-request-with-first-pblock":
      w.u8(4).u8(m.invoke);
      writeMethodRef(w, m.method);
      writeDataBlock(w, m.block);
      return;
    case "action-request-with-pblock":
      w.u8(6).u8(m.invoke);
      writeDataBlock(w, m.block);
  }
}

export function readActionOutcome(r: ByteReader): TActionOutcome {
  const result = r.u8("action-result");
  const present = r.u8("return-parameters presence");
  if (present > 1) throw new DecodeFailure("invalid", `return-parameters presence byte ${present}`, r.offset - 1);
  return present ? { result, returned: readGetResult(r) } : { result };
}

export function writeActionOutcome(w: ByteWriter, o: TActionOutcome): void {
  w.u8(o.result);
  if (o.returned) {
    w.u8(1);
    writeGetResult(w, o.returned);
  } else w.u8(0);
}

export function readActionResponse(r: ByteReader): TActionResponse {
  const at = r.offset;
  const choice = r.u8("Action-Response choice");
  const invoke = r.u8("invoke-id-and-priority");
  if (choice === 1) return { type: "action-response-normal", invoke, outcome: readActionOutcome(r) };
  if (choice === 2) return { type: "action-response-with-pblock", invoke, block: readDataBlock(r) };
  if (choice === 4) return { type: "action-response-next-pblock", invoke, block: r.u32("block number") };
  throw new DecodeFailure("unsupported", `Action-Response choice ${choice}`, at);
}

export function writeActionResponse(w: ByteWriter, m: TActionResponse): void {
  w.u8(ACTION_RESPONSE_TAG);
  switch (m.type) {
    case "action-response-normal":
      w.u8(1).u8(m.invoke);
      writeActionOutcome(w, m.outcome);
      return;
    case "action-response-with-pblock":
      w.u8(2).u8(m.invoke);
      writeDataBlock(w, m.block);
      return;
    case "action-response-next-pblock":
      w.u8(4).u8(m.invoke).u32(m.block);
  }
}
