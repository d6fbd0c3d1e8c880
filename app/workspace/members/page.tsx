import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { guardPage } from "@/components/account/guard";
import { MembersManager } from "@/components/account/members-manager";
import { authorizeWorkspace, may } from "@/lib/server/access";
import { HttpError } from "@/lib/server/http";
import { membersPage } from "@/lib/server/workspaces";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace members" };

/** The current workspace's members; its owners invite, change roles and remove. */
export default async function MembersPage() {
  const requestHeaders = await headers();
  const page = await guardPage("/workspace/members", async () => {
    const actor = await authorizeWorkspace(requestHeaders, "current", "read-profile").catch((e: unknown) => {
      // In no workspace yet: the home page offers to create one.
      if (e instanceof HttpError && e.status === 409) redirect("/");
      throw e;
    });
    return membersPage(actor, may(actor, "manage-members"));
  });
  return (
    <>
      <h1>Members of {page.workspace.name}</h1>
      <p>{page.canManage ? "Owners manage members and roles; editors edit, submit, share and import results; viewers read." : `You are ${page.workspace.role === "editor" ? "an editor" : "a viewer"} here; the workspace's owners manage its members.`}</p>
      <MembersManager workspaceId={page.workspace.id} members={page.members} invitations={page.invitations} canManage={page.canManage} you={page.you} />
    </>
  );
}
