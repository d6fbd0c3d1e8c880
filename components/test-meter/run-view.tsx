"use client";

import { useEffect, useId, useReducer, useState } from "react";
import { emptyRunView, reduceRunView, runEnded, type TRunFeedEntry, type TRunFeedEvent, type TRunPhase, type TRunView } from "@/lib/conformance/run-feed";
import type { TAnswer } from "@/lib/conformance/run-request";
import styles from "./test-meter.module.css";

const EVENT_TYPES: TRunFeedEvent["type"][] = ["created", "start", "test", "test-done", "question", "answer", "cancelling", "storing", "done", "failed"];
const VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE", "NOT-RUN"] as const;
const BADGE: Record<(typeof VERDICTS)[number], string> = { PASS: "ok", FAIL: "error", INCONCLUSIVE: "todo", "NOT-RUN": "todo" };

const PHASE_TEXT: Record<TRunPhase, string> = {
  connecting: "Connecting to the meter…",
  running: "Running",
  cancelling: "Cancelling after the current check…",
  storing: "Writing the report and storing the results set…",
  done: "Finished",
  cancelled: "Cancelled: what had run is stored",
  failed: "Stopped",
};

/** Where the page links once the run is stored; null for a share link, which does not see results sets. */
export type TResultsLinks = { testbook: string; api: string } | null;

/**
 * One run as it goes, from its server-sent events: a progress bar with the current test, the
 * counts by verdict, the assisted question waiting for an answer, and the verdicts test by test.
 * A reconnect resumes where the stream stopped (the browser sends Last-Event-ID).
 */
export function RunView({ api, canControl, results }: { api: string; canControl: boolean; results: TResultsLinks }) {
  const id = useId();
  const [view, dispatch] = useReducer(reduceRunView, undefined, emptyRunView);
  const [link, setLink] = useState<"open" | "reconnecting" | "gone">("open");
  const [actionError, setActionError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const source = new EventSource(`${api}/events`);
    const onEntry = (message: MessageEvent<string>) => {
      const entry = JSON.parse(message.data) as TRunFeedEntry;
      setLink("open");
      dispatch(entry);
      if (entry.event.type === "done" || entry.event.type === "failed") source.close();
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onEntry);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return setLink("reconnecting");
      // The browser gives up on an answer that is not a stream: the server no longer holds the run.
      void fetch(api).then((r) => setLink(r.status === 404 ? "gone" : "reconnecting"), () => setLink("reconnecting"));
    };
    return () => source.close();
  }, [api]);

  async function post(path: string, body: unknown) {
    setSending(true);
    setActionError(null);
    try {
      const response = await fetch(`${api}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) setActionError(((await response.json()) as { error?: string }).error ?? "The server refused.");
    } catch {
      setActionError("The server could not be reached.");
    } finally {
      setSending(false);
    }
  }
  const answer = (questionId: string, a: TAnswer) => post("answer", { questionId, answer: a });

  if (link === "gone" && view.lastId === 0) {
    return <p className="error-summary" role="alert">This run is no longer on the server: runs are kept in the server&apos;s memory, and it was restarted or the run ended more than an hour ago. A run that finished is in the testbook&apos;s results history.</p>;
  }
  const done = view.rows.length;
  const ended = runEnded(view.phase);
  return (
    <section className="card" aria-labelledby={`${id}-run`}>
      <h3 id={`${id}-run`}>Run against {view.meter || "the meter"}</h3>
      {link === "gone" && !ended && <p className="error-summary" role="alert">This run is no longer on the server: the server was restarted while it ran, and the run was lost with it. Start it again.</p>}
      <p className="muted">
        {view.laboratory && <>For {view.laboratory} · </>}
        {view.only.length > 0 ? `limited to ${view.only.join(", ")}` : "the whole testbook"} · assisted questions {view.operator === "ask" ? "asked on this page" : "skipped"}
      </p>
      <label htmlFor={`${id}-progress`}>Progress</label>{" "}
      <progress id={`${id}-progress`} className={styles.progress} max={view.total ?? 1} value={view.total === null ? undefined : done} />
      <div role="status" aria-live="polite" aria-atomic="true" data-phase={view.phase}>
        <p>
          <strong>{PHASE_TEXT[view.phase]}</strong>
          {view.total !== null && <>: {done} of {view.total} tests</>}
          {view.current && !ended && <> · now {view.current.testId}, {view.current.title}</>}
          {link === "reconnecting" && !ended && <> · connection lost, reconnecting…</>}
        </p>
      </div>
      <ul className={styles.counts} aria-label="Tests by verdict">
        {VERDICTS.map((v) => <li key={v}><span className={`badge ${BADGE[v]}`}>{v}</span> <strong>{view.tests[v]}</strong> tests</li>)}
        <li className="muted">{view.checks.PASS + view.checks.FAIL + view.checks.INCONCLUSIVE} checks executed</li>
      </ul>
      {view.question && (
        <div className={styles.question} role="group" aria-labelledby={`${id}-question`}>
          <h3 id={`${id}-question`}>Question for the operator ({view.question.testId})</h3>
          <p>{view.question.question}</p>
          {canControl ? (
            <div className="actions">
              <button type="button" disabled={sending} onClick={() => answer(view.question!.questionId, "yes")}>Yes</button>
              <button type="button" disabled={sending} onClick={() => answer(view.question!.questionId, "no")}>No</button>
              <button type="button" className="secondary" disabled={sending} onClick={() => answer(view.question!.questionId, "skip")}>Skip</button>
            </div>
          ) : (
            <p className="muted">The person running the test answers it.</p>
          )}
          <p className="muted">Skipped automatically at {view.question.expiresAt.slice(11, 16)} UTC if nobody answers.</p>
        </div>
      )}
      {canControl && !ended && view.phase !== "storing" && (
        <div className="actions">
          <button type="button" className="secondary" disabled={sending || view.phase === "cancelling"} onClick={() => post("cancel", {})}>Cancel the run</button>
        </div>
      )}
      {actionError && <p className="error-message" role="alert">{actionError}</p>}
      {view.phase === "failed" && <div className={styles.failed} role="alert"><h3>The run stopped</h3><p>{view.reason}</p></div>}
      {view.set && <RunOutcome view={view} results={results} />}
      {view.rows.length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <caption>Verdicts, test by test</caption>
            <thead><tr><th scope="col">Test</th><th scope="col">Title</th><th scope="col">Verdict</th><th scope="col">First problem</th></tr></thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.testId} data-test={r.testId}>
                  <td><code>{r.testId}</code></td>
                  <td>{r.title}</td>
                  <td><span className={`badge ${BADGE[r.verdict]}`}>{r.verdict}</span></td>
                  <td className={styles.message}>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RunOutcome({ view, results }: { view: TRunView; results: TResultsLinks }) {
  const set = view.set!;
  const meter = view.identity?.logicalDeviceName ? ` for meter ${view.identity.logicalDeviceName}` : "";
  return (
    <div className="card">
      <p>
        Stored as results set {set.number} ({set.laboratory}){meter}: {view.tests.PASS} PASS, {view.tests.FAIL} FAIL, {view.tests.INCONCLUSIVE} INCONCLUSIVE, {view.tests["NOT-RUN"]} NOT-RUN.
      </p>
      {results ? (
        <ul className="downloads">
          <li><a href={`${results.testbook}#set-${set.number}`}>Results set {set.number} in the testbook&apos;s results history</a></li>
          <li><a href={`${results.api}/results/${set.number}/report.pdf`}>Run report (PDF)</a></li>
          <li><a href={`${results.api}/results/${set.number}/evidence.zip`} download>Evidence archive (zip)</a></li>
        </ul>
      ) : (
        <p className="muted">The profile&apos;s owner and the laboratory find it in the testbook&apos;s results history.</p>
      )}
    </div>
  );
}
