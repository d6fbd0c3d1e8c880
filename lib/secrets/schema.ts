import { z } from "zod";
import { CLIENT_IDS } from "../vocabulary";

/**
 * A test secrets file: the passwords, HLS secrets, keys, system titles and signing keys of one
 * meter and its clients. The `secrets` command writes fresh random ones for a profile; the
 * simulator serves with them and the client, inspect and the conformance runner connect with them.
 * Published as profiles/schema/secrets.schema.json.
 */
export const SECRETS_FORMAT_VERSION = "1.0";

const hexBytes = (bytes: number[], what: string) =>
  z
    .string()
    .regex(/^[0-9a-fA-F]*$/, `${what} must be hex digits`)
    .refine((s) => bytes.includes(s.length / 2) && s.length % 2 === 0, `${what} must be ${bytes.join(" or ")} bytes (${bytes.map((b) => b * 2).join(" or ")} hex digits)`)
    .meta({ description: `${what}, hex` });

export const ZSystemTitle = hexBytes([8], "system title");
export const ZKey = hexBytes([16, 32], "key");

export const ZSigningKey = z.strictObject({
  suite: z.union([z.literal(1), z.literal(2)]).meta({ description: "1: ECDSA P-256 with SHA-256; 2: ECDSA P-384 with SHA-384" }),
  privateKey: z.string().regex(/^-----BEGIN PRIVATE KEY-----/).meta({ description: "PKCS#8 PEM" }),
  publicKey: z.string().regex(/^04[0-9a-f]+$/).meta({ description: "Uncompressed point 04 ‖ X ‖ Y, hex" }),
  certificate: z.string().regex(/^-----BEGIN CERTIFICATE-----/).meta({ description: "Self-signed X.509 certificate, PEM; common name = the system title" }),
});
export type TSigningKey = z.infer<typeof ZSigningKey>;

export const ZClientSecrets = z.strictObject({
  sap: z.int().min(1).max(127),
  systemTitle: ZSystemTitle.optional(),
  password: z.string().min(1).max(64).optional().meta({ description: "LLS password" }),
  hlsSecret: z.string().regex(/^[0-9a-f]{2,128}$/).optional().meta({ description: "HLS secret, hex (used by HLS-SHA256)" }),
  globalUnicastEncryptionKey: ZKey.optional(),
  globalBroadcastEncryptionKey: ZKey.optional(),
  globalAuthenticationKey: ZKey.optional(),
  signingKey: ZSigningKey.optional(),
});
export type TClientSecrets = z.infer<typeof ZClientSecrets>;

export const ZSecrets = z
  .strictObject({
    secretsFormatVersion: z.literal(SECRETS_FORMAT_VERSION),
    profileId: z.string().regex(/^[0-9a-f]{64}$/).optional().meta({ description: "The user profile these secrets were made for, when they were generated from one" }),
    warning: z.string().meta({ description: "Test secrets: never use them in a deployed meter" }),
    meter: z.strictObject({
      systemTitle: ZSystemTitle,
      masterKey: ZKey.meta({ description: "Key encryption key: wraps keys sent with key_transfer" }),
      signingKeys: z.array(ZSigningKey).max(2).meta({ description: "The meter's own ECDSA keys, one per suite its clients use" }),
    }),
    clients: z.strictObject(Object.fromEntries(CLIENT_IDS.map((c) => [c, ZClientSecrets.optional()])) as Record<(typeof CLIENT_IDS)[number], z.ZodOptional<typeof ZClientSecrets>>),
    p1: z
      .strictObject({ encryptionKey: hexBytes([16], "P1 encryption key"), authenticationKey: hexBytes([16], "P1 authentication key") })
      .optional()
      .meta({ description: "Keys of the encrypted P1 port" }),
  })
  .meta({ title: "PRIME+ test secrets", description: "Secrets of a simulated meter and its clients, for tests only." });
export type TSecrets = z.infer<typeof ZSecrets>;
