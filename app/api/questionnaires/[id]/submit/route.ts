import { z } from "zod";
import { ok, readJson, respond } from "@/lib/server/http";
import { submitQuestionnaire } from "@/lib/server/questionnaires";

/** Freezes the answers as the next numbered version and builds the user profile. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { revision } = await readJson(request, z.strictObject({ revision: z.int().min(0) }));
    const version = await submitQuestionnaire((await params).id, revision);
    return ok({ versionId: version.id, number: version.number }, 201);
  });
}
