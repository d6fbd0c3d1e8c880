import { testbookCsv } from "@/lib/export/testbook-csv";
import { download, respond } from "@/lib/server/http";
import { loadTestbookVersion, testbookOf } from "@/lib/server/profiles";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadTestbookVersion(request, (await params).id);
    return download(testbookCsv(testbookOf(v.profile)), `prime-plus-testbook-v${v.number}.csv`, "text/csv");
  });
}
