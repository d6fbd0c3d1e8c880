import { respond } from "@/lib/server/http";
import { profilePdf } from "@/lib/server/documents";
import { loadVersion } from "@/lib/server/profiles";
import { pdfResponse } from "@/lib/server/pdf-response";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const version = await loadVersion(request, (await params).id);
    return pdfResponse(await profilePdf(version), `prime-plus-profile-v${version.number}.pdf`);
  });
}
