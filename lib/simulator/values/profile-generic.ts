import { d, numberOf, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectById, objectByObis, obisGroups, type TValueContext } from "./context";
import { requiredAttributeValue } from "./parameters";
import { logicalName, NO_OBJECT } from "./references";

/**
 * Profile generic (class 7 version 1, Blue Book): the buffer starts empty and the simulator
 * fills it; capture objects come from the profile; capture period and depth from the profile's
 * parameters, else from what the kind of profile usually has. Types checked against
 * Gurux.DLMS.Python 1.0.197 GXDLMSProfileGeneric.
 */

interface TShape {
  /** Seconds between captures; 0 = captured on a trigger only. */
  capturePeriod: number;
  /** Buffer depth; a function of the capture period for interval profiles. */
  entries: (capturePeriod: number) => number;
}

const DAY_S = 86_400;
/** Interval profiles keep 60 days by default (load profile 1 at 15 minutes: 5760 entries). */
const intervalDepth = (period: number): number => (period > 0 ? Math.ceil((60 * DAY_S) / period) : 1);
const fixedDepth = (n: number) => (): number => n;

/** By OBIS code C.D (IEC 62056-6-1: 99.x load profiles and logs, 98.x billing, 21.0 snapshots, 24.3 M-Bus). */
function shapeOf(object: TProfileObject): TShape {
  const [, , c, d_, e] = obisGroups(object.obis);
  if (c === 99 && (d_ === 1 || d_ === 2)) return { capturePeriod: d_ === 1 ? 900 : DAY_S, entries: intervalDepth };
  if (c === 99 && d_ === 98) return { capturePeriod: 0, entries: fixedDepth(100) };
  if (c === 98 && d_ === 1) return { capturePeriod: 0, entries: fixedDepth(12) };
  if (c === 98 && d_ === 2) return { capturePeriod: DAY_S, entries: fixedDepth(60) };
  // Gas or water values read hourly from the M-Bus slave.
  if (c === 24 && d_ === 3) return { capturePeriod: 3600, entries: intervalDepth };
  // Payment histories: one entry per token, collection or transfer.
  if (c === 99 && d_ === 15) return { capturePeriod: 0, entries: fixedDepth(20) };
  if (c === 99 && (d_ === 14 || d_ === 17)) return { capturePeriod: 0, entries: fixedDepth(100) };
  // Instantaneous values snapshot (21.0.5) holds one row; the P1 readout list (21.0.0) only names its columns.
  if (c === 21 && d_ === 0) return { capturePeriod: 0, entries: fixedDepth(e === 0 ? 0 : 1) };
  return { capturePeriod: 0, entries: fixedDepth(100) };
}

/** The class id of a captured object, looked up in the profile. */
function capturedClass(profile: TUserProfile, capture: { object: string; obis: string }, owner: TProfileObject): number {
  const target = objectById(profile, capture.object) ?? objectByObis(profile, capture.obis);
  if (!target) throw new Error(`${owner.id} captures ${capture.object} (${capture.obis}), which is not in the profile`);
  return target.classId;
}

export function captureObjects(object: TProfileObject, profile: TUserProfile): TData {
  return d.array(
    (object.captureObjects ?? []).map((c) => d.struct(d.u16(capturedClass(profile, c, object)), logicalName(c.obis), d.i8(c.attribute), d.u16(0))),
  );
}

/** Sort method (Blue Book): (1) FIFO, the order of capture. */
const FIFO = 1;

export function profileGenericAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const shape = shapeOf(object);
  const capturePeriod = requiredAttributeValue(ctx.profile, object, 4) ?? d.u32(shape.capturePeriod);
  switch (index) {
    case 2:
      return d.array([]);
    case 3:
      return captureObjects(object, ctx.profile);
    case 4:
      return capturePeriod;
    case 5:
      return d.enum(FIFO);
    case 6:
      // No sort object: FIFO needs none (class 0, logical name zero).
      return d.struct(d.u16(0), NO_OBJECT, d.i8(0), d.u16(0));
    case 7:
      return d.u32(0);
    case 8:
      return requiredAttributeValue(ctx.profile, object, 8) ?? d.u32(shape.entries(numberOf(capturePeriod) ?? shape.capturePeriod));
    default:
      return undefined;
  }
}
