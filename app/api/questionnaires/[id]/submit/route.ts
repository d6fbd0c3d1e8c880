import { z } from "zod";
import { authorizeQuestionnaire } from "@/lib/server/access";
import { ok, readJson, respond, ZRevision } from "@/lib/server/http";
import { submitQuestionnaire } from "@/lib/server/questionnaires";

/** Freezes the answers as the next numbered version and builds the user profile. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorizeQuestionnaire(request, (await params).id, "submit");
    const { revision } = await readJson(request, z.strictObject({ revision: ZRevision }));
    const version = await submitQuestionnaire(grant, revision);
    return ok({ versionId: version.id, number: version.number }, 201);
  });
}
