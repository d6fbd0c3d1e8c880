import { checkP1Upload, ZP1CheckRequest } from "@/lib/p1/upload";
import { authorize } from "@/lib/server/access";
import { HttpError, ok, readJson, respond } from "@/lib/server/http";
import { testbookOf } from "@/lib/server/profiles";

/**
 * Checks an uploaded P1 capture against the profile and returns the report with its verdicts as
 * a results set; the keys in the body serve this check only and are neither stored nor returned.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { version } = await authorize(request, (await params).id, "check-p1");
    const input = await readJson(request, ZP1CheckRequest);
    const result = checkP1Upload(version.profile, testbookOf(version.profile), input, new Date());
    if (!result.ok) throw new HttpError(result.status, result.error);
    return ok(result.value);
  });
}
