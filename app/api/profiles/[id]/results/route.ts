import { authorize } from "@/lib/server/access";
import { ok, readBytes, respond } from "@/lib/server/http";
import { uploadResults, visibleSets } from "@/lib/server/results";
import { RESULTS_UPLOAD_MAX_BYTES, RESULTS_UPLOAD_MAX_TEXT } from "@/lib/testbook/results-limits";

/**
 * Imports a laboratory's results as a new numbered set: a results file (application/json) or
 * the filled testbook.csv (text/csv), at most 16 MiB. `?laboratory=` names the laboratory when
 * the owner uploads a CSV; a results link's uploads carry its laboratory's name.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorize(request, (await params).id, "upload-results");
    const bytes = await readBytes(request, RESULTS_UPLOAD_MAX_BYTES, `The file is larger than ${RESULTS_UPLOAD_MAX_TEXT}, the most one upload of results may be.`);
    const laboratory = new URL(request.url).searchParams.get("laboratory") ?? undefined;
    const set = await uploadResults(grant, { contentType: request.headers.get("content-type"), bytes, ...(laboratory !== undefined ? { laboratory } : {}) });
    return ok({ id: set.id, number: set.number, laboratory: set.laboratory, source: set.source, summary: set.summary }, 201);
  });
}

/** The results sets this link may see, newest first. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok({ sets: await visibleSets(await authorize(request, (await params).id, "read-results")) }));
}
