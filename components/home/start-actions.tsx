"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import { rememberQuestionnaire, recentQuestionnaires, type TRecent } from "./recent";

type TIssue = { path: string; question: string; message: string };

/** Start, resume or import a questionnaire. */
export function StartActions() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<TIssue[]>([]);
  const [recent, setRecent] = useState<TRecent[]>([]);
  const [resume, setResume] = useState("");
  const fileId = useId();
  const resumeId = useId();

  useEffect(() => setRecent(recentQuestionnaires()), []);

  async function start(body: string | undefined, path: string) {
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: body ?? "{}" });
      const data = (await response.json()) as { id?: string; error?: string; issues?: TIssue[] };
      if (!response.ok || !data.id) {
        setError(data.error ?? "The questionnaire could not be started.");
        setIssues(data.issues ?? []);
        return;
      }
      rememberQuestionnaire(data.id);
      router.push(`/questionnaires/${data.id}`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  async function onImport(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("answers-file") as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) {
      setError("Choose an answers file (.json) to import.");
      return;
    }
    if (file.size > 1024 * 1024) {
      setError("The answers file is larger than 1 MiB: it is not a PRIME+ answers file.");
      return;
    }
    await start(await file.text(), "/api/questionnaires/import");
  }

  function onResume(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = resume.trim().split("/").filter(Boolean).pop() ?? "";
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(code)) {
      setError("Paste the resume link you were given (it ends with a code of letters and digits).");
      return;
    }
    router.push(`/questionnaires/${code}`);
  }

  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">Start</h2>
      {error && (
        <div className="error-summary" role="alert">
          <h2>{error}</h2>
          {issues.length > 0 && (
            <ul className="issues">
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <strong>{i.question}</strong>: {i.message} <span className="muted">({i.path || "file"})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => start(undefined, "/api/questionnaires")} disabled={busy}>
          Start a new questionnaire
        </button>
      </div>
      <form onSubmit={onImport} className="field" style={{ marginTop: "1.25rem" }}>
        <label htmlFor={fileId}>Import an answers file</label>
        <p className="hint">A PRIME+ answers file (.json) downloaded from this tool; it is checked before anything is created.</p>
        <input id={fileId} name="answers-file" type="file" accept="application/json,.json" />
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>Import and open</button>
        </div>
      </form>
      <form onSubmit={onResume} className="field">
        <label htmlFor={resumeId}>Resume a questionnaire</label>
        <p className="hint">Paste the resume link of a questionnaire you started.</p>
        <input id={resumeId} type="text" value={resume} onChange={(e) => setResume(e.target.value)} autoComplete="off" />
        <div className="actions">
          <button type="submit" className="secondary">Resume</button>
        </div>
      </form>
      {recent.length > 0 && (
        <>
          <h3>Recently opened on this browser</h3>
          <ul>
            {recent.map((r) => (
              <li key={r.id}>
                <a href={`/questionnaires/${r.id}`}>{r.label || "Questionnaire"}</a> <span className="muted">opened {new Date(r.openedAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
