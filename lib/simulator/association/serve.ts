import { ByteReader, ByteWriter } from "../../dlms/bytes";
import { encodeData, readData } from "../../dlms/axdr/codec";
import { d, type TData } from "../../dlms/axdr/data";
import type { TActionRequest, TActionResponse } from "../../dlms/xdlms/action";
import type { TAttributeRef, TMethodRef, TSelectiveAccess } from "../../dlms/xdlms/descriptors";
import { writeGetResult, type TGetRequest, type TGetResponse, type TGetResult } from "../../dlms/xdlms/get";
import { DATA_ACCESS_RESULTS } from "../../dlms/xdlms/results";
import type { TSetRequest, TSetResponse } from "../../dlms/xdlms/set";
import type { TProfileClient } from "../../profile/schema";
import { RESULT, type TMethodOutcome } from "../meter/object";
import type { Simulator } from "../simulator";
import type { TAssociationParameters } from "./acse";
import { selectEntries } from "./buffer-selection";

/**
 * The xDLMS services of an open association (Green Book 9.3): GET, SET and ACTION, normal,
 * with list and with block transfer, each checked against the client's rights before the meter
 * is asked. Long answers are cut into blocks that fit the client's max PDU size; long requests
 * are collected block by block.
 */
export interface TServeContext {
  sim: Simulator;
  association: TAssociationParameters;
  /** Extra bytes the ciphering adds to each response (tag, length, SC, IC, GCM tag). */
  overhead: number;
  /** The meter refuses the request's protection: every attribute and method answers scope-of-access-violated. */
  protectionViolated: boolean;
}

/** Transfers in progress inside one association. */
export interface TLongTransfers {
  get?: { invoke: number; raw: Uint8Array; offset: number; block: number };
  set?: { invoke: number; attribute: TAttributeRef; access?: TSelectiveAccess; parts: Uint8Array[]; block: number; size: number };
  action?: { invoke: number; method: TMethodRef; parts: Uint8Array[]; block: number; size: number };
}

const MAX_LONG_REQUEST = 1 << 20;

function client(ctx: TServeContext): TProfileClient {
  return ctx.association.client;
}

/** One attribute read with every check a meter makes, in the order it makes them. */
export function readAttribute(ctx: TServeContext, ref: TAttributeRef, access?: TSelectiveAccess): TGetResult {
  if (ctx.protectionViolated) return { ok: false, code: RESULT.scopeOfAccessViolated };
  const { sim } = ctx;
  const object = sim.meter.objects.get(ref.obis);
  const rights = sim.rightsOf(client(ctx).id);
  if (!object || !rights.visible(object.def)) return { ok: false, code: RESULT.objectUndefined };
  if (object.classId !== ref.classId) return { ok: false, code: RESULT.objectClassInconsistent };
  if (!object.def.attributes.some((a) => a.index === ref.attribute)) return { ok: false, code: RESULT.objectUndefined };
  if (!rights.read(object.def, ref.attribute)) return { ok: false, code: RESULT.readWriteDenied };
  sim.meter.advance();
  let value: TData | undefined;
  if (object.classId === 15) value = sim.associationAttribute(ref.obis, ref.attribute, ctx.association);
  else if (object.classId === 64) value = sim.securitySetupAttribute(ref.obis, ref.attribute);
  else if (sim.ownerOf.has(ref.obis) && object.classId === 1 && ref.attribute === 2) value = d.u32(sim.security.minimumInvocationCounter(sim.ownerOf.get(ref.obis)!));
  value ??= sim.meter.readValue(ref.obis, ref.attribute);
  if (!value) return { ok: false, code: RESULT.objectUnavailable };
  if (access) {
    if (object.classId !== 7 || ref.attribute !== 2) return { ok: false, code: RESULT.otherReason };
    if (value.type !== "array") return { ok: false, code: RESULT.objectUnavailable };
    const selected = selectEntries(value.items, (object.def.captureObjects ?? []).map((c) => ({ classId: sim.meter.objects.get(c.obis)?.classId ?? 0, obis: c.obis, attribute: c.attribute, dataIndex: 0 })), access);
    if (typeof selected === "string") {
      sim.log(`${client(ctx).name}: selective access on ${ref.obis} refused: ${selected}`);
      return { ok: false, code: RESULT.otherReason };
    }
    return { ok: true, data: d.array(selected) };
  }
  return { ok: true, data: value };
}

function writeAttribute(ctx: TServeContext, ref: TAttributeRef, value: TData): number {
  if (ctx.protectionViolated) return RESULT.scopeOfAccessViolated;
  const { sim } = ctx;
  const object = sim.meter.objects.get(ref.obis);
  const rights = sim.rightsOf(client(ctx).id);
  if (!object || !rights.visible(object.def)) return RESULT.objectUndefined;
  if (object.classId !== ref.classId) return RESULT.objectClassInconsistent;
  if (!object.def.attributes.some((a) => a.index === ref.attribute)) return RESULT.objectUndefined;
  if (!rights.write(object.def, ref.attribute)) {
    sim.meter.raise("access-denied");
    return RESULT.readWriteDenied;
  }
  const result = sim.meter.writeValue(ref.obis, ref.attribute, value);
  if (result === RESULT.success) sim.log(`${client(ctx).name}: SET ${ref.obis} attribute ${ref.attribute}`);
  return result;
}

function invokeMethod(ctx: TServeContext, ref: TMethodRef, parameters: TData | undefined): TMethodOutcome {
  if (ctx.protectionViolated) return { result: RESULT.scopeOfAccessViolated };
  const { sim } = ctx;
  const object = sim.meter.objects.get(ref.obis);
  const rights = sim.rightsOf(client(ctx).id);
  if (!object || !rights.visible(object.def)) return { result: RESULT.objectUndefined };
  if (object.classId !== ref.classId) return { result: RESULT.objectClassInconsistent };
  if (!object.def.methods.some((m) => m.index === ref.method)) return { result: RESULT.objectUndefined };
  if (!rights.execute(object.def, ref.method)) {
    sim.meter.raise("access-denied");
    return { result: RESULT.readWriteDenied };
  }
  const outcome = sim.meter.invoke(ref.obis, ref.method, parameters, { client: client(ctx) });
  sim.log(`${client(ctx).name}: ACTION ${ref.obis} method ${ref.method}: result ${outcome.result}`);
  return outcome;
}

/** Room for data in a block: the max PDU less the block header and the ciphering. */
const blockRoom = (ctx: TServeContext): number => Math.max(16, ctx.association.maxSendPdu - ctx.overhead - 16);

function blockResponse(invoke: number, t: NonNullable<TLongTransfers["get"]>, room: number): TGetResponse {
  const end = Math.min(t.raw.length, t.offset + room);
  const raw = t.raw.subarray(t.offset, end);
  t.offset = end;
  return { type: "get-response-with-datablock", invoke, last: end >= t.raw.length, block: t.block, result: { ok: true, raw } };
}

function encodedSize(result: TGetResult): number {
  const w = new ByteWriter(256);
  writeGetResult(w, result);
  return w.size;
}

export function serveGet(ctx: TServeContext, req: TGetRequest, long: TLongTransfers): TGetResponse {
  const room = blockRoom(ctx);
  const blocksAllowed = ctx.association.conformance.has("block-transfer-with-get-or-read");
  if (req.type === "get-request-normal") {
    delete long.get;
    const result = readAttribute(ctx, req.attribute, req.access);
    if (result.ok && encodedSize(result) + 4 > room) {
      if (!blocksAllowed) return { type: "get-response-normal", invoke: req.invoke, result: { ok: false, code: DATA_ACCESS_RESULTS["other-reason"] } };
      long.get = { invoke: req.invoke, raw: encodeData(result.data), offset: 0, block: 1 };
      return blockResponse(req.invoke, long.get, room);
    }
    return { type: "get-response-normal", invoke: req.invoke, result };
  }
  if (req.type === "get-request-next") {
    const t = long.get;
    if (!t) return { type: "get-response-with-datablock", invoke: req.invoke, last: true, block: req.block, result: { ok: false, code: DATA_ACCESS_RESULTS["no-long-get-in-progress"] } };
    if (req.block !== t.block) {
      delete long.get;
      return { type: "get-response-with-datablock", invoke: req.invoke, last: true, block: req.block, result: { ok: false, code: DATA_ACCESS_RESULTS["data-block-number-invalid"] } };
    }
    t.block++;
    const response = blockResponse(req.invoke, t, room);
    if (response.type === "get-response-with-datablock" && response.last) delete long.get;
    return response;
  }
  delete long.get;
  if (!ctx.association.conformance.has("multiple-references")) {
    return { type: "get-response-with-list", invoke: req.invoke, results: req.attributes.map(() => ({ ok: false, code: DATA_ACCESS_RESULTS["other-reason"] })) };
  }
  const results = req.attributes.map((a) => readAttribute(ctx, a.attribute, a.access));
  const size = results.reduce((n, r) => n + encodedSize(r), 4);
  if (size > room && blocksAllowed) {
    const w = new ByteWriter(size);
    w.length(results.length);
    for (const r of results) writeGetResult(w, r);
    long.get = { invoke: req.invoke, raw: w.finish(), offset: 0, block: 1 };
    return blockResponse(req.invoke, long.get, room);
  }
  return { type: "get-response-with-list", invoke: req.invoke, results };
}

function decodeWhole(parts: Uint8Array[]): TData | null {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  try {
    const r = new ByteReader(all);
    const value = readData(r);
    return r.done ? value : null;
  } catch {
    return null;
  }
}

export function serveSet(ctx: TServeContext, req: TSetRequest, long: TLongTransfers): TSetResponse {
  switch (req.type) {
    case "set-request-normal":
      delete long.set;
      return { type: "set-response-normal", invoke: req.invoke, result: writeAttribute(ctx, req.attribute, req.value) };
    case "set-request-with-list":
      delete long.set;
      return { type: "set-response-with-list", invoke: req.invoke, results: req.attributes.map((a, i) => writeAttribute(ctx, a.attribute, req.values[i]!)) };
    case "set-request-with-first-datablock": {
      long.set = { invoke: req.invoke, attribute: req.attribute, ...(req.access ? { access: req.access } : {}), parts: [req.block.raw], block: req.block.block, size: req.block.raw.length };
      if (!req.block.last) return { type: "set-response-datablock", invoke: req.invoke, block: req.block.block };
      break;
    }
    case "set-request-with-datablock": {
      const t = long.set;
      if (!t) return { type: "set-response-last-datablock", invoke: req.invoke, result: DATA_ACCESS_RESULTS["no-long-set-in-progress"], block: req.block.block };
      if (req.block.block !== t.block + 1 || t.size + req.block.raw.length > MAX_LONG_REQUEST) {
        delete long.set;
        return { type: "set-response-last-datablock", invoke: req.invoke, result: DATA_ACCESS_RESULTS["long-set-aborted"], block: req.block.block };
      }
      t.parts.push(req.block.raw);
      t.block = req.block.block;
      t.size += req.block.raw.length;
      if (!req.block.last) return { type: "set-response-datablock", invoke: req.invoke, block: req.block.block };
      break;
    }
  }
  const t = long.set!;
  delete long.set;
  const value = decodeWhole(t.parts);
  const result = value ? writeAttribute(ctx, t.attribute, value) : DATA_ACCESS_RESULTS["type-unmatched"];
  return { type: "set-response-last-datablock", invoke: req.invoke, result, block: t.block };
}

/**
 * ACTION: HLS pass 3 is the session's business (it changes the association's state) and is
 * handled before this is called.
 */
export function serveAction(ctx: TServeContext, req: TActionRequest, long: TLongTransfers): TActionResponse {
  const respond = (invoke: number, o: TMethodOutcome): TActionResponse => ({
    type: "action-response-normal",
    invoke,
    outcome: o.returned ? { result: o.result, returned: { ok: true, data: o.returned } } : { result: o.result },
  });
  switch (req.type) {
    case "action-request-normal":
      delete long.action;
      return respond(req.invoke, invokeMethod(ctx, req.method, req.parameters));
    case "action-request-next-pblock":
      return respond(req.invoke, { result: RESULT.otherReason });
    case "action-request-with-first-pblock":
      long.action = { invoke: req.invoke, method: req.method, parts: [req.block.raw], block: req.block.block, size: req.block.raw.length };
      if (!req.block.last) return { type: "action-response-next-pblock", invoke: req.invoke, block: req.block.block };
      break;
    case "action-request-with-pblock": {
      const t = long.action;
      if (!t || req.block.block !== t.block + 1 || t.size + req.block.raw.length > MAX_LONG_REQUEST) {
        delete long.action;
        return respond(req.invoke, { result: RESULT.otherReason });
      }
      t.parts.push(req.block.raw);
      t.block = req.block.block;
      t.size += req.block.raw.length;
      if (!req.block.last) return { type: "action-response-next-pblock", invoke: req.invoke, block: req.block.block };
      break;
    }
  }
  const t = long.action!;
  delete long.action;
  const parameters = decodeWhole(t.parts);
  return respond(req.invoke, parameters ? invokeMethod(ctx, t.method, parameters) : { result: RESULT.typeUnmatched });
}
