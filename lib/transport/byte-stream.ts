import { connect, isIP, type Socket } from "node:net";
import type { TLinkResult } from "../dlms/channel";
import { formatDuration } from "./duration";
import { StreamEvents } from "./stream-events";

/**
 * A byte stream under a DLMS channel: a TCP socket or a serial port. Listeners get the bytes as
 * they arrive, in chunks of any size; `onClose` fires once, with why.
 */
export interface TByteStream {
  /** Where the bytes go, for messages: "127.0.0.1:4059", "/dev/ttyUSB0". */
  readonly remote: string;
  readonly closed: boolean;
  write(bytes: Uint8Array): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  onClose(listener: (reason: string) => void): void;
  /** Ends the stream; resolves once it is closed. */
  close(): Promise<void>;
}

/** Opens a byte stream when a channel opens: a channel is created before anything is connected. */
export interface TStreamFactory {
  /** For descriptions: "tcp://127.0.0.1:4059", "serial:///dev/ttyUSB0". */
  readonly target: string;
  open(timeoutMs: number): Promise<TLinkResult<TByteStream>>;
}

/** "host:port", with brackets around IPv6 addresses. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

export function tcpStreams(host: string, port: number): TStreamFactory {
  return { target: `tcp://${hostPort(host, port)}`, open: (timeoutMs) => connectTcp(host, port, timeoutMs) };
}

/** Connects over TCP without Nagle delay (each frame goes out at once). */
export function connectTcp(host: string, port: number, timeoutMs: number): Promise<TLinkResult<TByteStream>> {
  const where = hostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: { code: "connect-failed", message: `no answer within ${formatDuration(timeoutMs)} from ${where}` } });
    }, timeoutMs);
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, error: { code: "connect-failed", message: `cannot connect to ${where}: ${describeSocketError(e)}` } });
    });
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve({ ok: true, value: socketStream(socket, where) });
    });
  });
}

function describeSocketError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "EHOSTUNREACH":
      return "host unreachable";
    case "ENETUNREACH":
      return "network unreachable";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "timed out";
    default:
      return e.message;
  }
}

/** A byte stream over a connected socket (both the client's and the server's side). */
export function socketStream(socket: Socket, remote: string): TByteStream {
  const events = new StreamEvents();
  let reason = "closed by the peer";
  socket.setNoDelay(true);
  socket.on("data", (chunk: Buffer) => events.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  socket.on("error", (e: NodeJS.ErrnoException) => {
    reason = describeSocketError(e);
  });
  socket.on("close", () => events.close(reason));
  return {
    remote,
    get closed() {
      return events.closed;
    },
    write(bytes) {
      if (!events.closed && !socket.destroyed) socket.write(bytes);
    },
    onData: (listener) => events.onData(listener),
    onClose: (listener) => events.onClose(listener),
    close() {
      if (events.closed) return Promise.resolve();
      reason = "closed";
      return new Promise((resolve) => {
        events.onClose(() => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      });
    },
  };
}
