import { download, respond } from "@/lib/server/http";
import { loadVersion } from "@/lib/server/profiles";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadVersion(request, (await params).id);
    return download(`${JSON.stringify(v.profile, null, 2)}\n`, `prime-plus-profile-v${v.number}.json`, "application/json");
  });
}
