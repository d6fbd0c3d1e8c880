import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import { tempDir } from "../../helpers/temp-dir";

/** Helpers to read rendered PDFs back with poppler (text, page count) and pdf-lib (outline). */

const dir = tempDir("pdf-test");
let n = 0;

function tempFile(pdf: Uint8Array): string {
  const file = join(dir, `doc-${n++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The text of every page, laid out as printed (`pdftotext -layout`). */
export function pageTexts(pdf: Uint8Array): string[] {
  const r = spawnSync("pdftotext", ["-layout", tempFile(pdf), "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  const pages = r.stdout.split("\f");
  if (pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** The text in drawing order (`pdftotext -raw`): a table cell's lines stay together even where a row wraps. */
export function rawText(pdf: Uint8Array): string {
  const r = spawnSync("pdftotext", ["-raw", tempFile(pdf), "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

/** The page count poppler reads from the file. */
export function pdfinfoPages(pdf: Uint8Array): number {
  const r = spawnSync("pdfinfo", [tempFile(pdf)], { encoding: "utf8" });
  const match = /^Pages:\s+(\d+)/m.exec(r.stdout);
  if (!match) throw new Error(`pdfinfo failed: ${r.stderr}`);
  return Number(match[1]);
}

export type TOutlineItem = { title: string; depth: number; page: number };

/** The outline (bookmarks) in reading order, with the 1-based page each item points at. */
export async function outline(pdf: Uint8Array): Promise<TOutlineItem[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const items: TOutlineItem[] = [];
  const visit = (first: PDFDict | undefined, depth: number) => {
    for (let node = first; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const title = node.lookupMaybe(PDFName.of("Title"), PDFString, PDFHexString)?.decodeText() ?? "";
      const ref = node.lookupMaybe(PDFName.of("Dest"), PDFArray)?.get(0);
      items.push({ title, depth, page: ref instanceof PDFRef ? (pageOf.get(ref.toString()) ?? 0) : 0 });
      visit(node.lookupMaybe(PDFName.of("First"), PDFDict), depth + 1);
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict)?.lookupMaybe(PDFName.of("First"), PDFDict), 0);
  return items;
}

/** Text with every run of white space as one space, to find phrases that wrapped over lines. */
export const flat = (text: string) => text.replace(/\s+/g, " ");

/** A line of text as poppler sees it (`pdftotext -bbox-layout`): its box in points, y down from the page's top. */
export type TLineBox = { page: number; xMin: number; yMin: number; xMax: number; yMax: number; text: string };

const decodeXml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Every line of every page. poppler boxes a line from its font's ascender to its descender, over the words' advance widths. */
export function lineBoxes(pdf: Uint8Array): TLineBox[][] {
  const r = spawnSync("pdftotext", ["-bbox-layout", tempFile(pdf), "-"], { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout
    .split(/<page /)
    .slice(1)
    .map((page, i) =>
      [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
        page: i + 1,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: [...m[5]!.matchAll(/>([^<]*)<\/word>/g)].map((w) => decodeXml(w[1]!)).join(" "),
      })),
    );
}

/** The pairs of lines of one page whose boxes intersect by more than `tolerance` points both across and down. */
export function overlappingLines(lines: TLineBox[], tolerance: number): [TLineBox, TLineBox][] {
  const sorted = [...lines].sort((a, b) => a.yMin - b.yMin);
  const pairs: [TLineBox, TLineBox][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    // Sorted by top: only the lines starting above a's bottom can reach into it.
    for (let j = i + 1; j < sorted.length && sorted[j]!.yMin < a.yMax - tolerance; j++) {
      const b = sorted[j]!;
      const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const down = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (across > tolerance && down > tolerance) pairs.push([a, b]);
    }
  }
  return pairs;
}
