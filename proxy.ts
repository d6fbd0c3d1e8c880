import { NextResponse, type NextRequest } from "next/server";
import { refuseRequest } from "./lib/http/request-guard";
import { isHttps, securityHeaders } from "./lib/http/security-headers";

/** A reverse proxy's request id is kept so that its logs and ours line up; anything else gets a fresh one. */
const requestIdOf = (request: NextRequest) => {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.:-]{1,64}$/.test(given) ? given : crypto.randomUUID();
};

/**
 * In front of every route (pages, API, static files): refuses what no route may see, gives each
 * request an id, and puts the security headers on every response.
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdOf(request);
  const headers = securityHeaders({
    nonce: Buffer.from(crypto.randomUUID()).toString("base64"),
    https: isHttps(request.nextUrl.protocol, request.headers.get("x-forwarded-proto")),
    development: process.env.NODE_ENV === "development",
  });
  const refusal = refuseRequest({ method: request.method, rawPath: new URL(request.url).pathname, headers: request.headers });
  if (refusal) {
    return NextResponse.json(
      { error: refusal.error },
      { status: refusal.status, headers: { ...headers, ...refusal.headers, "cache-control": "no-store", "x-request-id": requestId } },
    );
  }
  const forwarded = new Headers(request.headers);
  forwarded.set("x-request-id", requestId);
  forwarded.set("content-security-policy", headers["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set("x-request-id", requestId);
  return response;
}
