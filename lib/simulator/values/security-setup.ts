import { d, type TData } from "../../dlms/axdr/data";
import { hex } from "../../dlms/bytes";
import type { TProfileObject } from "../../profile/schema";
import type { TValueContext } from "./context";

/**
 * Security setup (class 64, Blue Book; version 1 adds the certificates). The policy and the
 * suite are the client's, as the profile states them; the server system title is the meter's; no
 * client system title is known before the first association. Types checked against
 * Gurux.DLMS.Python 1.0.197 GXDLMSSecuritySetup.
 */

/**
 * Security policy of the P1 security setup, which serves no client: telegrams are only sent, so
 * only the response bits apply (version 1: 0x20 authenticated, 0x40 encrypted response).
 */
const P1_POLICY_V1 = 0x60;
const P1_POLICY_V0 = 3;

/** certificate_entity (0) server; certificate_type (0) digital signature, (1) key agreement. */
const SERVER = 0;
const DIGITAL_SIGNATURE = 0;
const KEY_AGREEMENT = 1;
const ISSUER = "CN=PRIME+ simulator CA";

const text = (s: string): TData => d.octets(new TextEncoder().encode(s));

/**
 * The meter's own certificates, which suites 1 and 2 need (Green Book, security: a server holds a
 * signing and a key agreement certificate whose subject common name is its system title in hex).
 */
function serverCertificates(ctx: TValueContext): TData[] {
  const title = ctx.meter.systemTitle;
  return [DIGITAL_SIGNATURE, KEY_AGREEMENT].map((type) =>
    d.struct(d.enum(SERVER), d.enum(type), d.octets([type + 1, ...title]), text(ISSUER), text(`CN=${hex(title).toUpperCase()}`), d.octets([])),
  );
}

export function securitySetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const client = ctx.profile.clients.find((c) => c.securitySetupObject?.id === object.id);
  const suite = client?.securitySuite ?? 0;
  switch (index) {
    case 2:
      if (object.version === 0) return d.enum(client ? client.securityPolicy.securitySetupV0Value : P1_POLICY_V0);
      return d.enum(client ? client.securityPolicy.securitySetupV1Bits : P1_POLICY_V1);
    case 3:
      return d.enum(suite);
    case 4:
      return d.octets([]);
    case 5:
      return d.octets(ctx.meter.systemTitle);
    case 6:
      return d.array(suite === 0 ? [] : serverCertificates(ctx));
    default:
      return undefined;
  }
}
