"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { RESULTS_UPLOAD_MAX_BYTES, RESULTS_UPLOAD_MAX_TEXT } from "@/lib/testbook/results-limits";

type TIssue = { path: string; message: string; testId?: string; step?: number };
type TError = { message: string; issues: TIssue[]; more: number };

const contentTypeOf = (file: File) =>
  /\.csv$/i.test(file.name) ? "text/csv" : /\.json$/i.test(file.name) ? "application/json" : file.type || "application/octet-stream";

/**
 * Upload of a laboratory's results: the results file (JSON) or the filled testbook.csv. Each
 * problem is listed on its own line with its place in the file, its test and step.
 */
export function ResultsImport({ refId, laboratory }: { refId: string; laboratory?: string }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<TError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget.elements;
    const file = (form.namedItem("results-file") as HTMLInputElement).files?.[0];
    const named = laboratory ?? (form.namedItem("laboratory") as HTMLInputElement).value.trim();
    setDone(null);
    if (!file) return setError({ message: "Results file: choose the results file (.json) or the filled testbook.csv.", issues: [], more: 0 });
    if (file.size > RESULTS_UPLOAD_MAX_BYTES) {
      return setError({ message: `Results file: ${(file.size / 1024 / 1024).toFixed(1)} MiB is larger than the ${RESULTS_UPLOAD_MAX_TEXT} an upload may be.`, issues: [], more: 0 });
    }
    const type = contentTypeOf(file);
    if (type === "text/csv" && !named) return setError({ message: "Laboratory: name the laboratory whose results the CSV holds.", issues: [], more: 0 });
    setBusy(true);
    setError(null);
    try {
      const query = laboratory === undefined && named ? `?laboratory=${encodeURIComponent(named)}` : "";
      const response = await fetch(`/api/profiles/${refId}/results${query}`, { method: "POST", headers: { "content-type": type }, body: file });
      const data = (await response.json()) as { error?: string; issues?: TIssue[]; more?: number; number?: number; laboratory?: string };
      if (!response.ok) return setError({ message: data.error ?? "The results could not be imported.", issues: data.issues ?? [], more: data.more ?? 0 });
      setDone(`Stored as results set ${data.number} (${data.laboratory}).`);
      router.refresh();
    } catch {
      setError({ message: "The server could not be reached.", issues: [], more: 0 });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={onSubmit} className="field" noValidate>
      <label htmlFor={`${id}-file`}>Import laboratory results</label>
      <p className="hint">
        The filled testbook.csv (a result per step: pass, passed, ok, fail, failed, inconclusive or n/a, in any case; tester; date as YYYY-MM-DD or DD/MM/YYYY; remarks), or the
        results template filled in. At most {RESULTS_UPLOAD_MAX_TEXT}. Every import is kept as a new numbered results set.
      </p>
      <input id={`${id}-file`} name="results-file" type="file" accept="application/json,.json,text/csv,.csv" />
      {laboratory === undefined && (
        <>
          <label htmlFor={`${id}-lab`}>Laboratory (needed for a CSV; a results file names its own)</label>
          <input id={`${id}-lab`} name="laboratory" type="text" maxLength={200} autoComplete="organization" />
        </>
      )}
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>{busy ? "Importing…" : "Import results"}</button>
        <span role="status">{done}</span>
      </div>
      {error && (
        <div className="error-summary" role="alert">
          <h2>{error.message}</h2>
          <ul className="issues">
            {error.issues.map((i, n) => (
              <li key={n}>
                <code>{i.path}</code>
                {i.testId ? ` (test ${i.testId}${i.step !== undefined ? ` step ${i.step}` : ""})` : ""}: {i.message}
              </li>
            ))}
          </ul>
          {error.more > 0 && <p>… and {error.more} more problems not listed.</p>}
        </div>
      )}
    </form>
  );
}
