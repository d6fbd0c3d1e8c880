import { filterTests, testbookTags } from "@/lib/testbook/filter";
import { testbookOf } from "@/lib/server/profiles";
import { param, type TSectionProps } from "../profile/profile-view";
import { ChaptersNotApplicable, TestbookCounts } from "./testbook-summary";
import { TestbookDownloads } from "./testbook-downloads";
import { loadOwnerResults, verdictsByTest } from "./load-results";
import { OwnerResults, SharedResultsNote } from "./owner-results";

const PAGE_SIZE = 40;

/** The profile's testbook for laboratories: chapter by chapter, searchable, filterable by chapter and tag. */
export async function TestbookSection(props: TSectionProps) {
  const { version, base, refId, search } = props;
  const tb = testbookOf(version.profile);
  const results = props.role === null ? null : await loadOwnerResults(refId, { from: param(search, "from"), to: param(search, "to") });
  const verdicts = verdictsByTest(results?.view.latest ?? []);
  const severalLabs = (results?.view.latest.length ?? 0) > 1;
  const filter = { q: param(search, "q"), chapter: param(search, "chapter"), tag: param(search, "tag") };
  const groups = filterTests(tb, filter);
  const total = groups.reduce((n, g) => n + g.tests.length, 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageParam = Number(param(search, "page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= pages ? pageParam : 1;
  const start = (page - 1) * PAGE_SIZE;
  let index = 0;
  const shown = groups
    .map((g) => ({ chapter: g.chapter, tests: g.tests.filter(() => { const i = index++; return i >= start && i < start + PAGE_SIZE; }) }))
    .filter((g) => g.tests.length > 0);
  const query = (p: number) => {
    const q = new URLSearchParams(Object.entries({ ...filter, page: String(p) }).filter((e): e is [string, string] => Boolean(e[1])));
    return `${base}/testbook?${q.toString()}`;
  };
  const api = `/api/profiles/${refId}`;
  return (
    <section aria-labelledby="testbook-heading">
      <h2 id="testbook-heading">Testbook</h2>
      <TestbookCounts testbook={tb} />
      <TestbookDownloads api={api} number={version.number} />
      <p><a href={`${base}/test-meter`}>Test a meter</a>: run this testbook against a meter or its simulator from the browser; the run becomes a results set here.</p>
      {results ? <OwnerResults refId={refId} api={api} action={`${base}/testbook`} testbookId={tb.id} data={results} /> : <SharedResultsNote />}
      <form method="get" action={`${base}/testbook`} className="card filters" role="search" aria-label="Filter the tests">
        <div className="field"><label htmlFor="tq">Search id, title or purpose</label><input id="tq" name="q" type="text" defaultValue={filter.q ?? ""} /></div>
        <div className="field">
          <label htmlFor="chapter">Chapter</label>
          <select id="chapter" name="chapter" defaultValue={filter.chapter ?? ""}>
            <option value="">All chapters</option>
            {tb.chapters.filter((c) => c.tests.length > 0).map((c) => <option key={c.id} value={c.id}>{c.number}. {c.title} ({c.tests.length})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tag">Tag</label>
          <select id="tag" name="tag" defaultValue={filter.tag ?? ""}>
            <option value="">All tags</option>
            {testbookTags(tb).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit">Filter</button><a className="button secondary" href={`${base}/testbook`}>Clear</a></div>
      </form>
      <p role="status">{total} tests match{pages > 1 ? `; page ${page} of ${pages}` : ""}.</p>
      {shown.map(({ chapter, tests }) => (
        <div key={chapter.id}>
          <h3>{chapter.number}. {chapter.title}</h3>
          {tests.map((t) => (
            <details className="card" key={t.id} id={`test-${t.id}`}>
              <summary>
                <strong>{t.id}</strong> {t.title} <span className="muted">({t.steps.length} steps · {t.tags.join(", ")})</span>
                {(verdicts.get(t.id) ?? []).filter((v) => v.verdict).map((v) => (
                  <span key={v.set} className={`badge ${v.verdict === "PASS" ? "ok" : v.verdict === "FAIL" ? "error" : "todo"}`} title={`${v.laboratory}, set ${v.set}`}>
                    {severalLabs ? `${v.laboratory}: ` : ""}{v.verdict}
                  </span>
                ))}
              </summary>
              {(verdicts.get(t.id) ?? []).filter((v) => v.remarks).map((v) => (
                <p key={v.set} style={{ whiteSpace: "pre-line" }}><strong>Remarks of {v.laboratory} (set {v.set}):</strong> {v.remarks}</p>
              ))}
              <p>{t.purpose}</p>
              {t.preconditions.length > 0 && (<><h4>Preconditions</h4><ul>{t.preconditions.map((x, i) => <li key={i}>{x}</li>)}</ul></>)}
              <table className="data">
                <thead><tr><th scope="col">Step</th><th scope="col">Action</th><th scope="col">Expected result</th></tr></thead>
                <tbody>{t.steps.map((st) => <tr key={st.number}><td>{st.number}</td><td>{st.action}</td><td>{st.expected}</td></tr>)}</tbody>
              </table>
              <p><strong>PASS:</strong> {t.verdict.pass}<br /><strong>FAIL:</strong> {t.verdict.fail}<br /><strong>INCONCLUSIVE:</strong> {t.verdict.inconclusive}</p>
              <p className="muted">References: {t.clauses.join("; ")}</p>
            </details>
          ))}
        </div>
      ))}
      {pages > 1 && (
        <nav aria-label="Test pages" className="actions">
          {page > 1 && <a className="button secondary" href={query(page - 1)}>Previous page</a>}
          {page < pages && <a className="button secondary" href={query(page + 1)}>Next page</a>}
        </nav>
      )}
      <details className="card">
        <summary><strong>Traceability</strong>: {tb.traceability.uncovered.length} requirements without a test</summary>
        <ul>{tb.traceability.requirements.filter((r) => r.tests.length === 0).map((r) => <li key={r.id}><code>{r.id}</code> {r.label}</li>)}</ul>
      </details>
      <ChaptersNotApplicable testbook={tb} />
      <details className="card">
        <summary><strong>Cases that do not apply</strong> ({tb.excluded.length})</summary>
        <ul>{tb.excluded.map((e) => <li key={e.caseId}><strong>{e.caseId}</strong> {e.reason.replace(/^not applicable: /, "")}</li>)}</ul>
      </details>
    </section>
  );
}
