"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { RESULTS_LINK_MAX_DAYS, RESULTS_LINK_MAX_UPLOADS, RESULTS_UPLOAD_MAX_TEXT } from "@/lib/testbook/results-limits";

export type TResultsLinkRow = { token: string; path: string; laboratory: string; lastDay: string; uploads: number; state: "active" | "expired" | "revoked"; revokedOn: string | null };

const STATE: Record<TResultsLinkRow["state"], string> = { active: "Works", expired: "Expired", revoked: "Revoked" };

/**
 * The owner's results links: one per laboratory that sends results, with the last day it works.
 * A results link uploads results and reads the testbook, nothing else; it can be revoked.
 */
export function ResultsLinks({ refId, links, defaultLastDay }: { refId: string; links: TResultsLinkRow[]; defaultLastDay: string }) {
  const router = useRouter();
  const id = useId();
  const [message, setMessage] = useState<{ ok: boolean; text: string; path?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function call(url: string, init: RequestInit): Promise<{ ok: boolean; data: { error?: string; path?: string; issues?: { message: string }[] } }> {
    const response = await fetch(url, init);
    return { ok: response.ok, data: (await response.json()) as { error?: string; path?: string; issues?: { message: string }[] } };
  }
  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget.elements;
    const laboratory = (form.namedItem("laboratory") as HTMLInputElement).value.trim();
    const expiresOn = (form.namedItem("expires-on") as HTMLInputElement).value;
    if (!laboratory) return setMessage({ ok: false, text: "Laboratory name: write the name of the laboratory the link is for." });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return setMessage({ ok: false, text: "Last day: choose the last day the link works." });
    setBusy(true);
    try {
      const { ok, data } = await call(`/api/profiles/${refId}/results-links`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ laboratory, expiresOn }) });
      if (!ok || !data.path) return setMessage({ ok: false, text: data.issues?.map((i) => i.message).join("; ") || data.error || "The link could not be created." });
      setMessage({ ok: true, text: `Results link for ${laboratory}:`, path: data.path });
      router.refresh();
    } catch {
      setMessage({ ok: false, text: "The server could not be reached." });
    } finally {
      setBusy(false);
    }
  }
  async function revoke(link: TResultsLinkRow) {
    try {
      const { ok, data } = await call(`/api/profiles/${refId}/results-links/${link.token}`, { method: "DELETE" });
      setMessage(ok ? { ok: true, text: `The results link of ${link.laboratory} is revoked.` } : { ok: false, text: data.error ?? "The link could not be revoked." });
      router.refresh();
    } catch {
      setMessage({ ok: false, text: "The server could not be reached." });
    }
  }
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>Results links for laboratories</h4>
      <p className="hint">
        A results link lets one laboratory read this testbook and upload its results ({RESULTS_LINK_MAX_UPLOADS} uploads at most, each up to {RESULTS_UPLOAD_MAX_TEXT}), and nothing else, until its last day
        (at most {RESULTS_LINK_MAX_DAYS} days ahead, UTC). The read-only share link cannot upload.
      </p>
      <form onSubmit={create} className="filters" noValidate>
        <div className="field">
          <label htmlFor={`${id}-lab`}>Laboratory name</label>
          <input id={`${id}-lab`} name="laboratory" type="text" maxLength={200} required autoComplete="organization" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-until`}>Last day the link works</label>
          <input id={`${id}-until`} name="expires-on" type="date" required defaultValue={defaultLastDay} />
        </div>
        <div className="actions"><button type="submit" className="secondary" disabled={busy}>Create a results link</button></div>
      </form>
      <p role="status" className={message && !message.ok ? "error-message" : undefined}>
        {message?.text} {message?.path && <a href={message.path}>{`${origin}${message.path}`}</a>}
      </p>
      {links.length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <caption className="sr-only">Results links</caption>
            <thead><tr><th scope="col">Laboratory</th><th scope="col">Link</th><th scope="col">Last day</th><th scope="col">Uploads</th><th scope="col">State</th><th scope="col"><span className="sr-only">Action</span></th></tr></thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.token}>
                  <td>{l.laboratory}</td>
                  <td><a href={l.path}>{l.path}</a></td>
                  <td>{l.lastDay}</td>
                  <td>{l.uploads} of {RESULTS_LINK_MAX_UPLOADS}</td>
                  <td>{STATE[l.state]}{l.revokedOn ? ` on ${l.revokedOn}` : ""}</td>
                  <td>{l.state === "active" && <button type="button" className="secondary" onClick={() => void revoke(l)} aria-label={`Revoke the results link of ${l.laboratory}`}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
