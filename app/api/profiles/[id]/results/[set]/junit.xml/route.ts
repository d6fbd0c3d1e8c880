import { authorize } from "@/lib/server/access";
import { download, respond } from "@/lib/server/http";
import { testbookOf } from "@/lib/server/profiles";
import { loadSet, setNumber } from "@/lib/server/results";
import { resultsJunit } from "@/lib/testbook/results-junit";

/** One results set as JUnit XML, with requirement ids as properties. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; set: string }> }) {
  return respond(async () => {
    const { id, set } = await params;
    const grant = await authorize(request, id, "read-results");
    const s = await loadSet(grant, setNumber(set));
    return download(resultsJunit(testbookOf(grant.version.profile), s), `prime-plus-results-v${grant.version.number}-set${s.number}.junit.xml`, "application/xml");
  });
}
