"use client";

import { useId, type FormEvent } from "react";
import { usePostThenGo } from "./use-post-then-go";

/** For a signed-in person in no workspace: start their utility's own. */
export function CreateWorkspaceForm() {
  const id = useId();
  const { error, setError, busy, post } = usePostThenGo();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = (event.currentTarget.elements.namedItem("workspace") as HTMLInputElement).value.trim();
    if (name.length < 2) return setError("Utility: enter the name of your utility (at least 2 characters); it names your workspace.");
    await post("/api/workspaces", { name }, { failure: "The workspace could not be created.", then: "/" });
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
