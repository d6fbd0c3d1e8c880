/**
 * The names every layer shares: the answers, the baseline, the profile and the DLMS/COSEM core.
 * This module imports nothing of ours, so any module may import it without joining a cycle.
 */

/** The PRIME+ clients, by the id used in answers, baseline and profiles. */
export const CLIENT_IDS = ["public", "reading", "management", "firmware", "limitedRemote", "broadcast"] as const;
export type TClientId = (typeof CLIENT_IDS)[number];
export const OPTIONAL_CLIENT_IDS = ["firmware", "limitedRemote", "broadcast"] as const;
export const SECURED_CLIENT_IDS = ["reading", "management", "firmware", "limitedRemote", "broadcast"] as const;
export type TSecuredClientId = (typeof SECURED_CLIENT_IDS)[number];

/** The meter's communication ports a client may use. */
export const PORTS = ["optical", "plc", "cellular"] as const;
export type TPort = (typeof PORTS)[number];

export const AUTHENTICATIONS = ["none", "lls", "hls"] as const;
export type TAuthentication = (typeof AUTHENTICATIONS)[number];
export const HLS_MECHANISMS = ["gmac", "sha256", "ecdsa"] as const;
export type THlsMechanism = (typeof HLS_MECHANISMS)[number];

/**
 * Authentication mechanism ids: the last arc of mechanism_name 2.16.756.5.8.2.x
 * (Green Book; dlms-facts 2.1). Only those PRIME+ uses are named.
 */
export const MECHANISM_IDS = { none: 0, lls: 1, "hls-gmac": 5, "hls-sha256": 6, "hls-ecdsa": 7 } as const;
export type TMechanismName = keyof typeof MECHANISM_IDS;
export type TMechanismId = (typeof MECHANISM_IDS)[TMechanismName];

/** Application context ids: the last arc of 2.16.756.5.8.1.x (dlms-facts 2.1). */
export const APPLICATION_CONTEXT_IDS = { "ln": 1, "sn": 2, "ln-ciphered": 3, "sn-ciphered": 4 } as const;

/** DLMS security suites 0..2 (dlms-facts 2.2). */
export const SECURITY_SUITES = [0, 1, 2] as const;
export type TSecuritySuite = (typeof SECURITY_SUITES)[number];

export const SECURITY_POLICIES = ["none", "authenticated", "encrypted", "authenticated-encrypted"] as const;
export type TSecurityPolicy = (typeof SECURITY_POLICIES)[number];

/** Access-right letters of the profile's matrix: per attribute none, read, write, both; per method none, execute. */
export const ATTRIBUTE_ACCESS = ["-", "R", "W", "RW"] as const;
export type TAttributeAccess = (typeof ATTRIBUTE_ACCESS)[number];
export const METHOD_ACCESS = ["-", "X"] as const;
export type TMethodAccess = (typeof METHOD_ACCESS)[number];

export const canRead = (access: TAttributeAccess | undefined): boolean => access === "R" || access === "RW";
export const canWrite = (access: TAttributeAccess | undefined): boolean => access === "W" || access === "RW";
