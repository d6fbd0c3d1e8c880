import { d, type TData, type TDataType } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { timeZoneOfOffset } from "./clock";
import { dataObjectType, isAlarmFilter } from "./data-objects";
import { executionTime, NOT_SPECIFIED_DATE, timeOfDay } from "./date-times";
import { fixedValue, type TFixedValue } from "./fixed-values";
import { numeric, registerQuantity, scaled, type TNumericType } from "./quantities";

/**
 * The value the profile requires an attribute to hold, in the attribute's COSEM type: what a
 * simulated meter starts with and what the conformance runner expects a real meter to report.
 * The profile writes the questionnaire's answers (physical values, text, lists of alarm ids); this
 * module turns them into what the attribute carries:
 * - register values are physical values divided by 10^scaler (230 V at scaler -1 is 2300), typed as
 *   lib/simulator/values/quantities.ts types the register;
 * - an alarm filter given as the list of alarms let through is the filter mask of its alarm register
 *   (profile.alarms.registers[].filterMask, bit n = alarm bit n);
 * - the clock time zone is the offset negated (UTC minus local time, as the clock's date-times);
 * - a billing day of month is the execution_time of a monthly Single action schedule at 00:00;
 * - text (an APN) is the octet-string of its UTF-8 bytes.
 */
export function requiredAttributeValue(profile: TUserProfile, object: TProfileObject, attributeIndex: number): TData | undefined {
  const value = fixedValue(profile, object, attributeIndex);
  return value === undefined ? undefined : converted(profile, object, attributeIndex, value);
}

const NUMERIC: readonly TDataType[] = ["unsigned", "long-unsigned", "double-long-unsigned", "integer", "long", "double-long"];

function cannot(object: TProfileObject, attributeIndex: number, value: TFixedValue, type: string): Error {
  return new Error(`the profile fixes ${object.id} attribute ${attributeIndex} to ${JSON.stringify(value)}, which is not a ${type}`);
}

function numberIn(object: TProfileObject, attributeIndex: number, value: TFixedValue): number {
  if (typeof value !== "number") throw cannot(object, attributeIndex, value, "number");
  return value;
}

/** A fixed value in a COSEM type named as the profile names it. */
function ofType(type: string, object: TProfileObject, attributeIndex: number, value: TFixedValue): TData {
  if (NUMERIC.includes(type as TDataType)) return numeric(type as TNumericType, numberIn(object, attributeIndex, value));
  switch (type) {
    case "enum":
      return d.enum(numberIn(object, attributeIndex, value));
    case "boolean":
      if (typeof value !== "boolean") throw cannot(object, attributeIndex, value, "boolean");
      return d.bool(value);
    case "octet-string":
      if (typeof value !== "string") throw cannot(object, attributeIndex, value, "text");
      return d.octets(new TextEncoder().encode(value));
    case "visible-string":
      if (typeof value !== "string") throw cannot(object, attributeIndex, value, "text");
      return d.visible(value);
    default:
      throw cannot(object, attributeIndex, value, type);
  }
}

const isRegisterValue = (object: TProfileObject, attributeIndex: number): boolean =>
  ((object.classId === 3 || object.classId === 4) && attributeIndex === 2) || (object.classId === 5 && (attributeIndex === 2 || attributeIndex === 3));

function converted(profile: TUserProfile, object: TProfileObject, attributeIndex: number, value: TFixedValue): TData {
  if (isRegisterValue(object, attributeIndex)) {
    const physical = numberIn(object, attributeIndex, value);
    const scaler = object.scalerUnit?.scaler ?? 0;
    const raw = scaled(physical, scaler);
    if (Math.abs(raw * 10 ** scaler - physical) > 1e-9 * Math.max(1, Math.abs(physical))) {
      throw new Error(`${object.id}: ${physical} ${object.scalerUnit?.unit ?? ""} cannot be held at scaler ${scaler}`);
    }
    return numeric(registerQuantity(object, profile).type, raw);
  }
  if (object.classId === 1 && attributeIndex === 2) {
    if (Array.isArray(value) && isAlarmFilter(object, profile)) {
      return d.u32(profile.alarms.registers.find((r) => r.filterObject.id === object.id)!.filterMask);
    }
    return ofType(dataObjectType(object, profile), object, attributeIndex, value);
  }
  if (object.classId === 8 && attributeIndex === 3) return d.i16(timeZoneOfOffset(numberIn(object, attributeIndex, value)));
  if (object.classId === 22 && attributeIndex === 4) {
    const day = numberIn(object, attributeIndex, value);
    return d.array([executionTime(timeOfDay(0, 0), { ...NOT_SPECIFIED_DATE, day })]);
  }
  const attribute = object.attributes.find((a) => a.index === attributeIndex);
  return ofType(attribute?.type ?? "unknown", object, attributeIndex, value);
}
