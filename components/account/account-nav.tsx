import Link from "next/link";
import { accountSummary } from "@/lib/server/workspaces";
import { currentUser } from "./session";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** The header's account links: sign-in, or who is signed in, their workspace's members and sign-out. */
export async function AccountNav() {
  const summary = await accountSummary(await currentUser());
  if (!summary) return <Link href="/sign-in">Sign in</Link>;
  const current = summary.workspaces.find((w) => w.id === summary.currentId);
  return (
    <>
      {current && <Link href="/workspace/members">Members of {current.name}</Link>}
      {summary.workspaces.length > 1 && <WorkspaceSwitcher workspaces={summary.workspaces} currentId={summary.currentId} />}
      <span className="account-name">{summary.user.name}</span>
      <Link href="/sign-out">Sign out</Link>
    </>
  );
}
