import { authorize } from "@/lib/server/access";
import { MAX_BODY_BYTES, ok, parseJsonText, readBytes, respond } from "@/lib/server/http";
import { getRuns } from "@/lib/server/runs";

/**
 * Starts a run of the profile's testbook against a meter (JSON body, see ZRunRequest): 202 with the
 * run's id while it goes on; its progress is at ./<run>/events. The secrets in the body serve this
 * run only: held in memory until it ends, never stored, logged or returned.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorize(request, (await params).id, "start-run");
    const body = parseJsonText(new TextDecoder().decode(await readBytes(request, MAX_BODY_BYTES, "The request is larger than 1 MiB.")));
    return ok({ run: getRuns().start(grant, body) }, 202);
  });
}

/** The runs of this profile the server holds, newest first. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok({ runs: getRuns().list(await authorize(request, (await params).id, "watch-run")) }));
}
