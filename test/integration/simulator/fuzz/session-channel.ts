import type { TApduChannel, TPeerAddress, TServerLink, TServerSession } from "@/lib/dlms/channel";

/** A link for a session driven in process: nothing to push to, nothing to close. */
export const FUZZ_LINK: TServerLink = { remote: "fuzz", push: () => undefined, close: () => undefined };

/**
 * A client channel straight into a simulator session, without framing or sockets: our client
 * associates through it in microseconds, so a fuzz run can open a fresh association every few
 * hundred inputs. With `exchanges` it stops answering after that many: one leaves an HLS
 * association waiting for pass 3.
 */
export function sessionChannel(session: TServerSession, address: TPeerAddress, options: { exchanges?: number } = {}): TApduChannel {
  let left = options.exchanges ?? Infinity;
  return {
    description: `in-process session (client ${address.clientSap})`,
    stats: { bytesSent: 0, bytesReceived: 0, framesSent: 0, framesReceived: 0, roundTrips: 0 },
    isOpen: true,
    open: async () => ({ ok: true, value: { framing: "wrapper" } }),
    async exchange(apdu) {
      if (left-- <= 0) return { ok: false, error: { code: "closed", message: "the fuzz test cut the association short" } };
      const [answer] = await session.handle(apdu, address);
      return answer ? { ok: true, value: answer } : { ok: false, error: { code: "timeout", message: "the session gave no answer" } };
    },
    async send(apdu) {
      await session.handle(apdu, address);
      return { ok: true, value: undefined };
    },
    onUnsolicited: () => undefined,
    close: async () => undefined,
  };
}
