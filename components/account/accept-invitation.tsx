"use client";

import { useState } from "react";
import { errorText, postJson } from "./post-json";

/** Joins the workspace the invitation is for, then opens the home page in it. */
export function AcceptInvitation({ id, workspace }: { id: string; workspace: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const result = await postJson(`/api/invitations/${id}/accept`);
      if (!result.ok) return setError(errorText(result.data, "The invitation could not be accepted."));
      window.location.assign("/");
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="actions"><button type="button" onClick={accept} disabled={busy}>Join {workspace}</button></div>
      {error && <p role="alert" className="error-message">{error}</p>}
    </>
  );
}
