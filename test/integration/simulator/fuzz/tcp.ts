import { createConnection, type Socket } from "node:net";
import type { Random } from "./random";

/**
 * One fuzz connection to the simulator's TCP port: frames written one at a time (the next goes
 * when the server answered, closed, or stayed silent for a moment, so a connection is not closed
 * as a flood before its frames are read), then an ending: a clean close, or a frame cut off by a
 * half-close (FIN), a reset (RST), or nothing at all (the connection left open for the caller).
 */
export const ENDINGS = ["close", "half-close-mid-frame", "reset-mid-frame", "left-open-mid-frame"] as const;
export type TEnding = (typeof ENDINGS)[number];

export interface TConnectionPlan {
  port: number;
  frames: Uint8Array[];
  ending: TEnding;
  /** A frame whose first part is written before the ending, for the mid-frame endings. */
  cut?: Uint8Array;
}

export interface TConnectionOutcome {
  framesSent: number;
  bytesSent: number;
  /** The server closed the connection before all frames were written. */
  closedByServer: boolean;
  /** For "left-open-mid-frame": the socket, still open; the caller destroys it (and may then set null). */
  held?: Socket | null;
}

/** How long a frame may go unanswered before the next is written; it paces, it is never asserted. */
const QUIET_MS = 15;
/** How long a closing connection may take before it is destroyed; only guards against a hang. */
const CLOSE_GUARD_MS = 5000;

/** Resolves when `event` does or after `ms`, whichever comes first, leaving no timer behind (a pending one would sit on the heap the test measures). */
function within(ms: number, event: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((done) => (timer = setTimeout(done, ms)));
  return Promise.race([event, elapsed]).finally(() => clearTimeout(timer));
}

export function runConnection(plan: TConnectionPlan, r: Random): Promise<TConnectionOutcome> {
  return new Promise((done, fail) => {
    const socket = createConnection({ port: plan.port, host: "127.0.0.1" });
    let connected = false;
    let closed = false;
    let wake: (() => void) | undefined;
    const poke = () => {
      wake?.();
      wake = undefined;
    };
    socket.on("data", poke);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      poke();
    });
    socket.once("connect", () => {
      connected = true;
      void (async () => {
        let framesSent = 0;
        let bytesSent = 0;
        for (const frame of plan.frames) {
          if (closed) break;
          const answered = new Promise<void>((w) => (wake = w));
          socket.write(frame);
          framesSent++;
          bytesSent += frame.length;
          await within(QUIET_MS, answered);
        }
        const closedByServer = closed;
        if (!closed && plan.ending !== "close" && plan.cut && plan.cut.length > 1) {
          const part = plan.cut.subarray(0, r.between(1, plan.cut.length - 1));
          socket.write(part);
          bytesSent += part.length;
        }
        if (plan.ending === "left-open-mid-frame" && !closed) {
          done({ framesSent, bytesSent, closedByServer, held: socket });
          return;
        }
        if (plan.ending === "reset-mid-frame") socket.resetAndDestroy();
        else socket.end();
        if (!closed) await within(CLOSE_GUARD_MS, new Promise<void>((w) => socket.once("close", () => w())));
        socket.destroy();
        done({ framesSent, bytesSent, closedByServer });
      })().catch(fail);
    });
    socket.once("error", (e) => {
      if (!connected) fail(e);
    });
  });
}
