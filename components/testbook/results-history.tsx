import type { TResultsSetSummary } from "@/lib/server/results";
import type { TComparison } from "@/lib/server/results-view";
import type { TResultVerdict } from "@/lib/testbook/results";

const SOURCE: Record<TResultsSetSummary["source"], string> = { upload: "results file", csv: "testbook.csv", runner: "conformance runner" };
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function VerdictBadge({ verdict }: { verdict: TResultVerdict | null }) {
  if (!verdict) return <span className="muted">not run</span>;
  return <span className={`badge ${verdict === "PASS" ? "ok" : verdict === "FAIL" ? "error" : "todo"}`}>{verdict}</span>;
}

/** The newest set of each laboratory, one line each. */
export function LatestResults({ latest }: { latest: TResultsSetSummary[] }) {
  return (
    <div role="status">
      <ul className="downloads" aria-label="The newest results set of each laboratory">
      {latest.map((s) => (
        <li key={s.number}>
          Imported {new Date(s.createdAt).toUTCString()} from {s.laboratory}
          {s.meter.manufacturer ? ` for ${s.meter.manufacturer} ${s.meter.model}` : ""} as results set {s.number} ({SOURCE[s.source]}):{" "}
          <strong>{s.summary.pass} PASS, {s.summary.fail} FAIL, {s.summary.inconclusive} INCONCLUSIVE</strong>, {s.summary.notRun} not run, of {s.summary.total} tests.
        </li>
      ))}
      </ul>
    </div>
  );
}

/** Every set, newest first, with what each answers and its files. */
export function ResultsHistory({ sets, api, testbookId }: { sets: TResultsSetSummary[]; api: string; testbookId: string }) {
  if (sets.length === 0) return null;
  return (
    <details className="card" open={sets.length <= 10}>
      <summary><strong>History of results sets</strong> ({sets.length})</summary>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Set</th><th scope="col">Laboratory</th><th scope="col">Source</th><th scope="col">Imported</th><th scope="col">Testbook</th>
              <th scope="col">PASS</th><th scope="col">FAIL</th><th scope="col">INCONCLUSIVE</th><th scope="col">Not run</th><th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {sets.map((s) => (
              <tr key={s.number} id={`set-${s.number}`}>
                <td>{s.number}</td>
                <td>{s.laboratory}</td>
                <td>{SOURCE[s.source]}</td>
                <td>{when(s.createdAt)}</td>
                <td>{s.testbookId === null ? "not recorded" : s.testbookId === testbookId ? "this testbook" : <>another: <code>{s.testbookId.slice(0, 12)}</code></>}</td>
                <td>{s.summary.pass}</td>
                <td>{s.summary.fail}</td>
                <td>{s.summary.inconclusive}</td>
                <td>{s.summary.notRun}</td>
                <td>
                  <a href={`${api}/results/${s.number}/results.json`} download>results.json</a>{" · "}
                  <a href={`${api}/results/${s.number}/junit.xml`} download>JUnit XML</a>
                  {s.evidence && <>{" · "}<a href={`${api}/results/${s.number}/evidence.zip`} download>evidence.zip</a> ({Math.ceil(s.evidence.size / 1024)} KiB)</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const SHOWN = 200;

/** The tests whose verdict differs between two sets, side by side, with a form to pick the two. */
export function ResultsComparison({ sets, comparison, error, action }: { sets: TResultsSetSummary[]; comparison: TComparison | null; error: string | null; action: string }) {
  if (sets.length < 2 && !error) return null;
  const label = (s: TResultsSetSummary) => `Set ${s.number}: ${s.laboratory}, ${s.createdAt.slice(0, 10)}`;
  const changes = comparison?.diff.changes ?? [];
  return (
    <section className="card" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Difference between two results sets</h3>
      <form method="get" action={action} className="filters">
        <div className="field">
          <label htmlFor="compare-from">Earlier set</label>
          <select id="compare-from" name="from" defaultValue={comparison ? String(comparison.from.number) : ""}>
            {sets.map((s) => <option key={s.number} value={s.number}>{label(s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="compare-to">Later set</label>
          <select id="compare-to" name="to" defaultValue={comparison ? String(comparison.to.number) : ""}>
            {sets.map((s) => <option key={s.number} value={s.number}>{label(s)}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit" className="secondary">Compare</button></div>
      </form>
      {error && <p className="error-message" role="alert">{error}</p>}
      {comparison && (
        <>
          <p role="status">
            Set {comparison.to.number} ({comparison.to.laboratory}) next to set {comparison.from.number} ({comparison.from.laboratory}): {changes.length === 0 ? "no test changed its verdict" : `${changes.length} test${changes.length === 1 ? "" : "s"} changed verdict`}
            {comparison.diff.fixed > 0 ? `, ${comparison.diff.fixed} now PASS` : ""}{comparison.diff.broken > 0 ? `, ${comparison.diff.broken} no longer PASS` : ""}.
          </p>
          {changes.length > 0 && (
            <div className="table-scroll">
              <table className="data" aria-label={`Verdicts of set ${comparison.to.number} next to set ${comparison.from.number}`}>
                <thead><tr><th scope="col">Test</th><th scope="col">Title</th><th scope="col">Set {comparison.from.number}</th><th scope="col">Set {comparison.to.number}</th></tr></thead>
                <tbody>
                  {changes.slice(0, SHOWN).map((c) => (
                    <tr key={c.testId} data-test={c.testId}>
                      <td><code>{c.testId}</code></td>
                      <td>{c.title}</td>
                      <td><VerdictBadge verdict={c.before} /></td>
                      <td><VerdictBadge verdict={c.after} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {changes.length > SHOWN && <p>… and {changes.length - SHOWN} more tests changed; download the two sets to see them all.</p>}
        </>
      )}
    </section>
  );
}
