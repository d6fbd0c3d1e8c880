"use client";

import { useId, useState, type FormEvent } from "react";
import { toBase64 } from "@/lib/p1/bytes";
import { reportHtml } from "@/lib/p1/report-html";
import type { TP1CheckResponse } from "@/lib/p1/upload";
import { P1_TIMES_MAX_BYTES, P1_UPLOAD_MAX_BYTES } from "@/lib/p1/upload-limits";
import { P1ReportView } from "./p1-report-view";
import styles from "./p1.module.css";

type TIssue = { path: string; message: string };

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Upload of a P1 capture with the keys for this check only: they go with the request, are not
 * kept by the server, and the form forgets them when the page is left.
 */
/** `canSave` is false on a read-only share link: it may check a capture but never store anything. */
export function P1CheckForm({ refId, canSave, encrypted, defaultAuthKey }: { refId: string; canSave: boolean; encrypted: boolean; defaultAuthKey: string }) {
  const id = useId();
  const [error, setError] = useState<{ message: string; issues: TIssue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TP1CheckResponse | null>(null);
  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget.elements;
    const file = (form.namedItem("capture") as HTMLInputElement).files?.[0];
    const timesFile = (form.namedItem("times") as HTMLInputElement).files?.[0];
    const tolerance = (form.namedItem("tolerance") as HTMLInputElement).value.trim();
    const encryption = encrypted ? (form.namedItem("encryption-key") as HTMLInputElement).value : "";
    const authentication = encrypted ? (form.namedItem("authentication-key") as HTMLInputElement).value : "";
    if (!file) return setError({ message: "Capture file: choose the file recorded from the P1 port.", issues: [] });
    if (file.size > P1_UPLOAD_MAX_BYTES) return setError({ message: `Capture file: ${Math.ceil(file.size / 1024)} KiB is larger than the 512 KiB the web check accepts; use the command line for longer captures.`, issues: [] });
    if (timesFile && timesFile.size > P1_TIMES_MAX_BYTES) return setError({ message: "Receive times: the file is larger than 256 KiB.", issues: [] });
    if (tolerance !== "" && !/^\d{1,4}$/.test(tolerance)) return setError({ message: "Tolerance: a whole number of milliseconds from 0 to 5000.", issues: [] });
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const body = {
        capture: { name: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) },
        ...(timesFile ? { times: await timesFile.text() } : {}),
        keys: { encryption, authentication },
        ...(tolerance !== "" ? { toleranceMs: Number(tolerance) } : {}),
      };
      const response = await fetch(`/api/profiles/${refId}/p1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = (await response.json()) as TP1CheckResponse & { error?: string; issues?: TIssue[] };
      if (!response.ok) {
        setResult(null);
        return setError({ message: data.error ?? "The capture could not be checked.", issues: data.issues ?? [] });
      }
      setResult({ report: data.report, results: data.results });
    } catch {
      setError({ message: "The server could not be reached.", issues: [] });
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!result) return;
    setSaved(null);
    try {
      const response = await fetch(`/api/profiles/${refId}/results`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(result.results) });
      const data = (await response.json()) as { error?: string; summary?: { pass: number; fail: number; inconclusive: number } };
      if (!response.ok || !data.summary) return setSaved({ ok: false, text: data.error ?? "The verdicts could not be saved." });
      setSaved({ ok: true, text: `Saved as a results set: ${data.summary.pass} PASS, ${data.summary.fail} FAIL, ${data.summary.inconclusive} INCONCLUSIVE. The testbook page shows them.` });
    } catch {
      setSaved({ ok: false, text: "The server could not be reached." });
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} className="card" aria-label="Check a P1 capture" noValidate>
        <div className="field">
          <label htmlFor={`${id}-capture`}>Capture file</label>
          <p className="hint">The bytes recorded from the P1 data line (one or more telegrams or encrypted frames; it may start or end inside one), or a .jsonl capture of {"{\"t\": ms, \"hex\": \"…\"}"} lines. At most 512 KiB.</p>
          <input id={`${id}-capture`} name="capture" type="file" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-times`}>Receive times (optional)</label>
          <p className="hint">A JSON array of the receive time in milliseconds of each telegram or frame, or {"{\"request\": ms, \"times\": [...]}"}; .jsonl captures carry their own times.</p>
          <input id={`${id}-times`} name="times" type="file" accept="application/json,.json" />
        </div>
        {encrypted && (
          <>
            <div className="field">
              <label htmlFor={`${id}-key`}>P1 encryption key</label>
              <p className="hint">32 hexadecimal digits; several keys separated by spaces when the capture spans a key change. Used for this check only: it is neither stored nor written in the report.</p>
              <input id={`${id}-key`} name="encryption-key" type="text" className={styles.keyInput} autoComplete="off" spellCheck={false} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-auth`}>Authentication key</label>
              <p className="hint">The fixed key of the P1 specification unless the meter uses another one.</p>
              <input id={`${id}-auth`} name="authentication-key" type="text" className={styles.keyInput} autoComplete="off" spellCheck={false} defaultValue={defaultAuthKey} />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${id}-tolerance`}>Tolerance on the 10 s period, in ms (optional)</label>
          <input id={`${id}-tolerance`} name="tolerance" type="number" min={0} max={5000} placeholder="500" />
        </div>
        <div className="actions"><button type="submit" disabled={busy}>{busy ? "Checking…" : "Check the capture"}</button></div>
        {error && (
          <div className="error-summary" role="alert">
            <h2>{error.message}</h2>
            <ul className="issues">{error.issues.map((i) => <li key={`${i.path}:${i.message}`}>{i.message}</li>)}</ul>
          </div>
        )}
      </form>
      {result && (
        <>
          <div className="actions">
            {canSave && <button type="button" onClick={save}>Save the verdicts as a results set ({result.results.results.length} tests)</button>}
            <button type="button" className="secondary" onClick={() => download("p1-report.json", "application/json", `${JSON.stringify(result.report, null, 2)}\n`)}>p1-report.json</button>
            <button type="button" className="secondary" onClick={() => download("p1-report.html", "text/html", reportHtml(result.report))}>p1-report.html</button>
            <span role="status" className={saved && !saved.ok ? "error-message" : undefined}>{saved?.text}</span>
          </div>
          <P1ReportView report={result.report} />
        </>
      )}
    </>
  );
}
