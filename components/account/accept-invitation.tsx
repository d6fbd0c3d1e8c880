"use client";

import { usePostThenGo } from "./use-post-then-go";

/** Joins the workspace the invitation is for, then opens the home page in it. */
export function AcceptInvitation({ id, workspace }: { id: string; workspace: string }) {
  const { error, busy, post } = usePostThenGo();
  const accept = () => post(`/api/invitations/${id}/accept`, {}, { failure: "The invitation could not be accepted.", then: "/" });
  return (
    <>
      <div className="actions"><button type="button" onClick={accept} disabled={busy}>Join {workspace}</button></div>
      {error && <p role="alert" className="error-message">{error}</p>}
    </>
  );
}
