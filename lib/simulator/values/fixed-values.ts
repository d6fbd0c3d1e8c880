import type { TProfileObject, TProfileParameter, TUserProfile } from "../../profile/schema";

/** A value as the profile writes it: the questionnaire's answer, in its own unit and form. */
export type TFixedValue = TProfileParameter["value"];

/** The parameter of the profile that fixes an attribute, if any. */
export function parameterOf(profile: TUserProfile, object: TProfileObject, attributeIndex: number): TProfileParameter | undefined {
  return profile.parameters.find((p) => p.object.id === object.id && p.attribute === attributeIndex);
}

/**
 * What the profile fixes for an attribute, as written in the profile: the attribute's `value`, else
 * the value of a parameter naming the object and attribute. Undefined when the profile leaves the
 * attribute to the meter.
 */
export function fixedValue(profile: TUserProfile, object: TProfileObject, attributeIndex: number): TFixedValue | undefined {
  const attribute = object.attributes.find((a) => a.index === attributeIndex);
  if (attribute?.value !== undefined) return attribute.value;
  return parameterOf(profile, object, attributeIndex)?.value;
}
