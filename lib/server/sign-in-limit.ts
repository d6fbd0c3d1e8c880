import "server-only";
import { randomBytes } from "node:crypto";
import type { TDatabase } from "./db";

/**
 * Sign-in attempts per account, next to better-auth's per-address limit: an address can be
 * forged in X-Forwarded-For when nothing in front of the server overwrites it, an email cannot
 * be changed without changing the account guessed at. Counted in the same database table, so
 * every instance sees the same count.
 */
export const ACCOUNT_SIGN_IN_LIMIT = { windowSeconds: 300, max: 10 } as const;

/** Counts one attempt for `email`; the seconds to wait when the window's attempts are used up, else null. */
export async function consumeAccountAttempt(db: TDatabase, email: string, now = Date.now()): Promise<number | null> {
  const key = `account:${email.trim().toLowerCase()}/sign-in/email`;
  const windowMs = ACCOUNT_SIGN_IN_LIMIT.windowSeconds * 1000;
  const rows = await db.prisma.$queryRaw<{ count: number; last_request: bigint }[]>`
    INSERT INTO "auth_rate_limit" ("id", "key", "count", "last_request")
    VALUES (${randomBytes(16).toString("base64url")}, ${key}, 1, ${BigInt(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "auth_rate_limit"."last_request" <= ${BigInt(now - windowMs)} THEN 1 ELSE "auth_rate_limit"."count" + 1 END,
      "last_request" = CASE WHEN "auth_rate_limit"."last_request" <= ${BigInt(now - windowMs)} THEN ${BigInt(now)} ELSE "auth_rate_limit"."last_request" END
    RETURNING "count", "last_request"`;
  const row = rows[0];
  if (!row || row.count <= ACCOUNT_SIGN_IN_LIMIT.max) return null;
  return Math.max(1, Math.ceil((Number(row.last_request) + windowMs - now) / 1000));
}
