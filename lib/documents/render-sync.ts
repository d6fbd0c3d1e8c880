import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { workerFile } from "../workers/file";
import type { TSyncJob, TSyncResult } from "./engine/sync-jobs";

export type { TSyncJob, TSyncResult };

/** A render that takes longer than this is treated as lost (a worker killed from outside). */
const TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Renders documents to files and returns only when they are written, for synchronous callers
 * (the CLI commands return a string). The rendering runs in a worker, with the usual pool and
 * cache; this thread sleeps on an Atomics.wait until the worker signals, then reads its message.
 */
export function renderDocumentsSync(jobs: TSyncJob[]): TSyncResult[] {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile("lib/documents/engine/sync-worker.mjs"), {
    workerData: { signal, port: port2, jobs },
    transferList: [port2],
  });
  const deadline = Date.now() + TIMEOUT_MS;
  while (Atomics.load(signal, 0) === 0) {
    if (Atomics.wait(signal, 0, 0, Math.max(0, deadline - Date.now())) === "timed-out") {
      void worker.terminate();
      throw new Error(`rendering the documents took more than ${TIMEOUT_MS / 60000} minutes`);
    }
  }
  const reply = receiveMessageOnPort(port1)?.message as { ok: true; results: TSyncResult[] } | { ok: false; error: string } | undefined;
  port1.close();
  void worker.terminate();
  if (!reply) throw new Error("the document worker ended without an answer");
  if (!reply.ok) throw new Error(`rendering the documents failed: ${reply.error}`);
  return reply.results;
}
