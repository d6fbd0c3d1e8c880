import { mergeParts } from "../merge";
import type { TWorkerRequest } from "../pool";
import { renderPartPdf } from "./pdf-blocks";

/** What a render worker does with one request from the pool. */
export function runWorkerJob(request: TWorkerRequest): Promise<Uint8Array> {
  return request.kind === "part" ? renderPartPdf(request.part) : mergeParts(request.model, request.parts);
}
