import type { TProfileParameter, TUserProfile } from "@/lib/profile/schema";

/**
 * A parameter's value as a person reads it: alarm, event and log ids by name (an alarm filter
 * lists the alarms of its own register), yes and no, the unit after a number.
 */
export function parameterValueInWords(x: TProfileParameter, profile: TUserProfile): string {
  if (Array.isArray(x.value)) return namesOf(x, profile).join(", ") || "none";
  if (typeof x.value === "boolean") return x.value ? "yes" : "no";
  if (x.value === null) return "none";
  if (typeof x.value === "object") return JSON.stringify(x.value);
  return `${String(x.value)}${x.unit ? ` ${x.unit}` : ""}`;
}

/** The names in a list parameter; an alarm filter's list keeps only the alarms of its register. */
export function namesOf(x: TProfileParameter, profile: TUserProfile): string[] {
  if (!Array.isArray(x.value)) return [];
  const register = profile.alarms.registers.find((r) => r.filterObject.id === x.object.id);
  const names = new Map<string, string>([
    ...profile.alarms.registers.flatMap((r) => r.bits.map((b) => [b.id, b.name] as const)),
    ...profile.events.logs.flatMap((l) => [[l.id, l.name] as const, ...l.events.map((e) => [e.id, e.name] as const)]),
  ]);
  const ids = x.value.map(String).filter((id) => !register || register.bits.some((b) => b.id === id));
  return ids.map((id) => names.get(id) ?? id);
}
