import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AcceptInvitation } from "@/components/account/accept-invitation";
import { invitationView } from "@/components/account/invitation-view";
import { authorizeInvitation } from "@/lib/server/access";
import { HttpError } from "@/lib/server/http";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

/** An invitation link: join the workspace after signing in, or signing up, with the invited email. */
export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const view = await invitationView(id);
  if (!view) notFound();
  if (view.state === "closed") return <><h1>Invitation</h1><p>{view.message}</p></>;
  const inv = view.invitation;
  const refusal = await authorizeInvitation(await headers(), id).then(
    () => null,
    (e: unknown) => {
      if (e instanceof HttpError) return e;
      throw e;
    },
  );
  const here = `/invitations/${id}`;
  return (
    <>
      <h1>Join {inv.workspace}</h1>
      <p>{inv.inviter} invites <strong>{inv.email}</strong> to the workspace {inv.workspace} of the PRIME+ profile tool, as {inv.role === "editor" ? "an editor" : `a ${inv.role}`}.</p>
      {refusal === null && <AcceptInvitation id={id} workspace={inv.workspace} />}
      {refusal?.status === 401 && (
        <ul>
          <li><Link href={`/sign-up?invitation=${id}`}>Create an account with {inv.email}</Link></li>
          <li><Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> if you have an account with this address</li>
        </ul>
      )}
      {refusal && refusal.status !== 401 && <p role="alert">{refusal.message} <Link href="/sign-out">Sign out</Link></p>}
    </>
  );
}
