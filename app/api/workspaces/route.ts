import { ok, readJson, respond } from "@/lib/server/http";
import { createWorkspace, ZCreateWorkspace } from "@/lib/server/workspaces";

/** Creates a workspace owned by the signed-in person: `{ name }`, the utility's name. */
export function POST(request: Request) {
  return respond(async () => ok(await createWorkspace(request, await readJson(request, ZCreateWorkspace)), 201));
}
