import { testbookXrayCsv } from "@/lib/export/xray-csv";
import { download, respond } from "@/lib/server/http";
import { loadTestbookVersion, testbookOf } from "@/lib/server/profiles";

/** The testbook for Xray's Test Case Importer. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadTestbookVersion(request, (await params).id);
    return download(testbookXrayCsv(testbookOf(v.profile)), `prime-plus-testbook-v${v.number}.xray.csv`, "text/csv");
  });
}
