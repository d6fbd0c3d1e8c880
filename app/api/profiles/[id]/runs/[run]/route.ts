import { authorize } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { getRuns } from "@/lib/server/runs";

/** Where one run stands; a 404 saying so when the server no longer holds it. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; run: string }> }) {
  return respond(async () => {
    const { id, run } = await params;
    return ok({ run: getRuns().summary(await authorize(request, id, "watch-run"), run) });
  });
}
