import { getBaseline } from "../baseline/prime-plus";
import { getCatalogue } from "../testbook/catalogue";
import { draftStatusOf, type TDraftStatus } from "./status";

/** What the draft status worker (lib/workers/status-worker.mjs) does with one draft's answers. */
export function statusJob(values: unknown): TDraftStatus {
  return draftStatusOf(values, getBaseline(), getCatalogue());
}
