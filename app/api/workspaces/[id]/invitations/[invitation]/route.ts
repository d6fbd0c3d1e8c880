import { authorizeWorkspace } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { cancelInvitation } from "@/lib/server/workspaces";

/** Withdraws a pending invitation: its link stops working. Owners only. */
export function DELETE(request: Request, { params }: { params: Promise<{ id: string; invitation: string }> }) {
  return respond(async () => {
    const { id, invitation } = await params;
    await cancelInvitation(await authorizeWorkspace(request, id, "manage-members"), request, invitation);
    return ok({ cancelled: invitation });
  });
}
