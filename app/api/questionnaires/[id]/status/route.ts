import { authorizeQuestionnaire } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { questionnaireStatus } from "@/lib/server/questionnaires";

/** The current draft's problems and profile size, with its revision: what an autosave leaves to compute after it answers. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok(await questionnaireStatus((await authorizeQuestionnaire(request, (await params).id, "read-draft")).questionnaireId)));
}
