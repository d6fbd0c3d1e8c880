import { z } from "zod";
import { ok, readJson, respond } from "@/lib/server/http";
import { startQuestionnaire } from "@/lib/server/questionnaires";

/** Starts a new questionnaire with the baseline's defaults. */
export function POST(request: Request) {
  return respond(async () => {
    await readJson(request, z.strictObject({}));
    const q = await startQuestionnaire();
    return ok({ id: q.id, revision: q.revision }, 201);
  });
}
