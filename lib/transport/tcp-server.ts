import { createServer, type Socket } from "node:net";
import type { TPeerAddress, TServerLink, TServerSession } from "../dlms/channel";
import { concat } from "../dlms/bytes";
import type { THdlcParameters } from "../dlms/hdlc/parameters";
import { HdlcServerLink, type THdlcServerEvent } from "../dlms/hdlc/server-link";
import { DEFAULT_MAX_APDU_SIZE } from "../dlms/hdlc/transfer";
import { encodeWrapperFrame, scanWrapperFrames, WRAPPER_MAX_APDU } from "../dlms/wrapper/frame";
import { hostPort } from "./byte-stream";
import { formatDuration } from "./duration";
import { ThrottledWriter, type TThrottle } from "./throttle";

/**
 * A DLMS server on TCP for the meter simulator: per connection the wrapper or the HDLC server
 * link, and a session the caller creates (`session(link)`). The session is asked to accept on the
 * first wrapper frame of each client/logical-device pair, or on each SNRM (a new session per HDLC
 * connection: after DISC or a new SNRM the next SNRM gets a fresh one). Requests reach
 * `session.handle` one at a time in arrival order. One connection's bad input never affects
 * another's: HDLC frame errors are reported and skipped; a wrapper version or length error, more
 * than the limits allow, or a failing session closes that connection only.
 */

export interface TServeLimits {
  /** Largest request APDU (default 65535). */
  maxApduSize?: number;
  /** The server's own HDLC limits (default 128 bytes, window 1 each way). */
  hdlc?: Partial<THdlcParameters>;
  /** Requests waiting for the session before the connection is closed as a flood (default 16). */
  maxQueuedApdus?: number;
  /** Connections at once; more are closed at once (default 64). */
  maxConnections?: number;
}

export type TServeEvent =
  | { type: "connection"; remote: string }
  /** A frame that was skipped, or a link-level problem the link recovered from. */
  | { type: "frame-error"; remote: string; message: string }
  | { type: "error"; remote: string; message: string }
  | { type: "closed"; remote: string; reason: string };

export interface TServeTcpOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  framing: "wrapper" | "hdlc";
  session: (link: TServerLink) => TServerSession;
  /** Slows the server's writes to a real link's pace: 10 bits per byte at `baud`, plus `latencyMs` per answer. */
  throttle?: TThrottle;
  /** Closes a connection that sends nothing for this long (default 120 s, HDLC setup's default inactivity time-out; 0 never). */
  inactivityMs?: number;
  limits?: TServeLimits;
  onEvent?: (event: TServeEvent) => void;
}

export interface TTcpServer {
  readonly port: number;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

const DEFAULT_INACTIVITY_MS = 120_000;

export function serveTcp(options: TServeTcpOptions): Promise<TTcpServer> {
  const host = options.host ?? "127.0.0.1";
  const connections = new Set<Connection>();
  const report = (event: TServeEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener must not take the server down with it.
    }
  };
  const server = createServer((socket) => {
    const remote = hostPort(socket.remoteAddress ?? "?", socket.remotePort ?? 0);
    if (connections.size >= (options.limits?.maxConnections ?? 64)) {
      report({ type: "error", remote, message: `connection refused: already ${connections.size} connections` });
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, remote, options, report, () => connections.delete(connection));
    connections.add(connection);
    report({ type: "connection", remote });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why = e.code === "EADDRINUSE" ? "the address is in use" : e.code === "EACCES" ? "permission denied" : e.message;
      reject(new Error(`cannot listen on ${hostPort(host, options.port)}: ${why}`));
    });
    server.listen(options.port, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : options.port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const c of connections) c.destroy("the server was closed");
          }),
      });
    });
  });
}

interface TQueued {
  apdu: Uint8Array;
  address: TPeerAddress;
  generation: number;
}

class Connection {
  private readonly writer: ThrottledWriter;
  private readonly link: TServerLink;
  private readonly hdlc: HdlcServerLink | undefined;
  private session: TServerSession | undefined;
  /** Changes whenever the session changes, so that answers of an ended session are dropped. */
  private generation = 0;
  private readonly queue: TQueued[] = [];
  private handling = false;
  private closed = false;
  private inactivity: ReturnType<typeof setTimeout> | undefined;
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly accepted = new Set<string>();
  private wrapperPeer: TPeerAddress | undefined;
  private readonly maxApduSize: number;

  constructor(
    private readonly socket: Socket,
    readonly remote: string,
    private readonly options: TServeTcpOptions,
    private readonly report: (event: TServeEvent) => void,
    private readonly forget: () => void,
  ) {
    socket.setNoDelay(true);
    this.writer = new ThrottledWriter((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    }, options.throttle);
    this.link = { remote, push: (apdu) => this.push(apdu), close: () => this.close("closed by the session") };
    this.maxApduSize = options.limits?.maxApduSize ?? (options.framing === "hdlc" ? DEFAULT_MAX_APDU_SIZE : WRAPPER_MAX_APDU);
    this.hdlc =
      options.framing === "hdlc"
        ? new HdlcServerLink({ accept: (address) => this.startSession(address), limits: options.limits?.hdlc, maxApduSize: this.maxApduSize })
        : undefined;
    socket.on("data", (chunk: Buffer) => this.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on("error", () => {
      // Reported through "close"; without a listener a reset connection would throw.
    });
    socket.on("close", () => this.close("closed by the client"));
    this.touch();
  }

  /** Ends at once, without waiting for writes in progress (the server is shutting down). */
  destroy(reason: string): void {
    this.close(reason);
    this.socket.destroy();
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.inactivity !== undefined) clearTimeout(this.inactivity);
    this.queue.length = 0;
    this.endSession(reason);
    this.writer.stop();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.forget();
    this.report({ type: "closed", remote: this.remote, reason });
  }

  private touch(): void {
    const ms = this.options.inactivityMs ?? DEFAULT_INACTIVITY_MS;
    if (ms <= 0) return;
    if (this.inactivity !== undefined) clearTimeout(this.inactivity);
    this.inactivity = setTimeout(() => this.close(`no data for ${formatDuration(ms)}`), ms);
  }

  private onData(bytes: Uint8Array): void {
    if (this.closed) return;
    this.touch();
    try {
      if (this.hdlc !== undefined) this.apply(this.hdlc.receive(bytes));
      else this.onWrapperData(bytes);
    } catch (e) {
      this.report({ type: "error", remote: this.remote, message: `internal error: ${(e as Error).message}` });
      this.close("internal error");
    }
  }

  private apply(events: THdlcServerEvent[]): void {
    const out: Uint8Array[] = [];
    let closeWith: string | undefined;
    for (const event of events) {
      if (event.type === "send") out.push(event.bytes);
      else if (event.type === "apdu") this.enqueue(event.apdu, event.address);
      else if (event.type === "disconnected") this.endSession(event.reason);
      else if (event.type === "error") {
        this.report({ type: "frame-error", remote: this.remote, message: event.error.message });
        if (event.overLimit) closeWith = event.error.message;
      }
    }
    if (out.length > 0) this.writer.send(out.length === 1 ? out[0]! : concat(...out));
    if (closeWith !== undefined) this.close(closeWith);
  }

  private onWrapperData(bytes: Uint8Array): void {
    const scan = scanWrapperFrames(this.buffer.length === 0 ? bytes : concat(this.buffer, bytes), { maxApduSize: this.maxApduSize });
    this.buffer = scan.rest;
    for (const frame of scan.frames) {
      const address: TPeerAddress = { clientSap: frame.source, logicalDevice: frame.destination };
      const key = `${frame.source}:${frame.destination}`;
      if (!this.accepted.has(key)) {
        if (!this.acceptWrapper(address)) {
          this.close(`client ${address.clientSap} was refused for logical device ${address.logicalDevice}`);
          return;
        }
        this.accepted.add(key);
      }
      this.wrapperPeer = address;
      this.enqueue(frame.apdu, address);
      if (this.closed) return;
    }
    if (scan.error !== undefined) {
      this.report({ type: "frame-error", remote: this.remote, message: scan.error.message });
      this.close(scan.error.message);
    }
  }

  private acceptWrapper(address: TPeerAddress): boolean {
    if (this.session === undefined) {
      const session = this.createSession();
      if (session === undefined) return false;
      this.session = session;
      this.generation++;
    }
    return this.ask(this.session, address);
  }

  /** HDLC SNRM: a new session for the new connection, which replaces any earlier one. */
  private startSession(address: TPeerAddress): boolean {
    if (this.session !== undefined) this.endSession(`client ${address.clientSap} connected again (SNRM)`);
    const session = this.createSession();
    if (session === undefined) return false;
    if (!this.ask(session, address)) {
      this.safely(() => session.closed(`client ${address.clientSap} was refused for logical device ${address.logicalDevice}`));
      return false;
    }
    this.session = session;
    this.generation++;
    return true;
  }

  private createSession(): TServerSession | undefined {
    try {
      return this.options.session(this.link);
    } catch (e) {
      this.report({ type: "error", remote: this.remote, message: `the session could not be created: ${(e as Error).message}` });
      return undefined;
    }
  }

  private ask(session: TServerSession, address: TPeerAddress): boolean {
    try {
      return session.accept(address);
    } catch (e) {
      this.report({ type: "error", remote: this.remote, message: `the session failed to decide on client ${address.clientSap}: ${(e as Error).message}` });
      return false;
    }
  }

  private endSession(reason: string): void {
    const session = this.session;
    this.session = undefined;
    this.generation++;
    if (session !== undefined) this.safely(() => session.closed(reason));
  }

  private safely(run: () => void): void {
    try {
      run();
    } catch (e) {
      this.report({ type: "error", remote: this.remote, message: `the session failed: ${(e as Error).message}` });
    }
  }

  private enqueue(apdu: Uint8Array, address: TPeerAddress): void {
    const max = this.options.limits?.maxQueuedApdus ?? 16;
    if (this.queue.length >= max) {
      this.close(`more than ${max} requests waiting for their answers`);
      return;
    }
    this.queue.push({ apdu, address, generation: this.generation });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.handling) return;
    this.handling = true;
    while (!this.closed && this.queue.length > 0) {
      const item = this.queue.shift()!;
      const session = this.session;
      if (session === undefined || item.generation !== this.generation) continue;
      let responses: Uint8Array[];
      try {
        responses = await session.handle(item.apdu, item.address);
      } catch (e) {
        this.report({ type: "error", remote: this.remote, message: `the session failed to handle a request: ${(e as Error).message}` });
        this.close("the session failed");
        break;
      }
      if (this.closed || item.generation !== this.generation) continue;
      this.respond(responses, item.address);
    }
    this.handling = false;
  }

  private respond(responses: Uint8Array[], address: TPeerAddress): void {
    if (this.hdlc !== undefined) {
      if (responses.length === 0) this.apply(this.hdlc.acknowledge());
      for (const apdu of responses) this.apply(this.hdlc.sendApdu(apdu));
      return;
    }
    for (const apdu of responses) this.writeWrapper(apdu, address);
  }

  private push(apdu: Uint8Array): void {
    if (this.closed) return;
    if (this.hdlc !== undefined) {
      this.apply(this.hdlc.push(apdu));
      return;
    }
    if (this.wrapperPeer === undefined) {
      this.report({ type: "error", remote: this.remote, message: "no wrapper frame has arrived yet: the unsolicited APDU has no address to go to" });
      return;
    }
    this.writeWrapper(apdu, this.wrapperPeer);
  }

  private writeWrapper(apdu: Uint8Array, address: TPeerAddress): void {
    if (apdu.length > WRAPPER_MAX_APDU) {
      this.report({ type: "error", remote: this.remote, message: `an answer of ${apdu.length} bytes does not fit a wrapper frame and was dropped` });
      return;
    }
    this.writer.send(encodeWrapperFrame({ source: address.logicalDevice, destination: address.clientSap, apdu }));
  }
}
