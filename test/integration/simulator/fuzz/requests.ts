import { encodeData } from "@/lib/dlms/axdr/codec";
import { d, type TData } from "@/lib/dlms/axdr/data";
import type { TAttributeRequest, TSelectiveAccess } from "@/lib/dlms/xdlms/descriptors";
import { encodeApdu, type TRequestApdu } from "@/lib/dlms/xdlms/apdu";
import type { TUserProfile } from "@/lib/profile/schema";
import type { Random } from "./random";

/**
 * Requests that decode but ask what no client of the profile would: any attribute or method of
 * the meter's objects (and beyond their last), sometimes under the wrong class, with values of
 * random types and shapes, odd selective access, stray block numbers. Byte mutations seldom get
 * past the decoder; these get into the meter's attribute and method handlers.
 */
export interface TTarget {
  classId: number;
  obis: string;
  attributes: number;
  methods: number;
}

export function targetsOf(profile: TUserProfile): TTarget[] {
  return profile.objects.map((o) => ({ classId: o.classId, obis: o.obis, attributes: o.attributes.length, methods: o.methods.length }));
}

const EDGE_NUMBERS = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 0xffffffff];

function integerOf(r: Random, min: number, max: number): number {
  const edge = r.pick(EDGE_NUMBERS);
  return r.chance(0.5) && edge >= min && edge <= max ? edge : min + Math.floor((r.u32() / 0x1_0000_0000) * (max - min + 1));
}

/** A random value: scalars of every type with edge values, octet strings (some shaped like date-times), nested arrays and structures. */
export function randomData(r: Random, depth = 0): TData {
  const k = r.int(depth >= 3 ? 14 : 17);
  switch (k) {
    case 0:
      return d.null();
    case 1:
      return d.bool(r.chance(0.5));
    case 2:
      return d.i8(integerOf(r, -128, 127));
    case 3:
      return d.i16(integerOf(r, -0x8000, 0x7fff));
    case 4:
      return d.i32(integerOf(r, -0x80000000, 0x7fffffff));
    case 5:
      return d.u8(integerOf(r, 0, 0xff));
    case 6:
      return d.u16(integerOf(r, 0, 0xffff));
    case 7:
      return d.u32(integerOf(r, 0, 0xffffffff));
    case 8:
      return d.enum(integerOf(r, 0, 0xff));
    case 9:
      return d.u64(BigInt(r.u32()) * BigInt(r.u32()));
    case 10:
      return d.octets(r.chance(0.3) ? dateTimeBytes(r) : r.bytes(r.length(40)));
    case 11:
      return d.visible(String.fromCharCode(...r.bytes(r.length(20)).map((b) => 0x20 + (b % 95))));
    case 12:
      return d.bits(Array.from({ length: r.length(40) }, () => (r.chance(0.5) ? "1" : "0")).join(""));
    case 13:
      return d.f32(r.pick([0, -1.5, 3.25, 1e30]));
    case 14:
    case 15:
      return d.struct(...Array.from({ length: r.length(6) }, () => randomData(r, depth + 1)));
    default:
      return d.array(Array.from({ length: r.length(6) }, () => randomData(r, depth + 1)));
  }
}

/** 12 bytes laid out as a COSEM date-time, with out-of-range and "not specified" fields. */
function dateTimeBytes(r: Random): Uint8Array {
  const pick = (values: number[]) => r.pick(values);
  const year = r.chance(0.2) ? 0xffff : r.between(1990, 2100);
  return Uint8Array.from([
    year >> 8,
    year & 0xff,
    pick([1, 6, 12, 13, 0xfd, 0xfe, 0xff, 0]),
    pick([1, 15, 28, 31, 32, 0xfd, 0xfe, 0xff, 0]),
    pick([1, 7, 8, 0xff]),
    pick([0, 12, 23, 24, 0xff]),
    pick([0, 59, 60, 0xff]),
    pick([0, 59, 60, 0xff]),
    pick([0, 99, 100, 0xff]),
    ...(r.chance(0.5) ? [0x80, 0x00] : [0x00, 0x3c]),
    pick([0x00, 0x80, 0x01, 0xff]),
  ]);
}

function attributeOf(r: Random, targets: readonly TTarget[]): TAttributeRequest {
  const t = r.pick(targets);
  const classId = r.chance(0.9) ? t.classId : r.int(120);
  const attribute = r.chance(0.9) ? r.between(1, t.attributes + 1) : r.int(256);
  const access = r.chance(0.1) ? selectiveAccess(r) : undefined;
  return { attribute: { classId, obis: t.obis, attribute }, ...(access ? { access } : {}) };
}

function selectiveAccess(r: Random): TSelectiveAccess {
  const selector = r.chance(0.8) ? r.between(1, 2) : r.int(256);
  if (selector === 2 && r.chance(0.7)) return { selector, parameters: d.struct(d.u32(integerOf(r, 0, 0xffffffff)), d.u32(integerOf(r, 0, 0xffffffff)), d.u16(integerOf(r, 0, 0xffff)), d.u16(integerOf(r, 0, 0xffff))) };
  if (selector === 1 && r.chance(0.7)) return { selector, parameters: d.struct(randomData(r, 2), d.octets(dateTimeBytes(r)), d.octets(dateTimeBytes(r)), d.array([])) };
  return { selector, parameters: randomData(r) };
}

function block(r: Random) {
  return { last: r.chance(0.5), block: r.chance(0.7) ? r.between(0, 3) : r.u32(), raw: r.chance(0.5) ? encodeData(randomData(r)) : r.bytes(r.length(300)) };
}

/** One request to the meter's objects, encoded. */
export function structuredRequest(r: Random, targets: readonly TTarget[]): Uint8Array {
  const invoke = r.chance(0.9) ? 0xc0 | r.int(16) : r.int(256);
  const method = () => {
    const t = r.pick(targets);
    return { classId: r.chance(0.9) ? t.classId : r.int(120), obis: t.obis, method: r.chance(0.9) ? r.between(1, t.methods + 1) : r.int(256) };
  };
  let request: TRequestApdu;
  const k = r.int(100);
  if (k < 30) {
    const a = attributeOf(r, targets);
    request = { type: "get-request-normal", invoke, attribute: a.attribute, ...(a.access ? { access: a.access } : {}) };
  } else if (k < 38) request = { type: "get-request-with-list", invoke, attributes: Array.from({ length: r.length(12) }, () => attributeOf(r, targets)) };
  else if (k < 42) request = { type: "get-request-next", invoke, block: r.chance(0.7) ? r.between(0, 4) : r.u32() };
  else if (k < 62) {
    const a = attributeOf(r, targets);
    request = { type: "set-request-normal", invoke, attribute: a.attribute, ...(a.access ? { access: a.access } : {}), value: randomData(r) };
  } else if (k < 67) {
    const attributes = Array.from({ length: r.length(6) }, () => attributeOf(r, targets));
    request = { type: "set-request-with-list", invoke, attributes, values: attributes.map(() => randomData(r)) };
  } else if (k < 72) {
    const a = attributeOf(r, targets);
    request = r.chance(0.5) ? { type: "set-request-with-first-datablock", invoke, attribute: a.attribute, block: block(r) } : { type: "set-request-with-datablock", invoke, block: block(r) };
  } else if (k < 92) request = r.chance(0.2) ? { type: "action-request-normal", invoke, method: method() } : { type: "action-request-normal", invoke, method: method(), parameters: randomData(r) };
  else if (k < 96) request = { type: "action-request-with-first-pblock", invoke, method: method(), block: block(r) };
  else if (k < 98) request = { type: "action-request-with-pblock", invoke, block: block(r) };
  else request = { type: "action-request-next-pblock", invoke, block: r.u32() };
  return encodeApdu(request);
}
