import type { TBlock, TDocumentModel, TPart } from "./model";

/** Renders one part to PDF bytes: in a worker of the pool, or on the calling thread. */
export type TPartRenderer = (part: TPart) => Promise<Uint8Array>;
/** Merges the rendered parts (front first): in a worker, or on the calling thread. */
export type TPartMerger = (parts: { part: TPart; pdf: Uint8Array }[]) => Promise<Uint8Array>;

const chars = (text: string) => text.length / 250;

/**
 * A rough cost of rendering a block, in units of about one react-pdf node: react-pdf spends its
 * time per node (layout, text measurement, pagination) more than per character.
 */
export function blockWeight(block: TBlock): number {
  switch (block.kind) {
    case "heading":
      return 2 + (block.body ?? []).reduce((n, s) => n + chars(s.text), 0);
    case "paragraph":
      return 1 + block.spans.reduce((n, s) => n + chars(s.text), 0);
    case "fields":
      return block.rows.reduce((n, [l, v]) => n + 3 + chars(l) + chars(v), 0);
    case "list":
      return block.items.reduce((n, i) => n + 1 + chars(i), 0);
    case "table":
      return block.rows.reduce((n, r) => n + 1 + r.length + r.reduce((m, c) => m + chars(c), 0), 4);
    case "steps":
      return block.rows.reduce((n, r) => n + (block.template ? 3 : 4) + chars(r.action) + (block.template ? 0 : chars(r.expected)), 6);
    case "form":
      return 2 + block.criteria.reduce((n, [, t]) => n + chars(t), 0);
    case "cover":
      return 4 + block.rows.length * 3;
    case "toc":
      return block.entries.length;
    case "pageBreak":
      return 0;
  }
}

export const partWeight = (part: TPart) => part.blocks.reduce((n, b) => n + blockWeight(b), 0);

/**
 * Renders every part (the front matter alongside the chapters: its page numbers are stamped
 * later, so it need not wait) and merges them. Parts are started heaviest first, so that with
 * a pool the last part to finish is a short one (longest-processing-time scheduling); the
 * result does not depend on the order or on the pool size.
 */
export async function renderModelPdf(model: TDocumentModel, renderPart: TPartRenderer, merge: TPartMerger): Promise<Uint8Array> {
  const all = [model.front, ...model.parts];
  const order = all.map((part, i) => ({ i, weight: partWeight(part) })).sort((a, b) => b.weight - a.weight || a.i - b.i);
  const results: Promise<Uint8Array>[] = new Array(all.length);
  for (const { i } of order) results[i] = renderPart(all[i]!);
  const pdfs = await Promise.all(results);
  return merge(all.map((part, i) => ({ part, pdf: pdfs[i]! })));
}
