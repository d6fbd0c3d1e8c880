"use client";

import { useState } from "react";

/** Creates (or reuses) a read-only link to this version for a laboratory. */
export function ShareButton({ refId }: { refId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function share() {
    setError(null);
    try {
      const response = await fetch(`/api/profiles/${refId}/share`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      const data = (await response.json()) as { path?: string; error?: string };
      if (!response.ok || !data.path) throw new Error(data.error ?? "The link could not be created.");
      setUrl(`${window.location.origin}${data.path}`);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={share}>Create a read-only link for a laboratory</button>
      <span role="status" aria-live="polite">
        {url && <>Read-only link: <a href={url}>{url}</a></>}
        {error && <span className="error-message">{error}</span>}
      </span>
    </>
  );
}
