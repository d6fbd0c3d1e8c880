import { describe } from "vitest";
import { METER_TOOLS, peersMissing, type TPeerTool } from "./peers";

/**
 * A describe block for interoperability tests: it runs when the peers and the tools in `needs` are
 * there; otherwise it is registered as skipped, with the reason in its name, and one notice goes to
 * stderr so that a machine without the peers never passes silently.
 */
export function describeWithPeers(name: string, fn: () => void, needs: readonly TPeerTool[] = METER_TOOLS): void {
  const missing = peersMissing(needs);
  if (missing === undefined) {
    describe(name, fn);
    return;
  }
  const notice = `interoperability tests skipped: ${missing}`;
  console.warn(`${notice} [${name}]`);
  describe.skip(`${name} (${notice})`, fn);
}
