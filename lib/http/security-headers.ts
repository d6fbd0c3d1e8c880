/**
 * The headers every response carries. Scripts run only with the request's nonce (Next.js reads
 * it from the Content-Security-Policy request header and puts it on its own scripts); links are
 * capabilities, so no page tells another site its address.
 */

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    // React's style={...} props become style attributes, which a nonce cannot cover; they carry no script.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: { nonce: string; https: boolean; development: boolean }): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options.nonce, options.development),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    ...(options.https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** Whether the browser reached us over https: directly, or through a reverse proxy that says so. */
export const isHttps = (protocol: string, forwardedProto: string | null) =>
  protocol === "https:" || forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
