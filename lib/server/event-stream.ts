import "server-only";
import type { TRunFeedEntry } from "../conformance/run-feed";
import { HttpError } from "./http";
import type { TRunWatch } from "./runs";

/**
 * A run's feed as server-sent events: what happened after the event the page saw last, then each
 * new event as it happens, until the run ends. Every event carries its number as its id, so a
 * browser that reconnects sends it back as Last-Event-ID and misses nothing.
 */
const HEARTBEAT_MS = 15_000;

const endsRun = (entry: TRunFeedEntry) => entry.event.type === "done" || entry.event.type === "failed";

/** The event a reconnecting page saw last, from its Last-Event-ID header; 0 for a first connection. */
export function lastEventId(request: Request): number {
  const given = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  if (given === null || given === "") return 0;
  if (!/^\d{1,9}$/.test(given)) throw new HttpError(400, "Last-Event-ID: must be the number of an event of this run, such as 42.");
  return Number(given);
}

export function runEventStream(watch: TRunWatch, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const send = (entry: TRunFeedEntry) => write(`id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(entry)}\n\n`);
      const close = () => {
        if (!open) return;
        open = false;
        stop();
        controller.close();
      };
      write("retry: 2000\n\n");
      for (const entry of watch.replay) send(entry);
      if (watch.ended || watch.replay.some(endsRun)) return close();
      const unsubscribe = watch.subscribe((entry) => {
        send(entry);
        if (endsRun(entry)) close();
      });
      // Proxies close a connection that stays silent; a comment line keeps it open between tests.
      const heartbeat = setInterval(() => write(": still running\n\n"), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      signal.addEventListener("abort", close, { once: true });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
