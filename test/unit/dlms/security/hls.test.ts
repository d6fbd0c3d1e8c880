import { verify } from "node:crypto";
import { describe, expect, test } from "vitest";
import { concat, hex } from "@/lib/dlms/bytes";
import { unprotectApdu } from "@/lib/dlms/security/ciphered-apdu";
import { PROTECTIONS } from "@/lib/dlms/security/control";
import { generateEcdsaKeyPair, publicKeyFromPoint } from "@/lib/dlms/security/ecdsa";
import { checkHlsProof, generateChallenge, hlsProof, type THlsExchange, type THlsVerifier } from "@/lib/dlms/security/hls";
import { guruxVectors } from "./gurux-vectors";

const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const exchangeOf = (v: THlsExchange): THlsExchange => ({
  clientSystemTitle: v.clientSystemTitle,
  serverSystemTitle: v.serverSystemTitle,
  clientChallenge: v.clientChallenge,
  serverChallenge: v.serverChallenge,
});
const flips = (proof: Uint8Array): Uint8Array[] =>
  Array.from({ length: proof.length * 8 }, (_, bit) => {
    const c = proof.slice();
    c[bit >> 3]! ^= 1 << (bit & 7);
    return c;
  });

describe("hlsProof", () => {
  describe("mechanism 5, GMAC", () => {
    test.each(guruxVectors.hls.gmac.map((v) => [v.suite, v] as const))("suite %i: both passes equal Gurux's bytes", (_suite, v) => {
      const keys = { mechanism: "gmac" as const, suite: v.suite, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey };
      expect(hex(value(hlsProof("client", exchangeOf(v), { ...keys, invocationCounter: v.clientInvocationCounter })))).toBe(hex(v.clientProof));
      expect(hex(value(hlsProof("server", exchangeOf(v), { ...keys, invocationCounter: v.serverInvocationCounter })))).toBe(hex(v.serverProof));
    });

    test("the proof is SC 0x10 | suite, the IC, then a 12-byte tag", () => {
      const v = guruxVectors.hls.gmac[2]!;
      const proof = value(hlsProof("client", exchangeOf(v), { mechanism: "gmac", suite: 2, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey, invocationCounter: 0x01020304 }));
      expect(hex(proof.subarray(0, 5))).toBe("1201020304");
      expect(proof.length).toBe(17);
    });
  });

  describe("mechanism 6, SHA-256", () => {
    test.each(guruxVectors.hls.sha256.map((v) => [v.suite, v] as const))("with suite %i: both passes equal Gurux's bytes", (_suite, v) => {
      expect(hex(value(hlsProof("client", exchangeOf(v), { mechanism: "sha256", secret: v.secret })))).toBe(hex(v.clientProof));
      expect(hex(value(hlsProof("server", exchangeOf(v), { mechanism: "sha256", secret: v.secret })))).toBe(hex(v.serverProof));
    });
  });

  describe("mechanism 7, ECDSA", () => {
    test.each([1, 2] as const)("suite %i: the client signs ST-C ‖ ST-S ‖ StoC ‖ CtoS and the server ST-S ‖ ST-C ‖ CtoS ‖ StoC with the suite's hash", (suite) => {
      // Hand-built transcripts from the Green Book's order, verified with node:crypto directly.
      const x = exchangeOf(guruxVectors.hls.gmac[0]!);
      const client = generateEcdsaKeyPair(suite);
      const server = generateEcdsaKeyPair(suite);
      const hash = suite === 1 ? "sha256" : "sha384";
      const clientProof = value(hlsProof("client", x, { mechanism: "ecdsa", suite, privateKey: client.privateKey }));
      const serverProof = value(hlsProof("server", x, { mechanism: "ecdsa", suite, privateKey: server.privateKey }));
      const cMsg = concat(x.clientSystemTitle, x.serverSystemTitle, x.serverChallenge, x.clientChallenge);
      const sMsg = concat(x.serverSystemTitle, x.clientSystemTitle, x.clientChallenge, x.serverChallenge);
      expect(verify(hash, cMsg, { key: client.publicKey, dsaEncoding: "ieee-p1363" }, clientProof)).toBe(true);
      expect(verify(hash, sMsg, { key: server.publicKey, dsaEncoding: "ieee-p1363" }, serverProof)).toBe(true);
    });
  });

  test("refuses system titles that are not 8 bytes and challenges outside 8..64 bytes", () => {
    const x = exchangeOf(guruxVectors.hls.sha256[0]!);
    const prover = { mechanism: "sha256" as const, secret: new Uint8Array(4) };
    expect(code(hlsProof("client", { ...x, clientSystemTitle: new Uint8Array(7) }, prover))).toBe("invalid");
    expect(code(hlsProof("client", { ...x, serverChallenge: new Uint8Array(7) }, prover))).toBe("invalid");
    expect(code(hlsProof("client", { ...x, clientChallenge: new Uint8Array(65) }, prover))).toBe("invalid");
    expect(code(hlsProof("client", { ...x, clientChallenge: new Uint8Array(64), serverChallenge: new Uint8Array(8) }, prover))).toBe("ok");
  });

  test("GMAC refuses keys of the wrong length for the suite", () => {
    const v = guruxVectors.hls.gmac[0]!;
    expect(code(hlsProof("client", exchangeOf(v), { mechanism: "gmac", suite: 2, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey, invocationCounter: 1 }))).toBe(
      "wrong-key-length",
    );
  });
});

describe("checkHlsProof", () => {
  const cases: [string, THlsExchange, THlsVerifier, THlsVerifier, Uint8Array, Uint8Array][] = [
    ...guruxVectors.hls.gmac.map((v): [string, THlsExchange, THlsVerifier, THlsVerifier, Uint8Array, Uint8Array] => {
      const k: THlsVerifier = { mechanism: "gmac", suite: v.suite, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey };
      return [`GMAC suite ${v.suite}`, exchangeOf(v), k, k, v.clientProof, v.serverProof];
    }),
    ...guruxVectors.hls.sha256.map((v): [string, THlsExchange, THlsVerifier, THlsVerifier, Uint8Array, Uint8Array] => {
      const k: THlsVerifier = { mechanism: "sha256", secret: v.secret };
      return [`SHA-256 with suite ${v.suite}`, exchangeOf(v), k, k, v.clientProof, v.serverProof];
    }),
    ...guruxVectors.hls.ecdsa.map((v): [string, THlsExchange, THlsVerifier, THlsVerifier, Uint8Array, Uint8Array] => [
      "ECDSA P-256",
      exchangeOf(v),
      { mechanism: "ecdsa", suite: 1, publicKey: value(publicKeyFromPoint(1, v.clientPublicKey)) },
      { mechanism: "ecdsa", suite: 1, publicKey: value(publicKeyFromPoint(1, v.serverPublicKey)) },
      v.clientProof,
      v.serverProof,
    ]),
  ];

  test.each(cases)("%s: the server accepts Gurux's client proof and the client accepts the server proof Gurux's client accepted", (_n, x, ofClient, ofServer, clientProof, serverProof) => {
    expect(code(checkHlsProof("client", x, ofClient, clientProof))).toBe("ok");
    expect(code(checkHlsProof("server", x, ofServer, serverProof))).toBe("ok");
  });

  test.each(cases)("%s: a proof checked as the other side's, or against swapped challenges, is refused", (_n, x, ofClient, ofServer, clientProof, serverProof) => {
    expect(checkHlsProof("server", x, ofServer, clientProof).ok).toBe(false);
    expect(checkHlsProof("client", x, ofClient, serverProof).ok).toBe(false);
    const swapped = { ...x, clientChallenge: x.serverChallenge, serverChallenge: x.clientChallenge };
    expect(checkHlsProof("client", swapped, ofClient, clientProof).ok).toBe(false);
  });

  test.each(cases)("%s: every single-bit flip of a proof is refused", (_n, x, ofClient, _ofServer, clientProof) => {
    for (const changed of flips(clientProof)) expect(checkHlsProof("client", x, ofClient, changed).ok).toBe(false);
  });

  test("GMAC hands back the prover's invocation counter for the receiver's tracker", () => {
    const v = guruxVectors.hls.gmac[0]!;
    const k: THlsVerifier = { mechanism: "gmac", suite: 0, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey };
    expect(value(checkHlsProof("client", exchangeOf(v), k, v.clientProof))).toEqual({ mechanism: "gmac", invocationCounter: v.clientInvocationCounter });
  });

  test("GMAC tells a short proof, a long proof and a wrong control byte apart from a wrong tag", () => {
    const v = guruxVectors.hls.gmac[0]!;
    const k: THlsVerifier = { mechanism: "gmac", suite: 0, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey };
    const x = exchangeOf(v);
    expect(code(checkHlsProof("client", x, k, v.clientProof.subarray(0, 16)))).toBe("truncated");
    expect(code(checkHlsProof("client", x, k, Uint8Array.of(...v.clientProof, 0)))).toBe("invalid");
    expect(code(checkHlsProof("client", x, k, Uint8Array.of(0x30, ...v.clientProof.subarray(1))))).toBe("invalid");
    expect(code(checkHlsProof("client", x, { ...k, encryptionKey: new Uint8Array(16) }, v.clientProof))).toBe("authentication-failed");
  });

  test("SHA-256 refuses a wrong secret as authentication-failed and a proof of the wrong length as such", () => {
    const v = guruxVectors.hls.sha256[0]!;
    const x = exchangeOf(v);
    expect(code(checkHlsProof("client", x, { mechanism: "sha256", secret: v.secret.subarray(1) }, v.clientProof))).toBe("authentication-failed");
    expect(code(checkHlsProof("client", x, { mechanism: "sha256", secret: v.secret }, v.clientProof.subarray(1)))).toBe("truncated");
  });

  test.each([1, 2] as const)("ECDSA suite %i: each side's proof passes the other side's check with the prover's public key only", (suite) => {
    const x = { ...exchangeOf(guruxVectors.hls.gmac[0]!), clientChallenge: generateChallenge(32), serverChallenge: generateChallenge(48) };
    const client = generateEcdsaKeyPair(suite);
    const server = generateEcdsaKeyPair(suite);
    const pass3 = value(hlsProof("client", x, { mechanism: "ecdsa", suite, privateKey: client.privateKey }));
    const pass4 = value(hlsProof("server", x, { mechanism: "ecdsa", suite, privateKey: server.privateKey }));
    expect(code(checkHlsProof("client", x, { mechanism: "ecdsa", suite, publicKey: client.publicKey }, pass3))).toBe("ok");
    expect(code(checkHlsProof("server", x, { mechanism: "ecdsa", suite, publicKey: server.publicKey }, pass4))).toBe("ok");
    expect(code(checkHlsProof("client", x, { mechanism: "ecdsa", suite, publicKey: server.publicKey }, pass3))).toBe("authentication-failed");
  });

  test.each(guruxVectors.hls.ciphered.map((v) => [v.mechanism, v.suite, v] as const))(
    "%s with suite %i: the whole glo-action-request Gurux sends in pass 3 unwraps to a proof the server accepts",
    (mechanism, suite, v) => {
      const r = value(
        unprotectApdu(v.ciphered, {
          peerSystemTitle: v.clientSystemTitle,
          keys: { suite, unicastKey: v.encryptionKey, authenticationKey: v.authenticationKey },
          acceptedProtections: PROTECTIONS,
        }),
      );
      expect([r.tag, r.protection, hex(r.apdu)]).toEqual([0xcb, "authenticated-encrypted", hex(v.plain)]);
      // The proof sits at the end of the action-request, after the octet-string tag and length.
      expect(hex(r.apdu.subarray(r.apdu.length - v.clientProof.length))).toBe(hex(v.clientProof));
      const verifier: THlsVerifier =
        mechanism === "gmac" ? { mechanism, suite, encryptionKey: v.encryptionKey, authenticationKey: v.authenticationKey } : { mechanism, secret: v.secret! };
      const checked = value(checkHlsProof("client", exchangeOf(v), verifier, v.clientProof));
      if (mechanism === "gmac") {
        // Gurux uses one invocation counter for the proof and the next for the APDU carrying it.
        expect([checked.invocationCounter, r.invocationCounter]).toEqual([v.clientInvocationCounter, v.clientInvocationCounter + 1]);
      }
    },
  );
});

describe("generateChallenge", () => {
  test("gives random challenges of the asked length, 16 bytes unless told", () => {
    expect(generateChallenge().length).toBe(16);
    expect(generateChallenge(64).length).toBe(64);
    expect(hex(generateChallenge(32))).not.toBe(hex(generateChallenge(32)));
  });

  test("refuses lengths outside 8..64", () => {
    expect(() => generateChallenge(7)).toThrow(RangeError);
    expect(() => generateChallenge(65)).toThrow(RangeError);
  });
});
