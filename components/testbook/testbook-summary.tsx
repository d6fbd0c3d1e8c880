import { chaptersNotApplicable, notApplicableReason } from "@/lib/documents/not-applicable";
import type { TTestbook } from "@/lib/testbook/testbook-schema";

/** The testbook's counts, the same as the PDF's cover and contents: chapters are those with tests. */
export function TestbookCounts({ testbook }: { testbook: TTestbook }) {
  const s = testbook.summary;
  const notApplicable = testbook.chapters.length - s.chapters;
  return (
    <p>
      {s.tests} tests ({s.cases} test cases of the generic PRIME+ testbook, expanded for this profile) with {s.steps} steps in {s.chapters} chapters
      {notApplicable > 0 ? ` (${notApplicable} of the catalogue's ${testbook.chapters.length} chapters do not apply)` : ""}; {s.excluded} generic cases do not apply.
      Coverage: {s.covered} of {s.requirements} profile requirements ({s.coveragePercent} %).
    </p>
  );
}

/** The chapters none of whose cases applies, with why, as the PDF's table lists them. */
export function ChaptersNotApplicable({ testbook }: { testbook: TTestbook }) {
  const chapters = chaptersNotApplicable(testbook);
  if (chapters.length === 0) return null;
  return (
    <details className="card">
      <summary>
        <strong>Chapters not applicable to this profile</strong> ({chapters.length} of {testbook.chapters.length})
      </summary>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Chapter</th>
            <th scope="col">Title</th>
            <th scope="col">Why it does not apply</th>
          </tr>
        </thead>
        <tbody>
          {chapters.map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <td>
                {c.title} ({c.code})
              </td>
              <td>
                {notApplicableReason(c)
                  .split("\n")
                  .map((line, i) => (
                    <div key={i}>{line}</div>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
