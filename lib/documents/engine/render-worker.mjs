// Entry of a document render worker (see ../pool.ts). This folder's package.json makes the
// renderer an ES module: react-pdf only loads as one.
import { parentPort, workerData } from "node:worker_threads";
import { loadWorkerModule } from "../../workers/load.mjs";

const { runWorkerJob, warmUp } = await loadWorkerModule("lib/documents/engine/worker-jobs.ts");
// Requests that arrive meanwhile wait in the port until the listener below is attached.
if (workerData?.warmUp) await warmUp();
parentPort.postMessage({ ready: true });

/** A fresh, exactly sized buffer: Node may hand out slices of a shared pool, which must not be transferred. */
function ownBytes(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

parentPort.on("message", async ({ id, request }) => {
  try {
    const pdf = await runWorkerJob(request);
    const bytes = ownBytes(pdf);
    parentPort.postMessage({ id, ok: true, pdf: bytes }, [bytes.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
