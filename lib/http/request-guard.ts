/**
 * What every request must satisfy before any route sees it: a path that decodes, a method the
 * app serves, and for requests that change something, a body type a cross-site form cannot send
 * and proof that the page asking is ours. Pure: the proxy passes the request's parts in.
 */

export const ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
const SAFE_METHODS: readonly string[] = ["GET", "HEAD", "OPTIONS"];

/** Body types of JSON routes; a cross-site HTML form can only send text/plain, urlencoded or multipart. */
const JSON_TYPES = ["application/json"];
/** Body types of routes that take a file: the results upload (a results file or the filled testbook.csv). */
const UPLOAD_TYPES = [
  "application/json",
  "text/csv",
  "application/csv",
  "application/vnd.ms-excel",
  "text/tab-separated-values",
  "application/octet-stream",
  "multipart/form-data",
];
const UPLOAD_ROUTES = [/^\/api\/profiles\/[^/]+\/results$/];

export type TGuardRequest = {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  headers: { get(name: string): string | null };
};

export type TRefusal = { status: 400 | 403 | 405 | 415; error: string; headers?: Record<string, string> };

/** The body types a state-changing request to `path` may carry. */
export function acceptedBodyTypes(path: string): readonly string[] {
  return UPLOAD_ROUTES.some((r) => r.test(path)) ? UPLOAD_TYPES : JSON_TYPES;
}

function decodes(rawPath: string): boolean {
  try {
    decodeURIComponent(rawPath);
    return true;
  } catch {
    return false;
  }
}

/** The host the browser addressed: the first forwarded host behind a reverse proxy, else Host. */
export function requestHost(headers: TGuardRequest["headers"]): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

function sameOrigin(headers: TGuardRequest["headers"]): boolean {
  // A browser sends Sec-Fetch-Site on every request and a page cannot forge it; "same-site" is
  // refused too, since a sibling subdomain is not ours.
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).host === requestHost(headers);
  } catch {
    return false;
  }
}

const hasBody = (headers: TGuardRequest["headers"]) =>
  headers.get("transfer-encoding") !== null || Number(headers.get("content-length") ?? "0") > 0;

/** Why the request is refused before routing, or null when it may go on. */
export function refuseRequest(request: TGuardRequest): TRefusal | null {
  const method = request.method.toUpperCase();
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 405, error: `The method ${method} is not supported.`, headers: { allow: ALLOWED_METHODS.join(", ") } };
  }
  if (!decodes(request.rawPath)) return { status: 400, error: "The address is not valid: it has a malformed %-escape." };
  if (SAFE_METHODS.includes(method) || !request.rawPath.startsWith("/api/")) return null;
  const path = decodeURIComponent(request.rawPath);
  if (method !== "DELETE" || hasBody(request.headers)) {
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const accepted = acceptedBodyTypes(path);
    if (!accepted.includes(type)) {
      return { status: 415, error: `This request must send its body as ${accepted.join(", ")}${type ? `, not ${type}` : ""}.` };
    }
  }
  if (!sameOrigin(request.headers)) {
    return { status: 403, error: "This request did not come from a page of this site (its Origin or Sec-Fetch-Site header says otherwise), so it was refused." };
  }
  return null;
}
