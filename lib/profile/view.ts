import type { TClientId } from "../vocabulary";
import type { TProfileObject, TUserProfile } from "./schema";

/**
 * A client's view of the meter: the objects it has at least one right on. The association's
 * object_list, the Gurux object-list export of that client and the conformance runner's
 * comparison all use this one definition.
 */
export function inClientView(object: TProfileObject, client: TClientId): boolean {
  return object.attributes.some((a) => (a.access[client] ?? "-") !== "-") || object.methods.some((m) => m.access[client] === "X");
}

export function clientView(profile: TUserProfile, client: TClientId): TProfileObject[] {
  return profile.objects.filter((o) => inClientView(o, client));
}
