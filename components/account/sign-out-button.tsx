"use client";

import { usePostThenGo } from "./use-post-then-go";

/** Ends the session on the server and clears its cookie. */
export function SignOutButton() {
  const { error, busy, post } = usePostThenGo();
  const signOut = () => post("/api/auth/sign-out", {}, { failure: "Signing out did not work. Please try again.", then: "/sign-in" });
  return (
    <>
      <div className="actions"><button type="button" onClick={signOut} disabled={busy}>Sign out</button></div>
      {error && <p role="alert" className="error-message">{error}</p>}
    </>
  );
}
