import { authorizeWorkspace } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { setActiveWorkspace, ZSetActive } from "@/lib/server/workspaces";

/** Switches the workspace the signed-in person works in: `{ workspaceId }`. */
export function POST(request: Request) {
  return respond(async () => {
    const { workspaceId } = await readJson(request, ZSetActive);
    const actor = await authorizeWorkspace(request, workspaceId, "read-profile");
    await setActiveWorkspace(actor, request);
    return ok({ workspaceId });
  });
}
