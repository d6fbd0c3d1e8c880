import { authorize } from "@/lib/server/access";
import { ok, parseJsonText, readBytes, respond } from "@/lib/server/http";
import { getRuns } from "@/lib/server/runs";

/** Answers the run's pending assisted question: {"questionId": "1", "answer": "yes" | "no" | "skip"}. */
export function POST(request: Request, { params }: { params: Promise<{ id: string; run: string }> }) {
  return respond(async () => {
    const { id, run } = await params;
    const grant = await authorize(request, id, "start-run");
    const body = parseJsonText(new TextDecoder().decode(await readBytes(request, 4096, "An answer is a few bytes of JSON.")));
    return ok({ run: getRuns().answer(grant, run, body) });
  });
}
