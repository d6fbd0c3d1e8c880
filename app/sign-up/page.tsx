import type { Metadata } from "next";
import Link from "next/link";
import { invitationView } from "@/components/account/invitation-view";
import { currentUser } from "@/components/account/session";
import { SignUpForm } from "@/components/account/sign-up-form";
import { safeNext } from "@/lib/account/forms";
import { getDatabase } from "@/lib/server/db";
import { countUsers } from "@/lib/server/workspace-repository";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an account" };

type TProps = { searchParams: Promise<{ next?: string | string[]; invitation?: string | string[] }> };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignUpPage({ searchParams }: TProps) {
  const search = await searchParams;
  const next = safeNext(first(search.next));
  const invitationId = first(search.invitation);
  const view = invitationId ? await invitationView(invitationId) : null;
  const invitation = view?.state === "open" ? { id: view.invitation.id, email: view.invitation.email, workspace: view.invitation.workspace } : null;
  const firstAccount = (await countUsers(await getDatabase())) === 0;
  const user = await currentUser();
  return (
    <>
      <h1>{firstAccount ? "Create the first account" : "Create an account"}</h1>
      {user ? (
        <p>You are signed in as {user.name} ({user.email}). <Link href="/">Go to the home page</Link> or <Link href="/sign-out">sign out</Link> to create another account.</p>
      ) : (
        <>
          {view?.state === "closed" && <p role="alert">{view.message}</p>}
          {firstAccount && <p>This installation has no account yet. The first account owns its first workspace and invites colleagues into it.</p>}
          <SignUpForm invitation={invitation} firstAccount={firstAccount} next={next} />
          {!firstAccount && <p>Have an account already? <Link href={invitation ? `/sign-in?next=${encodeURIComponent(`/invitations/${invitation.id}`)}` : "/sign-in"}>Sign in</Link>.</p>}
        </>
      )}
    </>
  );
}
