import { authorizeWorkspace } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { changeMemberRole, removeMember, ZChangeRole } from "@/lib/server/workspaces";

type TParams = { params: Promise<{ id: string; member: string }> };

/** Changes a member's role: `{ role }`. Owners only; a workspace keeps at least one owner. */
export function PATCH(request: Request, { params }: TParams) {
  return respond(async () => {
    const { id, member } = await params;
    const actor = await authorizeWorkspace(request, id, "manage-members");
    const { role } = await readJson(request, ZChangeRole);
    return ok({ member: await changeMemberRole(actor, request, member, role) });
  });
}

/** Removes a member from the workspace. Owners only; a workspace keeps at least one owner. */
export function DELETE(request: Request, { params }: TParams) {
  return respond(async () => {
    const { id, member } = await params;
    await removeMember(await authorizeWorkspace(request, id, "manage-members"), request, member);
    return ok({ removed: member });
  });
}
