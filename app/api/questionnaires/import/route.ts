import { z } from "zod";
import { ok, readJson, respond } from "@/lib/server/http";
import { startQuestionnaire } from "@/lib/server/questionnaires";

/** Starts a questionnaire from an answers file (the body); an invalid file is refused with every problem. */
export function POST(request: Request) {
  return respond(async () => {
    const answers = await readJson(request, z.unknown());
    const q = await startQuestionnaire(answers);
    return ok({ id: q.id, revision: q.revision }, 201);
  });
}
