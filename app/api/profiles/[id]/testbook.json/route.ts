import { download, respond } from "@/lib/server/http";
import { loadTestbookVersion, testbookOf } from "@/lib/server/profiles";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadTestbookVersion(request, (await params).id);
    return download(`${JSON.stringify(testbookOf(v.profile), null, 2)}\n`, `prime-plus-testbook-v${v.number}.json`, "application/json");
  });
}
