import { APPLICATION_CONTEXT_IDS } from "../../vocabulary";

/**
 * Object identifiers of DLMS/COSEM application contexts (2.16.756.5.8.1.x) and authentication
 * mechanisms (2.16.756.5.8.2.x), BER-encoded: 60 85 74 05 08 01|02 x (Green Book 9.4.2.2).
 */
const PREFIX = [0x60, 0x85, 0x74, 0x05, 0x08];

export const contextOid = (id: number): Uint8Array => Uint8Array.from([...PREFIX, 0x01, id]);
export const mechanismOid = (id: number): Uint8Array => Uint8Array.from([...PREFIX, 0x02, id]);

/** The last arc of a DLMS OID of the given kind, or null for another OID. */
export function dlmsOidArc(oid: Uint8Array, kind: 1 | 2): number | null {
  if (oid.length !== 7) return null;
  for (let i = 0; i < PREFIX.length; i++) if (oid[i] !== PREFIX[i]) return null;
  return oid[5] === kind ? oid[6]! : null;
}

export const APPLICATION_CONTEXT_NAMES: Record<number, string> = {
  [APPLICATION_CONTEXT_IDS.ln]: "logical name referencing, no ciphering",
  [APPLICATION_CONTEXT_IDS.sn]: "short name referencing, no ciphering",
  [APPLICATION_CONTEXT_IDS["ln-ciphered"]]: "logical name referencing with ciphering",
  [APPLICATION_CONTEXT_IDS["sn-ciphered"]]: "short name referencing with ciphering",
};

export const MECHANISM_NAMES: Record<number, string> = {
  0: "lowest level security",
  1: "low level security (LLS)",
  2: "high level security, manufacturer specific",
  3: "high level security, MD5",
  4: "high level security, SHA-1",
  5: "high level security, GMAC",
  6: "high level security, SHA-256",
  7: "high level security, ECDSA",
};

/** AARE result (ACSE, Green Book 9.4.3): association-result. */
export const ASSOCIATION_RESULTS = { accepted: 0, "rejected-permanent": 1, "rejected-transient": 2 } as const;
export type TAssociationResult = keyof typeof ASSOCIATION_RESULTS;

/** result-source-diagnostic, acse-service-user values. */
export const ACSE_USER_DIAGNOSTICS: Record<number, string> = {
  0: "null",
  1: "no reason given",
  2: "application context name not supported",
  3: "calling AP title not recognized",
  4: "calling AP invocation identifier not recognized",
  5: "calling AE qualifier not recognized",
  6: "calling AE invocation identifier not recognized",
  7: "called AP title not recognized",
  8: "called AP invocation identifier not recognized",
  9: "called AE qualifier not recognized",
  10: "called AE invocation identifier not recognized",
  11: "authentication mechanism name not recognised",
  12: "authentication mechanism name required",
  13: "authentication failure",
  14: "authentication required",
};

/** result-source-diagnostic, acse-service-provider values. */
export const ACSE_PROVIDER_DIAGNOSTICS: Record<number, string> = {
  0: "null",
  1: "no reason given",
  2: "no common ACSE version",
};

export const USER_DIAGNOSTIC = {
  null: 0,
  noReasonGiven: 1,
  contextNotSupported: 2,
  callingApTitleNotRecognized: 3,
  mechanismNotRecognised: 11,
  mechanismRequired: 12,
  authenticationFailure: 13,
  authenticationRequired: 14,
} as const;
