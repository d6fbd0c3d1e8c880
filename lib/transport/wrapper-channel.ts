import type { TApduChannel, TLinkError, TLinkInfo, TLinkResult, TLinkStats } from "../dlms/channel";
import { concat } from "../dlms/bytes";
import { encodeWrapperFrame, scanWrapperFrames, WRAPPER_MAX_APDU, type TWrapperFrame } from "../dlms/wrapper/frame";
import type { TByteStream, TStreamFactory } from "./byte-stream";
import { formatDuration } from "./duration";
import { isUnsolicited } from "./unsolicited";

/**
 * A DLMS channel over the TCP wrapper (IEC 62056-47): one wrapper frame per APDU each way, the
 * client's SAP as source wPort, the logical device as destination. The answer time-out restarts
 * whenever bytes arrive, so a long answer on a slow link is not cut off while it flows.
 */

export interface TWrapperChannelOptions {
  streams: TStreamFactory;
  clientSap: number;
  logicalDevice: number;
  /** Largest APDU accepted from the server (default and maximum 65535). */
  maxApduSize?: number;
}

export function createWrapperChannel(options: TWrapperChannelOptions): TApduChannel {
  return new WrapperChannel(options);
}

interface TPending {
  resolve(result: TLinkResult<Uint8Array>): void;
  timeoutMs: number;
  timer: ReturnType<typeof setTimeout>;
}

const EMPTY = new Uint8Array(0);

class WrapperChannel implements TApduChannel {
  readonly description: string;
  readonly stats: TLinkStats = { bytesSent: 0, bytesReceived: 0, framesSent: 0, framesReceived: 0, roundTrips: 0 };
  private stream: TByteStream | undefined;
  private pending: TPending | undefined;
  private buffer: Uint8Array = EMPTY;
  private readonly listeners: ((apdu: Uint8Array) => void)[] = [];
  private readonly maxApduSize: number;

  constructor(private readonly options: TWrapperChannelOptions) {
    for (const [name, port] of [["client SAP", options.clientSap], ["logical device", options.logicalDevice]] as const) {
      if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new RangeError(`${name} ${port} is not a wrapper wPort (0..65535)`);
    }
    this.description = `${options.streams.target} (wrapper, client ${options.clientSap} → server ${options.logicalDevice})`;
    this.maxApduSize = Math.min(options.maxApduSize ?? WRAPPER_MAX_APDU, WRAPPER_MAX_APDU);
  }

  get isOpen(): boolean {
    return this.stream !== undefined && !this.stream.closed;
  }

  async open(timeoutMs: number): Promise<TLinkResult<TLinkInfo>> {
    if (this.isOpen) return { ok: true, value: { framing: "wrapper" } };
    const opened = await this.options.streams.open(timeoutMs);
    if (!opened.ok) return opened;
    const stream = opened.value;
    this.stream = stream;
    this.buffer = EMPTY;
    stream.onData((bytes) => this.onData(bytes));
    stream.onClose((reason) => {
      if (this.stream === stream) this.fail({ code: "closed", message: `connection closed by ${this.options.streams.target}: ${reason}` });
    });
    return { ok: true, value: { framing: "wrapper" } };
  }

  exchange(apdu: Uint8Array, timeoutMs: number): Promise<TLinkResult<Uint8Array>> {
    const refused = this.check(apdu);
    if (refused) return Promise.resolve(refused);
    return new Promise((resolve) => {
      this.pending = { resolve, timeoutMs, timer: setTimeout(() => this.expire(), timeoutMs) };
      this.write(apdu);
    });
  }

  async send(apdu: Uint8Array): Promise<TLinkResult<void>> {
    const refused = this.check(apdu);
    if (refused) return refused;
    this.write(apdu);
    return { ok: true, value: undefined };
  }

  onUnsolicited(listener: (apdu: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.fail({ code: "closed", message: `${this.description}: the channel was closed` });
    this.stream = undefined;
    if (stream !== undefined) await stream.close();
  }

  private check(apdu: Uint8Array): { ok: false; error: TLinkError } | undefined {
    if (this.stream === undefined || this.stream.closed) return { ok: false, error: { code: "closed", message: `${this.description} is not open` } };
    if (this.pending !== undefined) return { ok: false, error: { code: "busy", message: `${this.description} is still waiting for the previous answer` } };
    if (apdu.length > 0xffff) return { ok: false, error: { code: "frame", message: `an APDU of ${apdu.length} bytes does not fit a wrapper frame (65535)` } };
    return undefined;
  }

  private write(apdu: Uint8Array): void {
    const frame = encodeWrapperFrame({ source: this.options.clientSap, destination: this.options.logicalDevice, apdu });
    this.stats.bytesSent += frame.length;
    this.stats.framesSent++;
    this.stream!.write(frame);
  }

  private onData(bytes: Uint8Array): void {
    this.stats.bytesReceived += bytes.length;
    if (this.pending !== undefined) {
      clearTimeout(this.pending.timer);
      this.pending.timer = setTimeout(() => this.expire(), this.pending.timeoutMs);
    }
    const scan = scanWrapperFrames(this.buffer.length === 0 ? bytes : concat(this.buffer, bytes), { maxApduSize: this.maxApduSize });
    this.buffer = scan.rest;
    for (const frame of scan.frames) this.onFrame(frame);
    if (scan.error !== undefined) {
      this.fail({ code: "frame", message: `${this.description}: ${scan.error.message}; the stream cannot be resynchronised` });
      void this.close();
    }
  }

  private onFrame(frame: TWrapperFrame): void {
    this.stats.framesReceived++;
    if (isUnsolicited(frame.apdu)) {
      for (const l of this.listeners) l(frame.apdu);
      return;
    }
    if (this.pending === undefined) return;
    if (frame.source !== this.options.logicalDevice || frame.destination !== this.options.clientSap) {
      this.fail({
        code: "frame",
        message: `${this.description}: the answer came from wPort ${frame.source} to wPort ${frame.destination}, expected ${this.options.logicalDevice} to ${this.options.clientSap}`,
      });
      return;
    }
    this.stats.roundTrips++;
    this.finish({ ok: true, value: frame.apdu });
  }

  private expire(): void {
    const pending = this.pending;
    if (pending !== undefined) this.fail({ code: "timeout", message: `no answer within ${formatDuration(pending.timeoutMs)} from ${this.description}` });
  }

  private fail(error: TLinkError): void {
    this.finish({ ok: false, error });
  }

  private finish(result: TLinkResult<Uint8Array>): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(result);
  }
}
