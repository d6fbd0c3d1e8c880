import type { TLinkResult } from "@/lib/dlms/channel";
import type { TByteStream, TStreamFactory } from "@/lib/transport/byte-stream";
import { StreamEvents } from "@/lib/transport/stream-events";

/**
 * An in-memory byte stream for channel tests: what the channel writes goes to `peer(bytes)`, which
 * answers by calling `deliver`. Delivery is asynchronous, as on a real socket.
 */
export interface TMemoryStream extends TByteStream {
  written: Uint8Array[];
  deliver(bytes: Uint8Array): void;
  /** The far end closes the stream. */
  hangUp(reason: string): void;
}

export function memoryStream(peer: (bytes: Uint8Array, stream: TMemoryStream) => void, remote = "memory"): TMemoryStream {
  const events = new StreamEvents();
  const stream: TMemoryStream = {
    remote,
    written: [],
    get closed() {
      return events.closed;
    },
    write(bytes) {
      if (events.closed) return;
      stream.written.push(bytes);
      setImmediate(() => peer(bytes, stream));
    },
    onData: (l) => events.onData(l),
    onClose: (l) => events.onClose(l),
    close() {
      events.close("closed");
      return Promise.resolve();
    },
    deliver(bytes) {
      setImmediate(() => {
        if (!events.closed) events.data(bytes);
      });
    },
    hangUp(reason) {
      events.close(reason);
    },
  };
  return stream;
}

/** A factory that opens `stream` (or fails with `error`), for channels. */
export function memoryStreams(stream: TMemoryStream | (() => TMemoryStream), target = "memory://meter"): TStreamFactory & { opened: number } {
  const factory = {
    target,
    opened: 0,
    open(): Promise<TLinkResult<TByteStream>> {
      factory.opened++;
      return Promise.resolve({ ok: true, value: typeof stream === "function" ? stream() : stream });
    },
  };
  return factory;
}
