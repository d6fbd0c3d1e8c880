import type { KeyObject } from "node:crypto";
import { fromHex } from "../dlms/bytes";
import type { TSecurityKeys } from "../dlms/security/ciphered-apdu";
import { privateKeyFromPem, publicKeyFromPoint } from "../dlms/security/ecdsa";
import type { TEccSuite } from "../dlms/security/suite";
import type { TProfileClient } from "../profile/schema";
import type { TClientSecrets, TSecrets, TSigningKey } from "./schema";

/**
 * The secrets file turned into key objects, for the two ends of an association: what a client
 * needs to associate and what the meter needs to check it. Problems are sentences naming the
 * client and the missing item, because a secrets file is typed or edited by people.
 */
export interface TClientKeyMaterial {
  password?: Uint8Array;
  hlsSecret?: Uint8Array;
  systemTitle?: Uint8Array;
  keys?: TSecurityKeys;
  signing?: { suite: TEccSuite; privateKey: KeyObject; publicKey: KeyObject; certificate: Uint8Array };
}

export interface TMeterKeyMaterial {
  systemTitle: Uint8Array;
  masterKey: Uint8Array;
  signing: Map<TEccSuite, { privateKey: KeyObject; publicKey: KeyObject; certificate: Uint8Array }>;
}

function certificateDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}

function signingOf(s: TSigningKey, who: string): TClientKeyMaterial["signing"] {
  const privateKey = privateKeyFromPem(s.suite, s.privateKey);
  const publicKey = publicKeyFromPoint(s.suite, fromHex(s.publicKey));
  if (!privateKey.ok) throw new Error(`${who}: signing private key: ${privateKey.error.message}`);
  if (!publicKey.ok) throw new Error(`${who}: signing public key: ${publicKey.error.message}`);
  return { suite: s.suite, privateKey: privateKey.value, publicKey: publicKey.value, certificate: certificateDer(s.certificate) };
}

/** The key material a secrets entry holds, without checking that it is enough for any client. */
export function materialFromEntry(s: TClientSecrets, suite: number, who: string): TClientKeyMaterial {
  const out: TClientKeyMaterial = {};
  if (s.password !== undefined) out.password = new Uint8Array(Buffer.from(s.password, "latin1"));
  if (s.hlsSecret !== undefined) out.hlsSecret = fromHex(s.hlsSecret);
  if (s.systemTitle !== undefined) out.systemTitle = fromHex(s.systemTitle);
  if (s.globalUnicastEncryptionKey && s.globalAuthenticationKey) {
    out.keys = {
      suite: suite === 1 || suite === 2 ? suite : 0,
      unicastKey: fromHex(s.globalUnicastEncryptionKey),
      authenticationKey: fromHex(s.globalAuthenticationKey),
      ...(s.globalBroadcastEncryptionKey ? { broadcastKey: fromHex(s.globalBroadcastEncryptionKey) } : {}),
    };
  }
  if (s.signingKey) out.signing = signingOf(s.signingKey, who);
  return out;
}

/** The key material of one client; throws an Error whose message names what is missing. */
export function clientKeyMaterial(client: TProfileClient, secrets: TSecrets): TClientKeyMaterial {
  const s: TClientSecrets | undefined = secrets.clients[client.id];
  const who = `${client.name} (SAP ${client.sap})`;
  if (!s) throw new Error(`the secrets file has no entry for the ${who}`);
  const out = materialFromEntry(s, client.securitySuite ?? 0, who);
  if (client.authentication.level === "lls" && !out.password) throw new Error(`the secrets file has no LLS password for the ${who}`);
  if (client.authentication.mechanismId === 6 && !out.hlsSecret) throw new Error(`the secrets file has no HLS secret for the ${who}`);
  const needsKeys = client.securityPolicy.id !== "none" || client.authentication.mechanismId === 5 || client.applicationContext.id === 3;
  if (needsKeys && (!out.keys || !out.systemTitle)) throw new Error(`the secrets file lacks the system title or the global keys of the ${who}`);
  if (client.authentication.mechanismId === 7 && !out.signing) throw new Error(`the secrets file has no signing key for the ${who} (HLS-ECDSA)`);
  return out;
}

export function meterKeyMaterial(secrets: TSecrets): TMeterKeyMaterial {
  const signing = new Map<TEccSuite, NonNullable<TClientKeyMaterial["signing"]>>();
  for (const k of secrets.meter.signingKeys) signing.set(k.suite, signingOf(k, "the meter")!);
  return { systemTitle: fromHex(secrets.meter.systemTitle), masterKey: fromHex(secrets.meter.masterKey), signing };
}
