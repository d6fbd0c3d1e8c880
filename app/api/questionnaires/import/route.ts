import { z } from "zod";
import { authorizeWorkspace } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { startQuestionnaire } from "@/lib/server/questionnaires";

/** Starts a questionnaire from an answers file (the body); an invalid file is refused with every problem. */
export function POST(request: Request) {
  return respond(async () => {
    const actor = await authorizeWorkspace(request, "current", "edit-draft");
    const answers = await readJson(request, z.unknown());
    const q = await startQuestionnaire(actor, answers);
    return ok({ id: q.id, revision: q.revision }, 201);
  });
}
