import "server-only";

/**
 * Database errors as answers a client can act on. Input the database cannot hold is the
 * client's to fix (400); a write that lost a race is a conflict (409); a database that is busy
 * or unreachable is temporary (503, try again). Nothing here is a server bug, so none is a 500.
 */
export type TDatabaseRefusal = { status: 400 | 409 | 503; error: string; retryAfterSeconds?: number };

const BAD_INPUT: Record<string, string> = {
  "22P05": "The request holds a character the database cannot store (such as a NUL).",
  "22021": "The request holds a character the database cannot store (such as a NUL).",
  "22P02": "The request holds a value the database cannot read.",
  "22003": "The request holds a number outside the range it may have.",
  "22001": "The request holds a text longer than allowed.",
  "54001": "The request is nested too deeply.",
  P2000: "The request holds a text longer than allowed.",
  P2007: "The request holds a value the database cannot read.",
  P2020: "The request holds a number outside the range it may have.",
  P2039: "The request holds a character the database cannot store (such as a NUL).",
};
const CONFLICT = ["23505", "40001", "40P01", "P2002", "P2034"];
const BUSY = ["P2028", "P1001", "P1002", "P1008", "P1017", "P2024", "53300", "53400", "55P03", "57014", "57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"];

/** Every error code the error carries: Prisma's, the driver adapter's SQLSTATE, the socket's. */
function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const o = current as { code?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
    for (const c of [o.originalCode, o.code]) if (typeof c === "string") codes.push(c);
    const adapterCause = o.meta?.driverAdapterError?.cause;
    if (adapterCause && typeof adapterCause === "object") {
      const a = adapterCause as { originalCode?: unknown; code?: unknown };
      for (const c of [a.originalCode, a.code]) if (typeof c === "string") codes.push(c);
    }
    current = o.cause;
  }
  return codes;
}

/** The answer for a database error, or null when the error is not one of the database's. */
export function refusalForDatabaseError(e: unknown): TDatabaseRefusal | null {
  const codes = codesOf(e);
  for (const code of codes) {
    const message = BAD_INPUT[code];
    if (message) return { status: 400, error: message };
  }
  if (codes.some((c) => CONFLICT.includes(c))) {
    return { status: 409, error: "Someone else changed this at the same moment. Reload to see the latest state and try again." };
  }
  if (codes.some((c) => BUSY.includes(c) || c.startsWith("08"))) {
    return { status: 503, error: "The database is busy or unreachable for a moment. Nothing was changed; please try again.", retryAfterSeconds: 2 };
  }
  return null;
}
