"use client";

import { useState } from "react";
import { postJson } from "./post-json";

/** Ends the session on the server and clears its cookie. */
export function SignOutButton() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    setError(null);
    try {
      const result = await postJson("/api/auth/sign-out");
      if (!result.ok) return setError("Signing out did not work. Please try again.");
      window.location.assign("/sign-in");
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="actions"><button type="button" onClick={signOut} disabled={busy}>Sign out</button></div>
      {error && <p role="alert" className="error-message">{error}</p>}
    </>
  );
}
