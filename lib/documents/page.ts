/**
 * A4 page geometry in PDF points, shared by the react-pdf parts (content area) and the merge
 * step (running header, footer and TOC numbers drawn in the margins).
 */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  marginX: 42,
  marginTop: 56,
  marginBottom: 50,
  /** Baselines of the running header and the footer, from the top and from the bottom. */
  headerBaseline: 32,
  footerBaseline: 26,
  chromeFontSize: 7.5,
} as const;

/** Type of the table of contents rows by heading level: the parts draw the rows, the merge step their page numbers on the same baseline. */
export const TOC_TYPE = { size: { 1: 9, 2: 9, 3: 8 }, lineHeight: 1.25 } as const;
