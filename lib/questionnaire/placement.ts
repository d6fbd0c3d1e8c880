import { getPath } from "../json/path";
import { issueSentence, type TAnswerIssue } from "./parse";
import { fieldOfPath, sectionOfPath } from "./sections";

/**
 * Where the form shows a problem of the answers: on the question the person changed last among
 * those the problem involves (a SAP used twice shows on the SAP just typed), worded as one
 * sentence, and only while the answers it was found in are still on screen.
 */
export type TPlacedIssue = { path: string; field: string | undefined; step: string; text: string; involved: string[] };

export function placeIssues(issues: readonly TAnswerIssue[], lastEdited: readonly string[]): TPlacedIssue[] {
  return issues.map((issue) => {
    const candidates = [issue, ...(issue.alternatives ?? [])];
    const recency = (c: { path: string }) => lastEdited.lastIndexOf(fieldOfPath(c.path) ?? c.path);
    const chosen = candidates.reduce((best, c) => (recency(c) > recency(best) ? c : best), issue);
    const field = fieldOfPath(chosen.path);
    return {
      path: chosen.path,
      field,
      step: sectionOfPath(chosen.path),
      text: issueSentence(chosen),
      involved: candidates.map((c) => fieldOfPath(c.path) ?? c.path),
    };
  });
}

/** A problem found in saved answers still holds while none of the answers it involves has changed since. */
export function stillShown(issue: TPlacedIssue, current: unknown, saved: unknown): boolean {
  return issue.involved.every((path) => JSON.stringify(getPath(current, path)) === JSON.stringify(getPath(saved, path)));
}
