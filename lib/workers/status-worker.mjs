// Entry of the draft status worker (see lib/server/draft-status.ts): a draft's problems and
// profile size are computed here, off the thread that answers requests.
import { parentPort } from "node:worker_threads";
import { loadWorkerModule } from "./load.mjs";

const { statusJob } = await loadWorkerModule("lib/questionnaire/status-job.ts");

parentPort.on("message", ({ id, values }) => {
  try {
    parentPort.postMessage({ id, ok: true, status: statusJob(values) });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? e.name : typeof e });
  }
});
