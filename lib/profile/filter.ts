import type { TClientId } from "../vocabulary";
import type { TProfileObject, TUserProfile } from "./schema";
import { inClientView } from "./view";

export type TObjectFilter = { q?: string; group?: string; classId?: number; client?: string };

/** The objects a person asked for on the access matrix: text search over OBIS, name and id, and filters. */
export function filterObjects(profile: TUserProfile, filter: TObjectFilter): TProfileObject[] {
  const q = filter.q?.trim().toLowerCase();
  return profile.objects.filter((o) => {
    if (filter.group && o.group !== filter.group) return false;
    if (filter.classId !== undefined && o.classId !== filter.classId) return false;
    if (filter.client && !inClientView(o, filter.client as TClientId)) return false;
    if (q && !`${o.obis} ${o.name} ${o.id} ${o.className}`.toLowerCase().includes(q)) return false;
    return true;
  });
}
