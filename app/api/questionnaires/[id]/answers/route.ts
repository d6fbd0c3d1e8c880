import { authorizeQuestionnaire } from "@/lib/server/access";
import { download, respond } from "@/lib/server/http";
import { loadQuestionnaire } from "@/lib/server/questionnaires";
import { answersFileName } from "@/lib/questionnaire/file-name";

/** The answers file as it stands (the published format), complete or not. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const q = await loadQuestionnaire((await authorizeQuestionnaire(request, (await params).id, "read-draft")).questionnaireId);
    return download(`${JSON.stringify(q.draft.values, null, 2)}\n`, answersFileName(q.draft.values), "application/json");
  });
}
