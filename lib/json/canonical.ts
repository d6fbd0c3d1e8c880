import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}

type TNodeCrypto = typeof import("node:crypto");
// Node's native SHA-256 is an order of magnitude faster; the browser falls back to @noble/hashes.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:crypto") as
  | TNodeCrypto
  | undefined;

export function sha256Hex(text: string): string {
  return nodeCrypto ? nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex") : bytesToHex(sha256(utf8ToBytes(text)));
}

/** Hex SHA-256 of the canonical JSON of a value; the same in Node and in the browser. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
