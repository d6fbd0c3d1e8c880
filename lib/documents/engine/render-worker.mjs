// Entry of a document render worker (see ../pool.ts). A worker thread starts as plain Node, even
// when its parent runs under tsx or vitest, so it registers tsx itself before importing the
// TypeScript renderer. This folder's package.json makes the renderer an ES module: react-pdf
// only loads as one.
import { parentPort, workerData } from "node:worker_threads";
import { register as registerCommonJs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

// Both loaders: the project's .ts files outside engine/ are CommonJS (package.json has no "type").
register();
registerCommonJs();
const { runWorkerJob } = await import("./worker-jobs.ts");
if (workerData?.warmUp) {
  // Requests that arrive meanwhile wait in the port until the listener below is attached.
  const { WARMUP_PART } = await import("./warmup.ts");
  await runWorkerJob({ kind: "part", part: WARMUP_PART });
}

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
