import { authorize } from "@/lib/server/access";
import { download, respond } from "@/lib/server/http";
import { loadEvidence, setNumber } from "@/lib/server/results";

/** The evidence archive a conformance run left with its results set. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; set: string }> }) {
  return respond(async () => {
    const { id, set } = await params;
    const grant = await authorize(request, id, "read-results");
    const evidence = await loadEvidence(grant, setNumber(set));
    const response = download(evidence.zip, `prime-plus-evidence-v${grant.version.number}-set${evidence.set.number}.zip`, "application/zip");
    response.headers.set("x-content-sha256", evidence.sha256);
    return response;
  });
}
