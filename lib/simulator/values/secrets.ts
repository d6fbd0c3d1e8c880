import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import type { TValueContext } from "./context";
import { associationClient } from "./associations";

/**
 * Placeholders for the attributes the profile marks secret (LLS and HLS secrets, IEC 62056-21
 * passwords, PPP credentials, the SIM PIN): zero bytes of the size the secret has, so that the
 * value has the attribute's type and structure. Nobody can read them; the real ones come from the
 * secrets file.
 */

/** LLS passwords are commonly 8 characters, HLS secrets a 16-byte key. */
const LLS_SECRET_BYTES = 8;
const HLS_SECRET_BYTES = 16;
/** IEC 62056-21 passwords P1, P2, W5: 8 characters. */
const LOCAL_PORT_PASSWORD_BYTES = 8;

const zeros = (n: number): TData => d.octets(new Uint8Array(n));

export function secretPlaceholder(object: TProfileObject, index: number, ctx: TValueContext): TData {
  if (object.classId === 15 && index === 7) {
    const level = associationClient(object, ctx)?.authentication.level;
    return zeros(level === "lls" ? LLS_SECRET_BYTES : level === "hls" ? HLS_SECRET_BYTES : 0);
  }
  if (object.classId === 19) return zeros(LOCAL_PORT_PASSWORD_BYTES);
  // PPP authentication (class 44, PAP): structure {user name, password}.
  if (object.classId === 44 && index === 5) return d.struct(d.octets([]), d.octets([]));
  if (object.classId === 45 && index === 3) return d.u16(0);
  const type = object.attributes.find((a) => a.index === index)?.type;
  if (type === "octet-string") return d.octets([]);
  throw new Error(`${object.id} attribute ${index} is secret, but no placeholder is known for its type ${type ?? "(none)"}`);
}
