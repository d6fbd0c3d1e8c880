"use client";

import { useId, useState, type FormEvent } from "react";
import { errorText, postJson } from "./post-json";

/** For a signed-in person in no workspace: start their utility's own. */
export function CreateWorkspaceForm() {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = (event.currentTarget.elements.namedItem("workspace") as HTMLInputElement).value.trim();
    if (name.length < 2) return setError("Utility: enter the name of your utility (at least 2 characters); it names your workspace.");
    setBusy(true);
    setError(null);
    try {
      const result = await postJson("/api/workspaces", { name });
      if (!result.ok) return setError(errorText(result.data, "The workspace could not be created."));
      window.location.assign("/");
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="card">
      <div className="field" data-invalid={error ? "true" : undefined}>
        <label htmlFor={id}>Utility</label>
        <p className="hint" id={`${id}-hint`}>Names your workspace; you invite your colleagues into it.</p>
        <input id={id} name="workspace" type="text" autoComplete="organization" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} aria-invalid={error ? true : undefined} />
        {error && <p className="error-message" id={`${id}-error`}>{error}</p>}
      </div>
      <div className="actions"><button type="submit" disabled={busy}>Create the workspace</button></div>
    </form>
  );
}
