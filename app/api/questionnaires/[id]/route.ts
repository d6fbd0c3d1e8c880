import { ok, respond } from "@/lib/server/http";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok(await loadQuestionnaire((await params).id)));
}
