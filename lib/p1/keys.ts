/**
 * Keys as people type them: 32 hexadecimal digits each, several separated by spaces or commas.
 * Messages name the field and never repeat what was typed: a key must not reach a log.
 */
export type TKeysResult = { ok: true; keys: Uint8Array[] } | { ok: false; error: string };

const KEY = /^[0-9A-Fa-f]{32}$/;

const bytesOf = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

/** One key or several; an empty text gives no key. */
export function parseKeys(text: string, field: string): TKeysResult {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const bad = parts.findIndex((p) => !KEY.test(p.replace(/^0x/i, "")));
  if (bad >= 0) {
    const which = parts.length > 1 ? ` (key ${bad + 1} of ${parts.length})` : "";
    return { ok: false, error: `${field} must be 32 hexadecimal digits (16 bytes)${which}, several keys separated by spaces` };
  }
  return { ok: true, keys: parts.map((p) => bytesOf(p.replace(/^0x/i, ""))) };
}

/** Exactly one key. */
export function parseKey(text: string, field: string): { ok: true; key: Uint8Array } | { ok: false; error: string } {
  const r = parseKeys(text, field);
  if (!r.ok) return r;
  if (r.keys.length !== 1) return { ok: false, error: `${field} must be one key of 32 hexadecimal digits (16 bytes)` };
  return { ok: true, key: r.keys[0]! };
}
