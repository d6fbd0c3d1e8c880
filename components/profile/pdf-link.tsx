"use client";

import { useState, type MouseEvent } from "react";

/**
 * A PDF download that says what is happening: a document not rendered yet takes seconds, so the
 * link shows "preparing" and then the download progress. Without script it is a plain link.
 */
export function PdfLink({ href, label, fileName, className }: { href: string; label: string; fileName: string; className?: string }) {
  const [state, setState] = useState<string | null>(null);
  async function onClick(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (state) return;
    setState("Preparing the document…");
    try {
      const response = await fetch(href);
      if (!response.ok || !response.body) {
        const data = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(data.error ?? "The document could not be made.");
      }
      const total = Number(response.headers.get("content-length") ?? "0");
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        if (total) setState(`Downloading… ${Math.round((received / total) * 100)} %`);
      }
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/pdf" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState(null);
    } catch (e) {
      setState((e as Error).message);
      setTimeout(() => setState(null), 8000);
    }
  }
  return (
    <>
      <a href={href} onClick={onClick} className={className} aria-busy={state !== null && state.endsWith("…")}>
        {label}
      </a>
      <span role="status" aria-live="polite" className="muted" style={{ marginLeft: "0.5rem" }}>{state ?? ""}</span>
    </>
  );
}
