import { SerialPort } from "serialport";
import { captureFromChunks, type TCaptureResult } from "../capture";

/**
 * Reads a P1 port from a serial adapter for a while, at 115200 Bd 8N1 by default. With
 * `requestLine`, DTR and RTS are raised after opening (adapters that wire the P1 request line to
 * them) and that moment is the request time; otherwise the request time is unknown.
 */
export type TSerialPortLike = {
  open(callback: (error: Error | null) => void): void;
  on(event: "data", listener: (data: Buffer) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  set(options: { dtr?: boolean; rts?: boolean }, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  readonly isOpen: boolean;
};

export type TSerialOptions = {
  baudRate: number;
  seconds: number;
  requestLine: boolean;
  /** Opens the port; the real serialport by default, a mock in tests. */
  openPort?: (path: string, baudRate: number) => TSerialPortLike;
  now?: () => number;
};

const realPort = (path: string, baudRate: number): TSerialPortLike => new SerialPort({ path, baudRate, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false });

export function captureSerial(path: string, options: TSerialOptions): Promise<TCaptureResult> {
  const now = options.now ?? Date.now;
  const source = `serial ${path} ${options.baudRate} 8N1`;
  return new Promise((resolve) => {
    let port: TSerialPortLike;
    try {
      port = (options.openPort ?? realPort)(path, options.baudRate);
    } catch (e) {
      resolve({ ok: false, error: `cannot use ${path}: ${(e as Error).message}` });
      return;
    }
    const chunks: { at: number; bytes: Uint8Array }[] = [];
    let requestAt: number | null = null;
    let settled = false;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      const done = () => resolve(error ? { ok: false, error } : { ok: true, capture: captureFromChunks(source, chunks, requestAt, now()) });
      if (port.isOpen) port.close(() => done());
      else done();
    };
    port.on("data", (data: Buffer) => chunks.push({ at: now(), bytes: new Uint8Array(data) }));
    port.on("error", (e: Error) => finish(`${path}: ${e.message}`));
    port.open((error) => {
      if (error) return finish(`cannot open ${path}: ${error.message}`);
      const start = () => setTimeout(() => finish(null), options.seconds * 1000);
      if (!options.requestLine) return start();
      port.set({ dtr: true, rts: true }, (e) => {
        if (e) return finish(`${path}: cannot raise the request line (DTR/RTS): ${e.message}`);
        requestAt = now();
        start();
      });
    });
  });
}
