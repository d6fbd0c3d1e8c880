import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { fromHex } from "@/lib/dlms/bytes";

/**
 * The vectors Gurux.DLMS.Python 1.0.197 produced for this layer: test/fixtures/gurux/
 * security-vectors.json, written by test/tools/gurux-security-vectors.py (see its header to re-run).
 */
const ZHex = z.string().regex(/^(?:[0-9a-f]{2})*$/).transform((s) => fromHex(s));
const ZCommon = z.object({
  suite: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  clientSystemTitle: ZHex,
  serverSystemTitle: ZHex,
  clientChallenge: ZHex,
  serverChallenge: ZHex,
});
const ZSymmetric = ZCommon.extend({ encryptionKey: ZHex, authenticationKey: ZHex });

export const ZGuruxVectors = z.object({
  greenBook: z.array(
    z.object({
      securityControl: z.number().int(),
      systemTitle: ZHex,
      invocationCounter: z.number().int(),
      encryptionKey: ZHex,
      authenticationKey: ZHex,
      plain: ZHex,
      ciphered: ZHex,
    }),
  ),
  apdus: z.array(
    z.object({
      service: z.string(),
      form: z.enum(["glo", "ded", "general-glo", "general-ded"]),
      tag: z.number().int(),
      suite: z.union([z.literal(0), z.literal(1), z.literal(2)]),
      securityControl: z.number().int(),
      systemTitle: ZHex,
      invocationCounter: z.number().int(),
      encryptionKey: ZHex,
      dedicatedKey: ZHex,
      authenticationKey: ZHex,
      plain: ZHex,
      ciphered: ZHex,
    }),
  ),
  hls: z.object({
    gmac: z.array(
      ZSymmetric.extend({ mechanism: z.literal("gmac"), clientInvocationCounter: z.number().int(), serverInvocationCounter: z.number().int(), clientProof: ZHex, serverProof: ZHex }),
    ),
    sha256: z.array(ZSymmetric.extend({ mechanism: z.literal("sha256"), secret: ZHex, clientProof: ZHex, serverProof: ZHex })),
    ecdsa: z.array(
      ZCommon.extend({
        mechanism: z.literal("ecdsa"),
        clientPrivateKey: ZHex,
        clientPublicKey: ZHex,
        clientPublicKeySpki: ZHex,
        serverPrivateKey: ZHex,
        serverPublicKey: ZHex,
        serverPublicKeySpki: ZHex,
        clientProof: ZHex,
        serverProof: ZHex,
      }),
    ),
    ciphered: z.array(
      ZSymmetric.extend({
        mechanism: z.enum(["gmac", "sha256"]),
        secret: ZHex.optional(),
        clientInvocationCounter: z.number().int(),
        ciphered: ZHex,
        plain: ZHex,
        clientProof: ZHex,
      }),
    ),
  }),
  keyWrap: z.array(z.object({ kek: ZHex, key: ZHex, wrapped: ZHex })),
});
export type TGuruxVectors = z.infer<typeof ZGuruxVectors>;

export const guruxVectors: TGuruxVectors = ZGuruxVectors.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../../fixtures/gurux/security-vectors.json"), "utf8")),
);
