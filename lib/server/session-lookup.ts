import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { TDatabase } from "./db";

/**
 * The session of a request without going through better-auth's endpoint machinery: every
 * autosave asks who is signed in, and the library's path (an HMAC through WebCrypto, then a
 * session and a user query through the ORM) was a tenth of a save's cost. The cookie format and
 * the rules are the library's: a value `token.signature`, the signature the standard base64 of
 * HMAC-SHA256(secret, token); a session counts while its `expires_at` is in the future.
 */

/** A cookie's value as better-call reads it: the first cookie of that name, URI-decoded, unquoted. */
export function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** The token a signed cookie value carries when its signature is the server's; null otherwise. */
export function verifiedToken(value: string, secret: string): string | null {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const expected = createHmac("sha256", secret).update(token).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

export type TLiveSession = {
  userId: string;
  name: string;
  email: string;
  activeWorkspaceId: string | null;
  expiresAt: Date;
};

/** The session with this token and its user, when it has not expired; one query. */
export async function liveSession(db: TDatabase, token: string): Promise<TLiveSession | null> {
  const rows = await db.prisma.$queryRaw<{ user_id: string; name: string; email: string; active_organization_id: string | null; expires_at: Date }[]>`
    SELECT s.user_id, u.name, u.email, s.active_organization_id, s.expires_at
    FROM auth_session s JOIN auth_user u ON u.id = s.user_id
    WHERE s.token = ${token} AND s.expires_at > now()`;
  const row = rows[0];
  return row ? { userId: row.user_id, name: row.name, email: row.email, activeWorkspaceId: row.active_organization_id, expiresAt: new Date(row.expires_at) } : null;
}
