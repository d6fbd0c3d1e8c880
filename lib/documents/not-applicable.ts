import type { TTestbook } from "../testbook/testbook-schema";

/**
 * The chapters of the test catalogue that have no test for a profile, with why: a chapter is
 * not applicable when none of its test cases applies. The testbook document lists them in one
 * table instead of printing them as empty chapters, and the web testbook page lists the same,
 * so that the cover, the contents, the page and the testbook's summary (`summary.chapters`, the
 * chapters with tests) all count the same chapters.
 */

export type TChapterNotApplicable = {
  id: string;
  number: number;
  code: string;
  title: string;
  /** The chapter's cases, grouped by the reason each does not apply, in catalogue order. */
  reasons: { reason: string; cases: string[] }[];
};

const PREFIX = /^not applicable: /;

export function chaptersNotApplicable(testbook: TTestbook): TChapterNotApplicable[] {
  return testbook.chapters
    .filter((c) => c.tests.length === 0)
    .map((c) => {
      const groups = new Map<string, string[]>();
      for (const x of testbook.excluded) {
        if (x.chapter !== c.id) continue;
        const reason = x.reason.replace(PREFIX, "");
        const cases = groups.get(reason);
        if (cases) cases.push(x.caseId);
        else groups.set(reason, [x.caseId]);
      }
      return { id: c.id, number: c.number, code: c.code, title: c.title, reasons: [...groups].map(([reason, cases]) => ({ reason, cases })) };
    });
}

const NUMBERED = /^(.*?)(\d+)$/;

/** `["P1-001", "P1-003", "P1-004", "P1-005"]` → `P1-001, P1-003 to P1-005`. */
export function caseList(ids: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length; ) {
    const first = NUMBERED.exec(ids[i]!);
    let j = i;
    while (first && j + 1 < ids.length) {
      const next = NUMBERED.exec(ids[j + 1]!);
      if (!next || next[1] !== first[1] || next[2]!.length !== first[2]!.length || Number(next[2]) !== Number(first[2]) + (j + 1 - i)) break;
      j++;
    }
    if (j >= i + 2) out.push(`${ids[i]} to ${ids[j]}`);
    else out.push(...ids.slice(i, j + 1));
    i = j + 1;
  }
  return out.join(", ");
}

/** Why a chapter does not apply, one line per reason: `P1-001, P1-003 to P1-008: The meter has a P1 customer port…`. */
export function notApplicableReason(chapter: TChapterNotApplicable): string {
  if (chapter.reasons.length === 0) return "The catalogue has no test case in this chapter.";
  return chapter.reasons.map((r) => `${caseList(r.cases)}: ${r.reason}`).join("\n");
}
