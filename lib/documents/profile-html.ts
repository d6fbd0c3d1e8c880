import type { TUserProfile } from "../profile/schema";
import type { TBlock, TDocumentModel, TPart, TSpan } from "./model";
import { buildProfileDocument, type TProfileDocumentOptions } from "./profile-document";

/**
 * The same document model as plain HTML, for printing with a browser: the benchmark compares
 * react-pdf with headless Chromium's page.pdf() on exactly this content. Chromium repeats table
 * headers and numbers pages itself (header and footer templates); it cannot print TOC page
 * numbers, so the contents list links instead.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const withBreaks = (text: string) => escapeHtml(text).replaceAll("\n", "<br>");

const spans = (list: TSpan[]) => list.map((s) => (s.bold ? `<b>${withBreaks(s.text)}</b>` : withBreaks(s.text))).join("");

function blockHtml(block: TBlock): string {
  switch (block.kind) {
    case "heading": {
      const tag = `h${block.level}`;
      const title = escapeHtml(block.number ? `${block.number}  ${block.text}` : block.text);
      return `<${tag} id="${escapeHtml(block.id)}">${title}${block.body ? `<small>${spans(block.body)}</small>` : ""}</${tag}>`;
    }
    case "paragraph":
      return `<p class="${block.tone ?? "normal"}">${spans(block.spans)}</p>`;
    case "fields":
      return `<dl>${block.rows.map(([l, v]) => `<dt>${withBreaks(l)}</dt><dd>${withBreaks(v)}</dd>`).join("")}</dl>`;
    case "list":
      return `<ul>${block.items.map((i) => `<li>${withBreaks(i)}</li>`).join("")}</ul>`;
    case "table":
      return `<table class="${block.dense ? "dense" : ""}"><colgroup>${block.columns.map((c) => `<col style="width:${(c.width * 100).toFixed(1)}%">`).join("")}</colgroup><thead><tr>${block.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join("")}</tr></thead><tbody>${block.rows.map((r) => `<tr>${r.map((c) => `<td>${withBreaks(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
    case "steps": {
      const t = block.template;
      const head = t ? `<p class="template"><b>Steps ${t.first} to ${t.last}, each:</b> ${escapeHtml(`${t.before}…${t.after}`)}<br><b>Expected for each:</b> ${escapeHtml(t.expected)}</p>` : "";
      const cols = t ? "<th>#</th><th>Action for this step</th>" : "<th>#</th><th>Action</th><th>Expected result</th>";
      return `${head}<table class="steps"><thead><tr>${cols}</tr></thead><tbody>${block.rows.map((r) => `<tr><td>${r.number}</td><td>${withBreaks(r.action)}</td>${t ? "" : `<td>${withBreaks(r.expected)}</td>`}</tr>`).join("")}</tbody></table>`;
    }
    case "form":
      return `<div class="form">${block.criteria.map(([l, v]) => `<b>${escapeHtml(l)}:</b> ${withBreaks(v)}<br>`).join("")}<b>Result:</b> ${block.choices.map((c) => `[&nbsp;&nbsp;&nbsp;] ${escapeHtml(c)}`).join(" &nbsp; ")}<br>${block.lines.map((l) => `<b>${escapeHtml(l)}:</b> ____________`).join(" ")}</div>`;
    case "cover":
      return `<section class="cover"><h1 class="title">${escapeHtml(block.title)}</h1><p class="subtitle">${escapeHtml(block.subtitle)}</p><dl>${block.rows.map(([l, v]) => `<dt>${escapeHtml(l)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl><p class="muted">${escapeHtml(block.note)}</p></section>`;
    case "toc":
      return `<nav>${block.entries.map((e) => `<a class="toc${e.level}" href="#${escapeHtml(e.target)}">${escapeHtml(e.number ? `${e.number}  ${e.text}` : e.text)}</a>`).join("")}</nav>`;
    case "pageBreak":
      return `<div class="break"></div>`;
  }
}

const partHtml = (part: TPart) => `<section class="part ${part.orientation}">${part.blocks.map(blockHtml).join("\n")}</section>`;

const STYLE = `
@page { size: A4; margin: 56px 42px 50px 42px; }
@page landscape { size: A4 landscape; }
body { font-family: Helvetica, Arial, sans-serif; font-size: 9pt; line-height: 1.25; color: #111; }
.part { break-before: page; }
.part.landscape { page: landscape; }
h1 { font-size: 16pt; color: #0b3d66; margin: 0 0 8px; }
h2 { font-size: 12pt; color: #0b3d66; margin: 10px 0 4px; }
h3 { font-size: 9.5pt; border-top: 0.75pt solid #0b3d66; padding-top: 4px; }
h1 small, h2 small, h3 small { display: block; font-size: 7.5pt; font-weight: normal; color: #222; }
p { margin: 0 0 4px; } p.muted { color: #555; } p.small { font-size: 7.5pt; }
dl { display: grid; grid-template-columns: 30% 70%; margin: 0 0 4px; } dt { font-weight: bold; } dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 7.5pt; margin-bottom: 6px; }
table.dense { font-size: 6.5pt; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th { background: #dde6ef; text-align: left; border-bottom: 0.75pt solid #7a8ea3; padding: 1.5px 2px; }
td { border-bottom: 0.5pt solid #c4ccd4; padding: 1px 2px; vertical-align: top; overflow-wrap: anywhere; }
.template { background: #f1f4f7; padding: 3px; font-size: 7.5pt; }
.form { border: 0.75pt solid #7a8ea3; padding: 4px; margin: 3px 0 10px; font-size: 7.5pt; break-inside: avoid; }
.cover .title { font-size: 26pt; margin-top: 120px; } .cover .subtitle { font-size: 14pt; margin-bottom: 36px; }
nav a { display: block; color: inherit; text-decoration: none; } .toc1 { font-weight: bold; margin-top: 4px; } .toc2 { padding-left: 14px; } .toc3 { padding-left: 28px; font-size: 8pt; }
.break { break-after: page; }
`;

export function modelHtml(model: TDocumentModel): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head><body>${[model.front, ...model.parts].map(partHtml).join("\n")}</body></html>`;
}

/** Header and footer templates for Chromium's page.pdf(), with the same texts as the react-pdf document. */
export function modelPrintTemplates(model: TDocumentModel): { headerTemplate: string; footerTemplate: string } {
  const style = "font-family:Helvetica,Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;margin:0 42px;display:flex;justify-content:space-between";
  return {
    headerTemplate: `<div style="${style}"><span>${escapeHtml(model.headerText)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${escapeHtml(model.footerText)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

export function renderProfileHtml(profile: TUserProfile, options: TProfileDocumentOptions = {}): string {
  return modelHtml(buildProfileDocument(profile, options));
}
