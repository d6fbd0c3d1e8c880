import { filterTests, testbookTags } from "@/lib/testbook/filter";
import { loadTestResults, testbookOf } from "@/lib/server/profiles";
import { param, type TSectionProps } from "../profile/profile-view";
import { ResultsImport } from "./results-import";
import { PdfLink } from "../profile/pdf-link";
import { ChaptersNotApplicable, TestbookCounts } from "./testbook-summary";

const PAGE_SIZE = 40;

/** The profile's testbook for laboratories: chapter by chapter, searchable, filterable by chapter and tag. */
export async function TestbookSection({ version, base, refId, search }: TSectionProps) {
  const tb = testbookOf(version.profile);
  const lab = await loadTestResults(version.id);
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
      <p className="actions">
        <PdfLink className="button" href={`${api}/testbook.pdf`} label="Testbook document (PDF)" fileName={`prime-plus-testbook-v${version.number}.pdf`} />
        <a className="button secondary" href={`${api}/testbook.json`} download>testbook.json</a>
        <a className="button secondary" href={`${api}/testbook.csv`} download>testbook.csv</a>
        <a className="button secondary" href={`${api}/results-template.json`} download>Results template</a>
      </p>
      <div className="card">
        <h3>Laboratory results</h3>
        {lab ? (
          <p role="status">
            Imported {new Date(lab.createdAt).toUTCString()}{lab.laboratory.name ? ` from ${lab.laboratory.name}` : ""}
            {lab.laboratory.meter.manufacturer ? ` for ${lab.laboratory.meter.manufacturer} ${lab.laboratory.meter.model}` : ""}:{" "}
            <strong>{lab.summary.pass} PASS, {lab.summary.fail} FAIL, {lab.summary.inconclusive} INCONCLUSIVE</strong>, {lab.summary.notRun} not run, of {lab.summary.total} tests.
          </p>
        ) : (
          <p>No results imported yet. A laboratory downloads the results template, fills it in, and imports it here.</p>
        )}
        <ResultsImport refId={refId} />
      </div>
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
                {lab?.verdicts.get(t.id)?.verdict && <span className={`badge ${lab.verdicts.get(t.id)?.verdict === "PASS" ? "ok" : "error"}`}>{lab.verdicts.get(t.id)?.verdict}</span>}
              </summary>
              {lab?.verdicts.get(t.id)?.remarks ? <p><strong>Laboratory remarks:</strong> {lab.verdicts.get(t.id)?.remarks}</p> : null}
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
