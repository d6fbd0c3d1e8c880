import { createHash, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import type { THlsMechanism, TSecuritySuite } from "../../vocabulary";
import { ByteWriter, concat } from "../bytes";
import { SYSTEM_TITLE_LENGTH, gcmProtect, GCM_TAG_LENGTH } from "./gcm";
import { ecdsaSign, ecdsaVerify } from "./ecdsa";
import { securityFail, type TSecurityResult } from "./security-error";
import type { TEccSuite } from "./suite";

/**
 * HLS passes 3 and 4 (Green Book, HLS authentication mechanisms): the client answers the server's
 * challenge StoC with f(StoC) in reply_to_HLS_authentication, the server answers with f(CtoS).
 * "by" names the side that makes the proof: "client" for pass 3, "server" for pass 4.
 *
 *   mechanism 5, GMAC:    SC ‖ IC ‖ GMAC tag, SC = 0x10 | suite, the tag computed over
 *                         SC ‖ AK ‖ challenge with the prover's system title and its IC as IV
 *   mechanism 6, SHA-256: client SHA-256(secret ‖ ST-C ‖ ST-S ‖ StoC ‖ CtoS)
 *                         server SHA-256(secret ‖ ST-S ‖ ST-C ‖ CtoS ‖ StoC)
 *   mechanism 7, ECDSA:   client signs ST-C ‖ ST-S ‖ StoC ‖ CtoS with its private key
 *                         server signs ST-S ‖ ST-C ‖ CtoS ‖ StoC with its private key
 *                         (suite 1: P-256 with SHA-256, suite 2: P-384 with SHA-384)
 *
 * Every order was checked against Gurux.DLMS.Python 1.0.197: GXDLMSClient.
 * getApplicationAssociationRequest (what the client sends), parseApplicationAssociationResponse
 * (how the client checks the server), GXSecure.secure, and GXDLMSAssociationLogicalName.invoke
 * (the server's GMAC check and answer, read only: it does not run at that version); and against
 * GuruxDLMS.c 9.0.2608 client.c, dlms.c (dlms_secure) and gxinvoke.c for GMAC and for the client's
 * SHA-256 input.
 */
export type THlsRole = "client" | "server";

export interface THlsExchange {
  /** The client's system title, 8 bytes (calling-AP-title of the AARQ). */
  clientSystemTitle: Uint8Array;
  /** The server's system title, 8 bytes (responding-AP-title of the AARE). */
  serverSystemTitle: Uint8Array;
  /** CtoS, sent in the AARQ. */
  clientChallenge: Uint8Array;
  /** StoC, sent in the AARE. */
  serverChallenge: Uint8Array;
}

/** What the prover needs, per mechanism. */
export type THlsProver =
  | { mechanism: "gmac"; suite: TSecuritySuite; encryptionKey: Uint8Array; authenticationKey: Uint8Array; invocationCounter: number }
  | { mechanism: "sha256"; secret: Uint8Array }
  | { mechanism: "ecdsa"; suite: TEccSuite; privateKey: KeyObject };

/** What the checker needs, per mechanism: the same keys, or for ECDSA the prover's public key. */
export type THlsVerifier =
  | { mechanism: "gmac"; suite: TSecuritySuite; encryptionKey: Uint8Array; authenticationKey: Uint8Array }
  | { mechanism: "sha256"; secret: Uint8Array }
  | { mechanism: "ecdsa"; suite: TEccSuite; publicKey: KeyObject };

export interface THlsChecked {
  mechanism: THlsMechanism;
  /** GMAC: the prover's invocation counter found in the proof, for the receiver's tracker. */
  invocationCounter?: number;
}

/** Challenges are 8 to 64 bytes long (Green Book; the bound both Gurux libraries state). */
export const MIN_CHALLENGE_LENGTH = 8;
export const MAX_CHALLENGE_LENGTH = 64;
const GMAC_PROOF_LENGTH = 1 + 4 + GCM_TAG_LENGTH;
const HLS_GMAC_SC = 0x10;

/** A random challenge for the AARQ or AARE. */
export function generateChallenge(length = 16): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_CHALLENGE_LENGTH || length > MAX_CHALLENGE_LENGTH) {
    throw new RangeError(`a challenge has ${MIN_CHALLENGE_LENGTH} to ${MAX_CHALLENGE_LENGTH} bytes, not ${length}`);
  }
  return new Uint8Array(randomBytes(length));
}

function checkExchange(x: THlsExchange): TSecurityResult<true> {
  for (const [name, st] of [["client", x.clientSystemTitle], ["server", x.serverSystemTitle]] as const) {
    if (st.length !== SYSTEM_TITLE_LENGTH) return securityFail("invalid", `the ${name} system title has ${st.length} bytes, not 8`);
  }
  for (const [name, c] of [["client (CtoS)", x.clientChallenge], ["server (StoC)", x.serverChallenge]] as const) {
    if (c.length < MIN_CHALLENGE_LENGTH || c.length > MAX_CHALLENGE_LENGTH) {
      return securityFail("invalid", `the ${name} challenge has ${c.length} bytes, not ${MIN_CHALLENGE_LENGTH} to ${MAX_CHALLENGE_LENGTH}`);
    }
  }
  return { ok: true, value: true };
}

/** The prover's own system title and the challenge it answers. */
function proverSide(by: THlsRole, x: THlsExchange): { systemTitle: Uint8Array; challenge: Uint8Array } {
  return by === "client" ? { systemTitle: x.clientSystemTitle, challenge: x.serverChallenge } : { systemTitle: x.serverSystemTitle, challenge: x.clientChallenge };
}

/** The bytes hashed (after the secret) or signed: own title, other title, answered challenge, own challenge. */
function transcript(by: THlsRole, x: THlsExchange): Uint8Array {
  return by === "client"
    ? concat(x.clientSystemTitle, x.serverSystemTitle, x.serverChallenge, x.clientChallenge)
    : concat(x.serverSystemTitle, x.clientSystemTitle, x.clientChallenge, x.serverChallenge);
}

function gmacProof(by: THlsRole, x: THlsExchange, suite: TSecuritySuite, ek: Uint8Array, ak: Uint8Array, ic: number): TSecurityResult<Uint8Array> {
  const { systemTitle, challenge } = proverSide(by, x);
  const sc = HLS_GMAC_SC | suite;
  const tagged = gcmProtect({ securityControl: sc, systemTitle, invocationCounter: ic, encryptionKey: ek, authenticationKey: ak }, challenge);
  if (!tagged.ok) return tagged;
  const tag = tagged.value.subarray(tagged.value.length - GCM_TAG_LENGTH);
  return { ok: true, value: new ByteWriter(GMAC_PROOF_LENGTH).u8(sc).u32(ic).bytes(tag).finish() };
}

const sha256 = (secret: Uint8Array, data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(secret).update(data).digest());

/** The proof `by` sends: f(StoC) for the client (pass 3), f(CtoS) for the server (pass 4). */
export function hlsProof(by: THlsRole, exchange: THlsExchange, prover: THlsProver): TSecurityResult<Uint8Array> {
  const checked = checkExchange(exchange);
  if (!checked.ok) return checked;
  switch (prover.mechanism) {
    case "gmac":
      return gmacProof(by, exchange, prover.suite, prover.encryptionKey, prover.authenticationKey, prover.invocationCounter);
    case "sha256":
      return { ok: true, value: sha256(prover.secret, transcript(by, exchange)) };
    case "ecdsa":
      return ecdsaSign(prover.suite, prover.privateKey, transcript(by, exchange));
  }
}

const mismatch = () => securityFail("authentication-failed", "the HLS proof does not match: wrong secret or key, or a changed challenge");

/** Checks the proof `by` sent: the server checks the client's f(StoC), the client the server's f(CtoS). */
export function checkHlsProof(by: THlsRole, exchange: THlsExchange, verifier: THlsVerifier, proof: Uint8Array): TSecurityResult<THlsChecked> {
  const checked = checkExchange(exchange);
  if (!checked.ok) return checked;
  switch (verifier.mechanism) {
    case "gmac": {
      if (proof.length < GMAC_PROOF_LENGTH) return securityFail("truncated", `a GMAC proof has ${GMAC_PROOF_LENGTH} bytes, not ${proof.length}`);
      if (proof.length > GMAC_PROOF_LENGTH) return securityFail("invalid", `a GMAC proof has ${GMAC_PROOF_LENGTH} bytes, not ${proof.length}`);
      if (proof[0] !== (HLS_GMAC_SC | verifier.suite)) {
        return securityFail("invalid", `a GMAC proof starts with 0x${(HLS_GMAC_SC | verifier.suite).toString(16)}, not 0x${proof[0]!.toString(16)}`, 0);
      }
      const ic = new DataView(proof.buffer, proof.byteOffset + 1, 4).getUint32(0);
      const expected = gmacProof(by, exchange, verifier.suite, verifier.encryptionKey, verifier.authenticationKey, ic);
      if (!expected.ok) return expected;
      return timingSafeEqual(expected.value, proof) ? { ok: true, value: { mechanism: "gmac", invocationCounter: ic } } : mismatch();
    }
    case "sha256": {
      if (proof.length !== 32) return securityFail(proof.length < 32 ? "truncated" : "invalid", `a SHA-256 proof has 32 bytes, not ${proof.length}`);
      return timingSafeEqual(sha256(verifier.secret, transcript(by, exchange)), proof) ? { ok: true, value: { mechanism: "sha256" } } : mismatch();
    }
    case "ecdsa": {
      const verified = ecdsaVerify(verifier.suite, verifier.publicKey, transcript(by, exchange), proof);
      return verified.ok ? { ok: true, value: { mechanism: "ecdsa" } } : verified;
    }
  }
}
