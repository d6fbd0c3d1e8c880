import type { TProfileObject, TReason, TUserProfile } from "./schema";

/** One client's rights on an object in a few characters: "R 1,2,3 · W 2 · X 1", or "none". */
export function rightsSummary(object: TProfileObject, client: string): string {
  const key = client as keyof TProfileObject["attributes"][number]["access"];
  const read = object.attributes.filter((a) => a.access[key]?.includes("R")).map((a) => a.index);
  const write = object.attributes.filter((a) => a.access[key]?.includes("W")).map((a) => a.index);
  const execute = object.methods.filter((m) => m.access[key] === "X").map((m) => m.index);
  const parts = [read.length ? `R ${read.join(",")}` : "", write.length ? `W ${write.join(",")}` : "", execute.length ? `X ${execute.join(",")}` : ""].filter(Boolean);
  return parts.length ? parts.join(" · ") : "none";
}

/** Why an item is in the profile, in words: "mandatory" or the explanations of its conditions. */
export function reasonInWords(reason: TReason, profile: TUserProfile): string {
  if (reason.kind === "mandatory") return "mandatory";
  const explanations = new Map(profile.conditions.map((c) => [c.id, c.explanation]));
  return reason.conditions.map((id) => explanations.get(id) ?? id).join("; ");
}
