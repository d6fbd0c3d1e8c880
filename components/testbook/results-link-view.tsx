import { RESULTS_LINK_MAX_UPLOADS, RESULTS_UPLOAD_MAX_TEXT } from "@/lib/testbook/results-limits";
import type { TResultsLinkPage } from "./load-results-link";
import { LatestResults, ResultsComparison, ResultsHistory } from "./results-history";
import { ResultsImport } from "./results-import";
import { TestbookDownloads } from "./testbook-downloads";

/**
 * The page a laboratory's results link opens: the testbook to download, the upload, and the
 * laboratory's own results sets with the difference between the last two. Nothing else of the
 * profile is reachable from it.
 */
export function ResultsLinkView({ page }: { page: TResultsLinkPage }) {
  if (page.state !== "active") {
    return (
      <>
        <h1>Results link of {page.company}</h1>
        <p role="alert">{page.message}</p>
      </>
    );
  }
  const { link, testbook, version, view, token } = page;
  const api = `/api/profiles/${token}`;
  const used = view.sets.length;
  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>Results link for {link.laboratory} · works until {page.lastDay} (UTC)</p>
      <h1>Results for the testbook of {testbook.profile.company}</h1>
      <p>
        Version {version.number} of the user profile; testbook <code>{testbook.id.slice(0, 12)}</code> with {testbook.summary.tests} tests and {testbook.summary.steps} steps in {testbook.summary.chapters} chapters.
      </p>
      <p>
        This link lets {link.laboratory} download this testbook and upload results for it: {RESULTS_LINK_MAX_UPLOADS} uploads at most ({used} used), each file up to {RESULTS_UPLOAD_MAX_TEXT}. It opens
        nothing else of the profile.
      </p>
      <h2>Download the testbook</h2>
      <TestbookDownloads api={api} number={version.number} />
      <div className="card">
        <h2>Upload results</h2>
        {used < RESULTS_LINK_MAX_UPLOADS ? (
          <ResultsImport refId={token} laboratory={link.laboratory} />
        ) : (
          <p role="alert">This link has taken its {RESULTS_LINK_MAX_UPLOADS} uploads. Ask {testbook.profile.company} for a new results link.</p>
        )}
      </div>
      <h2>Results sets of {link.laboratory}</h2>
      {view.latest.length > 0 ? <LatestResults latest={view.latest} /> : <p>None yet: the sets you upload are listed here, numbered, and none replaces another.</p>}
      <ResultsHistory sets={view.sets} api={api} testbookId={testbook.id} />
      <ResultsComparison sets={view.sets} comparison={view.comparison} error={view.comparisonError} action={`/results/${token}`} />
    </>
  );
}
