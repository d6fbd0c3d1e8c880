import { authorize } from "@/lib/server/access";
import { lastEventId, runEventStream } from "@/lib/server/event-stream";
import { respond } from "@/lib/server/http";
import { getRuns } from "@/lib/server/runs";

export const dynamic = "force-dynamic";

/** The run's progress as server-sent events: what happened so far (after Last-Event-ID), then live until it ends. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; run: string }> }) {
  return respond(async () => {
    const { id, run } = await params;
    const watch = getRuns().watch(await authorize(request, id, "watch-run"), run, lastEventId(request));
    return runEventStream(watch, request.signal);
  });
}
