import { authorizeQuestionnaire } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { saveQuestionnaireDraft, ZSaveDraftRequest } from "@/lib/server/questionnaires";

/** Autosave: stores the draft if nobody saved since `revision`, and reports the answers' problems and profile size. */
export function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorizeQuestionnaire(request, (await params).id, "edit-draft");
    const body = await readJson(request, ZSaveDraftRequest);
    return ok(await saveQuestionnaireDraft(grant, body));
  });
}
