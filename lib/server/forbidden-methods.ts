import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { ALLOWED_METHODS } from "../http/request-guard";

/**
 * TRACE and TRACK cannot become a fetch Request (the standard forbids them), so Next.js fails on
 * them with a 500 before proxy.ts runs. They are answered here, at the Node HTTP server, with the
 * 405 every other unsupported method gets from proxy.ts.
 */
const UNCONSTRUCTIBLE = new Set(["TRACE", "TRACK"]);

export function refuseUnconstructibleMethods(): void {
  const marked = Server.prototype as Server & { __primePlusMethodGuard?: true };
  if (marked.__primePlusMethodGuard) return;
  marked.__primePlusMethodGuard = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      if (UNCONSTRUCTIBLE.has((request.method ?? "").toUpperCase())) {
        response.writeHead(405, {
          allow: ALLOWED_METHODS.join(", "),
          "content-type": "application/json",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          "referrer-policy": "no-referrer",
          "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        });
        response.end(JSON.stringify({ error: `The method ${request.method} is not supported.` }));
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof Server.prototype.emit;
}
