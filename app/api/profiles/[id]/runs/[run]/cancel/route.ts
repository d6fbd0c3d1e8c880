import { authorize } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { getRuns } from "@/lib/server/runs";

/** Stops the run after its current check; what has run still becomes a results set. */
export function POST(request: Request, { params }: { params: Promise<{ id: string; run: string }> }) {
  return respond(async () => {
    const { id, run } = await params;
    return ok({ run: getRuns().cancel(await authorize(request, id, "start-run"), run) }, 202);
  });
}
