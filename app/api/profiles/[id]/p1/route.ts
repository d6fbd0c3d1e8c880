import { checkP1Upload, ZP1CheckRequest } from "@/lib/p1/upload";
import { HttpError, ok, readJson, respond } from "@/lib/server/http";
import { loadVersionByRef, testbookOf } from "@/lib/server/profiles";

/**
 * Checks an uploaded P1 capture against the profile and returns the report with its verdicts as
 * a results set; the keys in the body serve this check only and are neither stored nor returned.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const input = await readJson(request, ZP1CheckRequest);
    const { version } = await loadVersionByRef((await params).id);
    const result = checkP1Upload(version.profile, testbookOf(version.profile), input, new Date());
    if (!result.ok) throw new HttpError(result.status, result.error);
    return ok(result.value);
  });
}
