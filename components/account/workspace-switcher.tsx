"use client";

import { useId, type FormEvent } from "react";
import { usePostThenGo } from "./use-post-then-go";

/** Chooses the workspace the person works in, when they belong to several. */
export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: { id: string; name: string }[]; currentId: string | null }) {
  const id = useId();
  const { error, busy, post } = usePostThenGo();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const workspaceId = (event.currentTarget.elements.namedItem("workspace") as HTMLSelectElement).value;
    await post("/api/workspaces/active", { workspaceId }, { failure: "The workspace could not be switched.", then: "/" });
  }
  return (
    <form onSubmit={onSubmit} className="workspace-switcher">
      <label htmlFor={id}>Workspace</label>{" "}
      <select id={id} name="workspace" defaultValue={currentId ?? undefined}>
        {workspaces.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
      </select>{" "}
      <button type="submit" className="secondary" disabled={busy}>Switch</button>
      {error && <span role="alert"> {error}</span>}
    </form>
  );
}
