import { respond } from "@/lib/server/http";
import { testbookPdf } from "@/lib/server/documents";
import { loadTestbookVersion } from "@/lib/server/profiles";
import { pdfResponse } from "@/lib/server/pdf-response";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const version = await loadTestbookVersion(request, (await params).id);
    return pdfResponse(await testbookPdf(version), `prime-plus-testbook-v${version.number}.pdf`);
  });
}
