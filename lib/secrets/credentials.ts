import type { TClientCredentials, TMechanismKind } from "../dlms/client";
import { protectionFor } from "../dlms/security/control";
import type { TProfileClient } from "../profile/schema";
import { clientKeyMaterial, meterKeyMaterial } from "./material";
import type { TSecrets } from "./schema";

const MECHANISMS: Record<number, TMechanismKind> = { 0: "none", 1: "lls", 5: "hls-gmac", 6: "hls-sha256", 7: "hls-ecdsa" };

/**
 * What a client of the profile presents to a meter: its SAP, mechanism, context and policy from
 * the profile, its secrets from the secrets file. Throws an Error naming what is missing.
 */
export function credentialsFor(client: TProfileClient, secrets: TSecrets): TClientCredentials {
  const mechanism = MECHANISMS[client.authentication.mechanismId];
  if (!mechanism) throw new Error(`the ${client.name} uses authentication mechanism ${client.authentication.mechanismId}, which this client does not implement`);
  const m = clientKeyMaterial(client, secrets);
  const meterSigning = m.signing ? meterKeyMaterial(secrets).signing.get(m.signing.suite) : undefined;
  return {
    clientSap: client.sap,
    mechanism,
    applicationContext: client.applicationContext.id,
    protection: protectionFor(client.securityPolicy.id),
    ...(m.password ? { password: m.password } : {}),
    ...(m.hlsSecret ? { hlsSecret: m.hlsSecret } : {}),
    ...(m.systemTitle ? { systemTitle: m.systemTitle } : {}),
    ...(m.keys ? { keys: m.keys } : {}),
    ...(m.signing ? { signing: { suite: m.signing.suite, privateKey: m.signing.privateKey, certificate: m.signing.certificate } } : {}),
    ...(meterSigning ? { meterPublicKey: meterSigning.publicKey } : {}),
  };
}
