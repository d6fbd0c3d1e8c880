/**
 * A problem found in a laboratory's results, where it is (a path in the JSON file, or a row of
 * the CSV) and, when known, the test and step it concerns, so that a person finds it at once.
 */
export type TResultsIssue = { path: string; message: string; testId?: string; step?: number };

/** How many problems an answer lists; the rest are counted. */
export const ISSUES_SHOWN = 50;

/** One line per problem: `row 12 (test ASSOC-001/public step 3): result "maybe" is not a verdict`. */
export function issueLine(issue: TResultsIssue): string {
  const where = issue.testId ? ` (test ${issue.testId}${issue.step !== undefined ? ` step ${issue.step}` : ""})` : "";
  return `${issue.path}${where}: ${issue.message}`;
}

/** The first problems and the count of those left out. */
export function capIssues(issues: readonly TResultsIssue[], shown = ISSUES_SHOWN): { issues: TResultsIssue[]; more: number } {
  return { issues: issues.slice(0, shown), more: Math.max(0, issues.length - shown) };
}

/** The heading of a refusal: how many problems, and that only the first are listed. */
export function issuesHeading(what: string, count: number, shown = ISSUES_SHOWN): string {
  const problems = count === 1 ? "1 problem" : `${count} problems`;
  return `${what} has ${problems}${count > shown ? `; the first ${shown} are listed` : ""}.`;
}
