import { authorizeWorkspace } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { inviteMember, ZInvite } from "@/lib/server/workspaces";

/** Invites a colleague: `{ email, role }`; returns the link to copy (also emailed when SMTP is configured). Owners only. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const actor = await authorizeWorkspace(request, (await params).id, "manage-members");
    return ok(await inviteMember(actor, request, await readJson(request, ZInvite)), 201);
  });
}
