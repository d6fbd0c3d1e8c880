import { authorize } from "@/lib/server/access";
import { respond } from "@/lib/server/http";
import { pdfResponse } from "@/lib/server/pdf-response";
import { loadEvidenceFile, setNumber } from "@/lib/server/results";

/** The run report of a conformance run's results set, from its evidence archive. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; set: string }> }) {
  return respond(async () => {
    const { id, set } = await params;
    const grant = await authorize(request, id, "read-results");
    const number = setNumber(set);
    const pdf = await loadEvidenceFile(grant, number, "report.pdf");
    return pdfResponse(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), `prime-plus-run-report-v${grant.version.number}-set${number}.pdf`);
  });
}
