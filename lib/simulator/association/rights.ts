import type { TDeviation } from "../deviations";
import type { TProfileObject } from "../../profile/schema";
import { inClientView } from "../../profile/view";
import { canRead, canWrite, type TClientId } from "../../vocabulary";
import { roleOf } from "../meter/roles";

/**
 * The rights the simulated meter enforces for one client: exactly the profile's access matrix,
 * except where a deviation breaks it on purpose. Declared rights (the object list) stay the
 * profile's; only what the meter does changes, which is what a conformance test must catch.
 */
export interface TRights {
  visible(object: TProfileObject): boolean;
  read(object: TProfileObject, attribute: number): boolean;
  write(object: TProfileObject, attribute: number): boolean;
  execute(object: TProfileObject, method: number): boolean;
}

/** The regulatory maximum number of firmware upgrades (PRIME+ white paper, Regulatory Considerations). */
const FIRMWARE_UPGRADE_LIMIT = "0-0:96.2.129.255";

const meteringObject = (o: TProfileObject): boolean => o.classId === 7 || roleOf(o.obis, o.classId).kind === "energy";

export function rightsFor(client: TClientId, deviations: ReadonlySet<TDeviation>): TRights {
  const letter = (o: TProfileObject, attribute: number) => o.attributes.find((a) => a.index === attribute)?.access[client];
  const secret = (o: TProfileObject, attribute: number) => o.attributes.find((a) => a.index === attribute)?.secret === true;
  const publicReads = client === "public" && deviations.has("public-reads-metering-data");
  return {
    visible: (o) => inClientView(o, client) || (publicReads && meteringObject(o)),
    read(o, attribute) {
      if (secret(o, attribute)) return client === "management" && deviations.has("secret-readable") && o.classId === 15;
      if (publicReads && meteringObject(o)) return true;
      return canRead(letter(o, attribute));
    },
    write(o, attribute) {
      if (client === "reading" && deviations.has("reading-client-can-write") && attribute !== 1 && canRead(letter(o, attribute))) return true;
      if (deviations.has("firmware-limit-writable") && o.obis === FIRMWARE_UPGRADE_LIMIT && attribute === 2 && inClientView(o, client)) return true;
      return canWrite(letter(o, attribute));
    },
    execute: (o, method) => o.methods.find((m) => m.index === method)?.access[client] === "X",
  };
}
