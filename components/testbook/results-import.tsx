"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

type TIssue = { path: string; message: string };

/** Upload of a laboratory's filled results file; problems are listed by their place in the file. */
export function ResultsImport({ refId }: { refId: string }) {
  const router = useRouter();
  const inputId = useId();
  const [error, setError] = useState<{ message: string; issues: TIssue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem("results-file") as HTMLInputElement).files?.[0];
    if (!file) return setError({ message: "Choose the results file (.json) to import.", issues: [] });
    if (file.size > 1024 * 1024) return setError({ message: "The results file is larger than 1 MiB.", issues: [] });
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/profiles/${refId}/results`, { method: "POST", headers: { "content-type": "application/json" }, body: await file.text() });
      const data = (await response.json()) as { error?: string; issues?: TIssue[] };
      if (!response.ok) return setError({ message: data.error ?? "The results could not be imported.", issues: data.issues ?? [] });
      router.refresh();
    } catch {
      setError({ message: "The server could not be reached.", issues: [] });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={onSubmit} className="field">
      <label htmlFor={inputId}>Import laboratory results</label>
      <p className="hint">The results template of this testbook, filled in with a verdict, tester, date and remarks per test.</p>
      <input id={inputId} name="results-file" type="file" accept="application/json,.json" />
      <div className="actions"><button type="submit" className="secondary" disabled={busy}>Import results</button></div>
      {error && (
        <div className="error-summary" role="alert">
          <h2>{error.message}</h2>
          <ul className="issues">{error.issues.map((i) => <li key={`${i.path}:${i.message}`}><code>{i.path}</code>: {i.message}</li>)}</ul>
        </div>
      )}
    </form>
  );
}
