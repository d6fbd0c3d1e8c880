import { mergeParts } from "../merge";
import type { TWorkerRequest } from "../pool";
import { renderPartPdf } from "./pdf-blocks";
import { WARMUP_PART } from "./warmup";

/** What a render worker does with one request from the pool. */
export function runWorkerJob(request: TWorkerRequest): Promise<Uint8Array> {
  return request.kind === "part" ? renderPartPdf(request.part) : mergeParts(request.model, request.parts);
}

/** Renders the sample part once, so that V8 optimises react-pdf before the first real document (see warmup.ts). */
export async function warmUp(): Promise<void> {
  await renderPartPdf(WARMUP_PART);
}
