// Entry of the draft status worker (see lib/server/draft-status.ts): a draft's problems and
// profile size are computed here, off the thread that answers requests.
import { setPriority } from "node:os";
import process from "node:process";
import { parentPort } from "node:worker_threads";
import { loadWorkerModule } from "./load.mjs";

// Statuses are background work: on a busy small machine they must not take a core from the
// request thread and the database. On Linux a thread's nice value is its own (elsewhere it is
// the whole process's, so it is left alone there).
if (process.platform === "linux") {
  try {
    setPriority(19);
  } catch {
    // Not allowed here: the worker keeps its priority.
  }
}

const { statusJob } = await loadWorkerModule("lib/questionnaire/status-job.ts");

parentPort.on("message", ({ id, values }) => {
  try {
    parentPort.postMessage({ id, ok: true, status: statusJob(values) });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? e.name : typeof e });
  }
});
