import { z } from "zod";
import { authorizeWorkspace } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { startQuestionnaire } from "@/lib/server/questionnaires";

/** Starts a new questionnaire with the baseline's defaults in the signed-in person's current workspace. */
export function POST(request: Request) {
  return respond(async () => {
    const actor = await authorizeWorkspace(request, "current", "edit-draft");
    await readJson(request, z.strictObject({}));
    const q = await startQuestionnaire(actor);
    return ok({ id: q.id, revision: q.revision }, 201);
  });
}
