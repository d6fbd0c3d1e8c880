import { download, respond } from "@/lib/server/http";
import { loadVersion } from "@/lib/server/profiles";
import { answersFileName } from "@/lib/questionnaire/file-name";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadVersion(request, (await params).id);
    return download(`${JSON.stringify(v.answers, null, 2)}\n`, answersFileName(v.answers, v.number), "application/json");
  });
}
