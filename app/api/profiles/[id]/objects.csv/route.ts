import { objectsCsv } from "@/lib/export/objects-csv";
import { download, respond } from "@/lib/server/http";
import { loadVersion } from "@/lib/server/profiles";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadVersion(request, (await params).id);
    return download(objectsCsv(v.profile), `prime-plus-objects-v${v.number}.csv`, "text/csv");
  });
}
