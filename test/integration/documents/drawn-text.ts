import type { TBlock, TDocumentModel } from "@/lib/documents/model";

/**
 * The strings of a document model that are drawn on its pages (ids, link targets and the PDF
 * metadata are not): what a reader of the PDF must find again.
 */

function blockTexts(block: TBlock): string[] {
  switch (block.kind) {
    case "heading":
      return [block.number, block.text, ...(block.body ?? []).map((s) => s.text)];
    case "paragraph":
      return block.spans.map((s) => s.text);
    case "fields":
      return block.rows.flat();
    case "list":
      return block.items;
    case "table":
      return [...block.columns.map((c) => c.title), ...block.rows.flat()];
    case "steps":
      return [
        ...block.rows.flatMap((r) => [String(r.number), r.action, ...(block.template ? [] : [r.expected])]),
        ...(block.template ? [block.template.before, block.template.after, block.template.expected] : []),
      ];
    case "form":
      return [...block.criteria.flat(), ...block.choices, ...block.lines];
    case "cover":
      return [block.title, block.subtitle, ...block.rows.flat(), block.note];
    case "toc":
      return block.entries.flatMap((e) => [e.number, e.text]);
    case "pageBreak":
      return [];
  }
}

/** The texts of the pages' bodies, part by part. */
export function bodyTexts(model: TDocumentModel): string[] {
  return [model.front, ...model.parts].flatMap((p) => p.blocks.flatMap(blockTexts)).filter((t) => t.length > 0);
}

/** The texts of the running headers and footers (cut with an ellipsis where too long for the margin). */
export function chromeTexts(model: TDocumentModel): string[] {
  return [model.headerText, model.footerText, ...model.parts.map((p) => p.runningTitle)].filter((t) => t.length > 0);
}
