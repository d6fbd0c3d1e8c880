import type { TApduChannel, TLinkError, TLinkInfo, TLinkResult, TLinkStats } from "../dlms/channel";
import { formatAddress, serverAddress, type THdlcAddressSize } from "../dlms/hdlc/address";
import { HdlcClientLink, type THdlcClientEvent } from "../dlms/hdlc/client-link";
import type { THdlcParameters } from "../dlms/hdlc/parameters";
import type { TByteStream, TStreamFactory } from "./byte-stream";
import { formatDuration } from "./duration";
import { isUnsolicited } from "./unsolicited";

/**
 * A DLMS channel over HDLC (IEC 62056-46) on a byte stream: TCP ("HDLC over TCP", as meter
 * simulators and gateways offer it) or a serial port. `open` connects the stream and runs SNRM/UA;
 * `exchange` sends the APDU (segmented) and resolves with the next whole APDU. When the server does
 * not answer within the time-out, the last frame goes again, up to `retries` times (frames get lost
 * on serial lines), then the call fails with `timeout`; any frame from the server restarts the count.
 */

export interface THdlcChannelOptions {
  streams: TStreamFactory;
  clientSap: number;
  /** Upper (logical device) and optional lower (physical) HDLC address, and the address size if not the smallest. */
  server: { upper: number; lower?: number; size?: THdlcAddressSize };
  /** What the SNRM proposes (defaults: 128 bytes, window 1). */
  proposal?: Partial<THdlcParameters>;
  /** Retransmissions of the last frame before `timeout` (default 3). */
  retries?: number;
  /** Largest APDU accepted from the server. */
  maxApduSize?: number;
  /** How long close() waits for UA or DM after DISC (default 1000 ms). */
  closeTimeoutMs?: number;
}

export function createHdlcChannel(options: THdlcChannelOptions): TApduChannel {
  return new HdlcChannel(options);
}

type TOperation =
  | { kind: "open"; resolve(result: TLinkResult<TLinkInfo>): void }
  | { kind: "exchange"; resolve(result: TLinkResult<Uint8Array>): void }
  | { kind: "close"; resolve(): void };

const DEFAULT_RETRIES = 3;
const DEFAULT_CLOSE_TIMEOUT_MS = 1000;

class HdlcChannel implements TApduChannel {
  readonly description: string;
  readonly stats: TLinkStats = { bytesSent: 0, bytesReceived: 0, framesSent: 0, framesReceived: 0, roundTrips: 0 };
  private readonly link: HdlcClientLink;
  private readonly retries: number;
  private stream: TByteStream | undefined;
  private operation: TOperation | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timeoutMs = 0;
  private attempts = 0;
  private readonly listeners: ((apdu: Uint8Array) => void)[] = [];

  constructor(private readonly options: THdlcChannelOptions) {
    const server = serverAddress(options.server.upper, options.server.lower, options.server.size);
    this.link = new HdlcClientLink({ clientSap: options.clientSap, server, proposal: options.proposal, maxApduSize: options.maxApduSize });
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.description = `hdlc+${options.streams.target} (client ${options.clientSap} → server ${formatAddress(server)})`;
  }

  get linkInfo(): TLinkInfo | undefined {
    return this.isOpen ? this.info() : undefined;
  }

  get isOpen(): boolean {
    return this.stream !== undefined && !this.stream.closed && this.link.state === "connected";
  }

  async open(timeoutMs: number): Promise<TLinkResult<TLinkInfo>> {
    if (this.operation !== undefined) return { ok: false, error: this.busy() };
    if (this.stream !== undefined && !this.stream.closed && this.link.state === "connected") return { ok: true, value: this.info() };
    if (this.stream === undefined || this.stream.closed) {
      const opened = await this.options.streams.open(timeoutMs);
      if (!opened.ok) return opened;
      this.attach(opened.value);
    }
    return new Promise((resolve) => this.start({ kind: "open", resolve }, timeoutMs, this.link.connect()));
  }

  exchange(apdu: Uint8Array, timeoutMs: number): Promise<TLinkResult<Uint8Array>> {
    const refused = this.check();
    if (refused) return Promise.resolve({ ok: false, error: refused });
    return new Promise((resolve) => this.start({ kind: "exchange", resolve }, timeoutMs, this.link.sendApdu(apdu)));
  }

  async send(apdu: Uint8Array): Promise<TLinkResult<void>> {
    const refused = this.check();
    if (refused) return { ok: false, error: refused };
    const events = this.link.sendApdu(apdu);
    const failed = events.find((e) => e.type === "error" && !e.recoverable);
    this.apply(events);
    if (failed !== undefined && failed.type === "error") return { ok: false, error: this.prefixed(failed.error) };
    return { ok: true, value: undefined };
  }

  onUnsolicited(listener: (apdu: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream === undefined) return;
    this.fail({ code: "closed", message: `${this.description}: the channel was closed` });
    if (!stream.closed && (this.link.state === "connected" || this.link.state === "rejected")) {
      await new Promise<void>((resolve) => {
        this.operation = { kind: "close", resolve };
        this.timeoutMs = this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
        this.apply(this.link.disconnect());
        this.restartTimer();
      });
    }
    this.stream = undefined;
    await stream.close();
  }

  private attach(stream: TByteStream): void {
    this.stream = stream;
    stream.onData((bytes) => {
      if (this.stream === stream) this.onData(bytes);
    });
    stream.onClose((reason) => {
      if (this.stream !== stream) return;
      this.fail({ code: "closed", message: `connection closed by ${this.options.streams.target}: ${reason}` });
    });
  }

  private check(): TLinkError | undefined {
    if (this.stream === undefined || this.stream.closed) return { code: "closed", message: `${this.description} is not open` };
    if (this.operation !== undefined) return this.busy();
    return undefined;
  }

  private busy(): TLinkError {
    return { code: "busy", message: `${this.description} is still waiting for the previous answer` };
  }

  private start(operation: TOperation, timeoutMs: number, events: THdlcClientEvent[]): void {
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.attempts = 0;
    this.restartTimer();
    this.apply(events);
  }

  private onData(bytes: Uint8Array): void {
    this.stats.bytesReceived += bytes.length;
    const counters = this.link.counters;
    const forUs = counters.framesReceived;
    const all = forUs + counters.framesIgnored;
    const events = this.link.receive(bytes);
    this.stats.framesReceived += counters.framesReceived + counters.framesIgnored - all;
    if (counters.framesReceived > forUs && this.operation !== undefined && this.operation.kind !== "close") {
      this.attempts = 0;
      this.restartTimer();
    }
    this.apply(events);
  }

  private apply(events: THdlcClientEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case "send":
          this.stats.bytesSent += event.bytes.length;
          this.stats.framesSent++;
          this.stream?.write(event.bytes);
          break;
        case "connected": {
          const operation = this.operation;
          if (operation?.kind === "open") {
            this.take();
            operation.resolve({ ok: true, value: this.info() });
          }
          break;
        }
        case "apdu": {
          const operation = this.operation;
          if (event.unnumbered || isUnsolicited(event.apdu)) {
            for (const l of this.listeners) l(event.apdu);
          } else if (operation?.kind === "exchange") {
            this.take();
            this.stats.roundTrips++;
            operation.resolve({ ok: true, value: event.apdu });
          }
          break;
        }
        case "disconnected":
          this.fail({ code: "closed", message: `${this.description}: ${event.reason}` });
          break;
        case "error":
          if (!event.recoverable) this.fail(this.prefixed(event.error));
          break;
      }
    }
  }

  private onTimer(): void {
    this.timer = undefined;
    const operation = this.operation;
    if (operation === undefined) return;
    if (operation.kind === "close" || this.attempts >= this.retries) {
      const retried = this.attempts > 0 ? ` (${this.attempts} retransmission${this.attempts === 1 ? "" : "s"})` : "";
      this.fail({ code: "timeout", message: `no answer within ${formatDuration(this.timeoutMs)} from ${this.description}${retried}` });
      return;
    }
    this.attempts++;
    this.restartTimer();
    this.apply(this.link.waiting ? this.link.retransmit() : this.link.poll());
  }

  private restartTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimer(), this.timeoutMs);
  }

  /** Takes the operation in progress off the channel and stops its timer. */
  private take(): TOperation | undefined {
    const operation = this.operation;
    this.operation = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return operation;
  }

  /** Ends the operation in progress with `error`; a close in progress just ends. */
  private fail(error: TLinkError): void {
    const operation = this.take();
    if (operation === undefined) return;
    if (operation.kind === "close") operation.resolve();
    else operation.resolve({ ok: false, error });
  }

  private info(): TLinkInfo {
    const p = this.link.parameters;
    return { framing: "hdlc", maxInfoTransmit: p.maxInfoTransmit, maxInfoReceive: p.maxInfoReceive, windowTransmit: p.windowTransmit, windowReceive: p.windowReceive };
  }

  private prefixed(error: TLinkError): TLinkError {
    return { code: error.code, message: `${this.description}: ${error.message}` };
  }
}
