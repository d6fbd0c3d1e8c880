import { authorizeInvitation } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { acceptInvitation } from "@/lib/server/workspaces";

/** Joins the workspace of an invitation addressed to the signed-in person's email. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { invitation } = await authorizeInvitation(request, (await params).id);
    return ok(await acceptInvitation(request, invitation));
  });
}
