import { SerialPort } from "serialport";
import type { TLinkResult } from "../dlms/channel";
import type { TByteStream, TStreamFactory } from "./byte-stream";
import { formatDuration } from "./duration";
import { ModeEOpening, SIGN_ON_BAUD_RATE, type TModeEStep } from "./mode-e";
import { StreamEvents } from "./stream-events";

/**
 * Serial ports (optical heads, RS-485 converters) with the serialport package: 8 data bits, no
 * parity, 1 stop bit at the chosen rate (default 9600). With `modeE`, the port first runs the
 * IEC 62056-21 mode E opening at 300 baud 7E1 (see mode-e.ts) and is then reopened at the baud
 * rate the meter announced, ready for HDLC; `baudRate` is then ignored.
 */

export interface TSerialOptions {
  baudRate?: number;
  /** Run the IEC 62056-21 mode E opening first (optical heads); `deviceAddress` goes into the sign-on. */
  modeE?: boolean | { deviceAddress?: string };
  /** Opens the port; tests pass serialport's SerialPortMock here. */
  createPort?: (settings: TSerialPortSettings) => TSerialPortLike;
}

export interface TSerialPortSettings {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: "none" | "even";
  stopBits: 1;
  autoOpen: false;
}

/** The part of serialport's SerialPort this adapter uses. */
export interface TSerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(event: "data"): unknown;
}

const DEFAULT_BAUD_RATE = 9600;

export function serialStreams(path: string, options: TSerialOptions = {}): TStreamFactory {
  return { target: `serial://${path}`, open: (timeoutMs) => openSerial(path, options, timeoutMs) };
}

export async function openSerial(path: string, options: TSerialOptions = {}, timeoutMs = 5000): Promise<TLinkResult<TByteStream>> {
  const create = options.createPort ?? ((settings: TSerialPortSettings) => new SerialPort(settings));
  if (!options.modeE) return openPort(create, path, options.baudRate ?? DEFAULT_BAUD_RATE);
  const signOn = await openPort(create, path, SIGN_ON_BAUD_RATE, 7, "even");
  if (!signOn.ok) return signOn;
  const deviceAddress = typeof options.modeE === "object" ? options.modeE.deviceAddress : undefined;
  const step = await runModeE(signOn.value, new ModeEOpening(deviceAddress), timeoutMs);
  if (step.type !== "switch") {
    await signOn.value.close();
    return { ok: false, error: { code: "connect-failed", message: `${path}: ${step.type === "failed" ? step.message : "IEC 62056-21 opening stopped"}` } };
  }
  await delay(step.delayMs);
  signOn.value.write(step.acknowledgement);
  await signOn.value.drain();
  // drain() returns once the OS has the bytes; the UART still needs 10 bits per byte at 300 baud.
  await delay(Math.ceil((step.acknowledgement.length * 10 * 1000) / SIGN_ON_BAUD_RATE));
  await signOn.value.close();
  return openPort(create, path, step.baudRate);
}

function runModeE(stream: TSerialStream, opening: ModeEOpening, timeoutMs: number): Promise<TModeEStep> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ type: "failed", message: `no IEC 62056-21 identification within ${formatDuration(timeoutMs)} after the sign-on at 300 baud` }),
      timeoutMs,
    );
    stream.onData((bytes) => {
      const step = opening.receive(bytes);
      if (step.type === "wait") return;
      clearTimeout(timer);
      resolve(step);
    });
    const first = opening.start();
    if (first.type === "send") stream.write(first.bytes);
  });
}

interface TSerialStream extends TByteStream {
  drain(): Promise<void>;
}

function openPort(
  create: (settings: TSerialPortSettings) => TSerialPortLike,
  path: string,
  baudRate: number,
  dataBits: 7 | 8 = 8,
  parity: "none" | "even" = "none",
): Promise<TLinkResult<TSerialStream>> {
  return new Promise((resolve) => {
    let port: TSerialPortLike;
    try {
      port = create({ path, baudRate, dataBits, parity, stopBits: 1, autoOpen: false });
    } catch (e) {
      resolve({ ok: false, error: { code: "connect-failed", message: `cannot open ${path}: ${(e as Error).message}` } });
      return;
    }
    port.open((error) => {
      if (error) resolve({ ok: false, error: { code: "connect-failed", message: `cannot open ${path}: ${error.message}` } });
      else resolve({ ok: true, value: portStream(port, path) });
    });
  });
}

function portStream(port: TSerialPortLike, remote: string): TSerialStream {
  const events = new StreamEvents();
  let reason = "the serial port was closed";
  port.on("data", (chunk: Buffer) => events.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  port.on("error", (e: Error) => {
    reason = e.message;
  });
  port.on("close", () => events.close(reason));
  return {
    remote,
    get closed() {
      return events.closed;
    },
    write(bytes) {
      if (!events.closed) port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
    onData: (listener) => events.onData(listener),
    onClose: (listener) => events.onClose(listener),
    drain() {
      return new Promise((resolve) => port.drain(() => resolve()));
    },
    close() {
      if (events.closed || !port.isOpen) {
        events.close("closed");
        return Promise.resolve();
      }
      reason = "closed";
      return new Promise((resolve) =>
        port.close(() => {
          port.removeAllListeners("data");
          events.close(reason);
          resolve();
        }),
      );
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
