import "server-only";
import { getDatabase } from "@/lib/server/db";
import { findInvitation, type TInvitationRow } from "@/lib/server/workspace-repository";

export type TInvitationView = { state: "open"; invitation: TInvitationRow } | { state: "closed"; message: string };

/** What an invitation link shows before anyone signs in: the workspace, the role and the address it is for. */
export async function invitationView(id: string, now = new Date()): Promise<TInvitationView | null> {
  const invitation = await findInvitation(await getDatabase(), id);
  if (!invitation) return null;
  if (invitation.status === "accepted") return { state: "closed", message: "This invitation was accepted already. Sign in to open the workspace." };
  if (invitation.status !== "pending") return { state: "closed", message: "This invitation was withdrawn. Ask the workspace's owner for a new one." };
  if (Date.parse(invitation.expiresAt) <= now.getTime()) return { state: "closed", message: "This invitation has expired. Ask the workspace's owner for a new one." };
  return { state: "open", invitation };
}
