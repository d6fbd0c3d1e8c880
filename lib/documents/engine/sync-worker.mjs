// Entry of the worker behind render-sync.ts: renders documents with the usual worker pool and
// cache, writes each PDF to its file, then wakes the blocked caller. Every outcome, crash
// included, ends with a message and a notify, so the caller never waits for nothing.
import process from "node:process";
import { workerData } from "node:worker_threads";
import { loadWorkerModule } from "../../workers/load.mjs";

const { signal, port, jobs } = workerData;

function finish(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

process.on("uncaughtException", (e) => finish({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));

try {
  const { renderJobsToFiles } = await loadWorkerModule("lib/documents/engine/sync-jobs.ts");
  finish({ ok: true, results: await renderJobsToFiles(jobs) });
} catch (e) {
  finish({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
process.exit(0);
