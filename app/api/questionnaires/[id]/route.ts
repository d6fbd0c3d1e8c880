import { authorizeQuestionnaire } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok(await loadQuestionnaire((await authorizeQuestionnaire(request, (await params).id, "read-draft")).questionnaireId)));
}
