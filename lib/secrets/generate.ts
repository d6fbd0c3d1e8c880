import { randomBytes as cryptoRandomBytes, randomInt } from "node:crypto";
import { hex } from "../dlms/bytes";
import { selfSignedCertificate } from "../dlms/security/certificate";
import { generateEcdsaKeyPair, privateKeyToPem, publicKeyToPoint, type TEcdsaKeyPair } from "../dlms/security/ecdsa";
import { SUITE_SPECS, type TEccSuite } from "../dlms/security/suite";
import { specificationAuthenticationKey } from "../p1/frame";
import type { TProfileClient, TUserProfile } from "../profile/schema";
import { SECRETS_FORMAT_VERSION, type TClientSecrets, type TSecrets, type TSigningKey } from "./schema";

/**
 * Fresh random test secrets for every client of a profile: what the profile's key inventory
 * asks for, client by client, sized by its security suite. System titles start with a FLAG-like
 * prefix: "PPS" for the simulated meter, "PPC" for the clients.
 */
export interface TGenerateOptions {
  randomBytes?: (n: number) => Uint8Array;
  /** Validity start of the certificates. */
  now: Date;
}

const PASSWORD_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

function systemTitle(prefix: string, random: (n: number) => Uint8Array): string {
  return hex(Uint8Array.from([...Buffer.from(prefix, "latin1"), ...random(5)]));
}

function signingKey(suite: TEccSuite, title: string, now: Date, serial: bigint): TSigningKey {
  const pair: TEcdsaKeyPair = generateEcdsaKeyPair(suite);
  const certificate = selfSignedCertificate({
    suite,
    privateKey: pair.privateKey,
    systemTitle: Buffer.from(title, "hex"),
    serialNumber: serial,
    notBefore: now,
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    usage: "digital-signature",
  });
  const point = publicKeyToPoint(pair.publicKey);
  if (!certificate.ok) throw new Error(`cannot make a test certificate: ${certificate.error.message}`);
  if (!point.ok) throw new Error(`cannot export a test public key: ${point.error.message}`);
  return { suite, privateKey: privateKeyToPem(pair.privateKey), publicKey: hex(point.value), certificate: certificate.value.pem };
}

const eccSuiteOf = (client: TProfileClient): TEccSuite | null =>
  client.securitySuite === 1 || client.securitySuite === 2 ? client.securitySuite : client.authentication.mechanismId === 7 ? 1 : null;

function clientSecrets(client: TProfileClient, random: (n: number) => Uint8Array, now: Date, serial: bigint): TClientSecrets {
  const out: TClientSecrets = { sap: client.sap };
  const secured = client.securitySuite !== null || client.applicationContext.id === 3;
  if (client.authentication.level === "lls") {
    out.password = Array.from({ length: 8 }, () => PASSWORD_CHARACTERS[randomInt(PASSWORD_CHARACTERS.length)]).join("");
  }
  if (client.authentication.level === "hls") out.hlsSecret = hex(random(16));
  if (secured || client.authentication.level === "hls") {
    const keyLength = SUITE_SPECS[client.securitySuite ?? 0].keyLength;
    out.systemTitle = systemTitle("PPC", random);
    out.globalUnicastEncryptionKey = hex(random(keyLength));
    out.globalBroadcastEncryptionKey = hex(random(keyLength));
    out.globalAuthenticationKey = hex(random(keyLength));
  }
  const ecc = eccSuiteOf(client);
  if (ecc !== null && out.systemTitle) out.signingKey = signingKey(ecc, out.systemTitle, now, serial);
  return out;
}

export function generateSecrets(profile: TUserProfile, options: TGenerateOptions): TSecrets {
  const random = options.randomBytes ?? ((n: number) => new Uint8Array(cryptoRandomBytes(n)));
  const meterTitle = systemTitle("PPS", random);
  const clients: TSecrets["clients"] = {};
  let serial = 1n;
  for (const c of profile.clients) clients[c.id] = clientSecrets(c, random, options.now, ++serial);
  const suites = [...new Set(profile.clients.map(eccSuiteOf).filter((s): s is TEccSuite => s !== null))].sort();
  const longestKey = Math.max(16, ...profile.clients.map((c) => SUITE_SPECS[c.securitySuite ?? 0].keyLength));
  const p1 = profile.objects.some((o) => o.obis === "0-0:43.0.7.255");
  return {
    secretsFormatVersion: SECRETS_FORMAT_VERSION,
    profileId: profile.id,
    warning: "Test secrets for a simulated meter and laboratory use. Never load them into a deployed meter.",
    meter: { systemTitle: meterTitle, masterKey: hex(random(longestKey)), signingKeys: suites.map((s) => signingKey(s, meterTitle, options.now, 1000n + BigInt(s))) },
    clients,
    // The P1 authentication key is the specification's fixed one (Luxembourg P1 2.6); only the encryption key is the meter's own.
    ...(p1 ? { p1: { encryptionKey: hex(random(16)), authenticationKey: hex(specificationAuthenticationKey()) } } : {}),
  };
}
