import { connect } from "node:net";
import { captureFromChunks, type TCaptureResult } from "../capture";

/**
 * Reads a P1 byte stream from a TCP source (the simulator's --p1 output) for a while. Opening
 * the connection stands for activating the request line: the simulator starts sending then.
 */
export function captureTcp(host: string, port: number, seconds: number, now: () => number = Date.now): Promise<TCaptureResult> {
  const source = `tcp ${host}:${port}`;
  return new Promise((resolve) => {
    const chunks: { at: number; bytes: Uint8Array }[] = [];
    let requestAt: number | null = null;
    let settled = false;
    const socket = connect({ host, port });
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(error ? { ok: false, error } : { ok: true, capture: captureFromChunks(source, chunks, requestAt, now()) });
    };
    const timer = setTimeout(() => finish(null), seconds * 1000);
    socket.on("connect", () => {
      requestAt = now();
    });
    socket.on("data", (data: Buffer) => chunks.push({ at: now(), bytes: new Uint8Array(data) }));
    socket.on("error", (e: NodeJS.ErrnoException) => finish(requestAt === null ? `cannot connect to ${host}:${port}: ${e.code ?? e.message}` : null));
    socket.on("close", () => finish(null));
  });
}
