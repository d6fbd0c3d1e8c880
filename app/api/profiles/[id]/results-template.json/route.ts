import { resultsTemplate } from "@/lib/testbook/results";
import { download, respond } from "@/lib/server/http";
import { loadTestbookVersion, testbookOf } from "@/lib/server/profiles";

/** The file a laboratory fills with its verdicts and imports back. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadTestbookVersion(request, (await params).id);
    return download(`${JSON.stringify(resultsTemplate(testbookOf(v.profile)), null, 2)}\n`, `prime-plus-results-v${v.number}.json`, "application/json");
  });
}
