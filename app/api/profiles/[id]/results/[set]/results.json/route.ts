import { authorize } from "@/lib/server/access";
import { download, respond } from "@/lib/server/http";
import { testbookOf } from "@/lib/server/profiles";
import { loadSet, setNumber } from "@/lib/server/results";
import { RESULTS_FORMAT_VERSION, type TResultsFile } from "@/lib/testbook/results";

/** One results set as a results file, the format it can be imported from again. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; set: string }> }) {
  return respond(async () => {
    const { id, set } = await params;
    const grant = await authorize(request, id, "read-results");
    const s = await loadSet(grant, setNumber(set));
    const tb = testbookOf(grant.version.profile);
    const file: TResultsFile = {
      resultsFormatVersion: RESULTS_FORMAT_VERSION,
      testbook: { id: s.testbookId ?? tb.id, profileId: tb.profile.id, catalogueVersion: tb.catalogue.version },
      laboratory: { name: s.laboratory, meter: s.meter },
      results: s.results,
    };
    return download(`${JSON.stringify(file, null, 2)}\n`, `prime-plus-results-v${grant.version.number}-set${s.number}.json`, "application/json");
  });
}
