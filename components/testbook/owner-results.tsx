import { LatestResults, ResultsComparison, ResultsHistory } from "./results-history";
import { ResultsImport } from "./results-import";
import { ResultsLinks } from "./results-links";
import type { TOwnerResults } from "./load-results";

/** The owner's view of the laboratories' results: the newest set of each, the history, the difference, the links. */
export function OwnerResults({ refId, api, action, testbookId, data }: { refId: string; api: string; action: string; testbookId: string; data: TOwnerResults }) {
  const { view } = data;
  return (
    <>
      <div className="card">
        <h3>Laboratory results</h3>
        {view.latest.length > 0 ? (
          <LatestResults latest={view.latest} />
        ) : (
          <p>No results imported yet. A laboratory fills in the testbook.csv (or the results template) and uploads it through its results link, or you import it here.</p>
        )}
        {data.canManage && (
          <>
            <ResultsImport refId={refId} />
            <ResultsLinks refId={refId} links={data.links} defaultLastDay={data.defaultLastDay} />
          </>
        )}
      </div>
      <ResultsHistory sets={view.sets} api={api} testbookId={testbookId} />
      <ResultsComparison sets={view.sets} comparison={view.comparison} error={view.comparisonError} action={action} />
    </>
  );
}

/** What a share link's holder sees instead: results are between the owner and each laboratory. */
export function SharedResultsNote() {
  return (
    <div className="card">
      <h3>Laboratory results</h3>
      <p>This read-only link does not upload or show results. A laboratory sends its results through the results link the profile&apos;s owner gives it.</p>
    </div>
  );
}
