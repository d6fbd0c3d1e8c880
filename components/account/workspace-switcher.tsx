"use client";

import { useId, useState, type FormEvent } from "react";
import { errorText, postJson } from "./post-json";

/** Chooses the workspace the person works in, when they belong to several. */
export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: { id: string; name: string }[]; currentId: string | null }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const workspaceId = (event.currentTarget.elements.namedItem("workspace") as HTMLSelectElement).value;
    try {
      const result = await postJson("/api/workspaces/active", { workspaceId });
      if (!result.ok) return setError(errorText(result.data, "The workspace could not be switched."));
      window.location.assign("/");
    } catch {
      setError("The server could not be reached.");
    }
  }
  return (
    <form onSubmit={onSubmit} className="workspace-switcher">
      <label htmlFor={id}>Workspace</label>{" "}
      <select id={id} name="workspace" defaultValue={currentId ?? undefined}>
        {workspaces.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
      </select>{" "}
      <button type="submit" className="secondary">Switch</button>
      {error && <span role="alert"> {error}</span>}
    </form>
  );
}
