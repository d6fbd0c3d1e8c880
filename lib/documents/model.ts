/**
 * The document model: what a PDF says, as plain data. The profile and testbook builders produce
 * it; the react-pdf renderer (in worker threads) and the HTML renderer only draw it. Keeping it
 * plain JSON is what lets a part cross a worker boundary, and lets tests check the mapping from a
 * profile to its document without rendering anything.
 */

/** Column widths are fractions of the content width; they add up to 1. */
export type TColumn = { title: string; width: number; align?: "left" | "right"; mono?: boolean };

export type TSpan = { text: string; bold?: boolean; mono?: boolean };

export type THeading = {
  kind: "heading";
  /** Unique in the document: the TOC and the outline point at it. */
  id: string;
  /** 1 chapter, 2 section, 3 subsection (tests in the testbook). */
  level: 1 | 2 | 3;
  /** Number as printed, e.g. "3.2" or "A"; empty for unnumbered headings. */
  number: string;
  text: string;
  /** Listed in the table of contents (the outline lists every heading). */
  toc: boolean;
  /** Smaller text under the title, in the same react-pdf node (a test's purpose, requirements…): one node instead of five. */
  body?: TSpan[];
};

export type TTable = {
  kind: "table";
  columns: TColumn[];
  rows: string[][];
  /** Smaller type and tighter rows, for the long matrices. */
  dense?: boolean;
};

/** A run of testbook steps: rows numbered, optionally under one shared action template and expected result. */
export type TSteps = {
  kind: "steps";
  rows: { number: number; action: string; expected: string }[];
  /** When set, every row's action is `template.before` + row action + `template.after`, and every row expects `template.expected`. */
  template?: { before: string; after: string; expected: string; first: number; last: number };
};

export type TBlock =
  | THeading
  | { kind: "paragraph"; spans: TSpan[]; tone?: "normal" | "muted" | "small" }
  | { kind: "fields"; rows: [label: string, value: string][] }
  | { kind: "list"; items: string[] }
  | TTable
  | TSteps
  /** Criteria, then boxes to tick and lines to write on, filled in by hand in the laboratory. */
  | { kind: "form"; criteria: [label: string, text: string][]; choices: string[]; lines: string[] }
  | { kind: "cover"; title: string; subtitle: string; rows: [label: string, value: string][]; note: string }
  | { kind: "toc"; entries: TTocEntry[] }
  | { kind: "pageBreak" };

export type TTocEntry = { target: string; level: 1 | 2 | 3; number: string; text: string };

/** A piece of the document rendered on its own (in one worker), always starting on a new page. */
export type TPart = {
  id: string;
  /** Printed in the running header of the part's pages. */
  runningTitle: string;
  orientation: "portrait" | "landscape";
  blocks: TBlock[];
};

export type TDocumentModel = {
  kind: "profile" | "testbook" | "run-report";
  title: string;
  /** Running header, left: what the document is about. */
  headerText: string;
  /** Footer, left: document id and version, e.g. "Document 1a2b3c4d5e6f · answers version 3". */
  footerText: string;
  metadata: { title: string; author: string; subject: string; keywords: string[]; date: string | null };
  /** The cover and the table of contents: rendered last, once the page of every heading is known. */
  front: TPart;
  parts: TPart[];
};

/** The headings of a part in reading order. */
export function partHeadings(part: TPart): THeading[] {
  return part.blocks.filter((b): b is THeading => b.kind === "heading");
}

export const paragraph = (text: string, tone?: "normal" | "muted" | "small"): TBlock => ({ kind: "paragraph", spans: [{ text }], ...(tone ? { tone } : {}) });

/** A paragraph that starts with a bold label, e.g. "Purpose: …". */
export const labelled = (label: string, text: string, tone?: "normal" | "muted" | "small"): TBlock => ({
  kind: "paragraph",
  spans: [{ text: `${label}: `, bold: true }, { text }],
  ...(tone ? { tone } : {}),
});
