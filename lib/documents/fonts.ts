import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { rebuiltFont, sfntMetrics, type TSfntMetrics } from "./sfnt";

/**
 * The fonts of the documents: DejaVu Sans Condensed, its bold, and DejaVu Sans Mono, from the
 * dejavu-fonts-ttf package, embedded (subset) in every PDF. They show Latin with its extensions
 * (Polish, Portuguese…), Greek, Cyrillic, arrows and the mathematical signs (−, ≤, ≥, ±) that
 * the standard PDF fonts cannot. The condensed cut is within 4 % of Helvetica's width, so the
 * documents keep their length.
 *
 * Each font is used without its glyph substitution and positioning tables: without ligatures and
 * kerning, a text is exactly as wide as the sum of its characters' advance widths, which is what
 * our own line breaker (text-layout.ts) measures, what react-pdf, pdfkit and pdf-lib then draw,
 * and what makes their layout fast. Without hinting too, which halves every embedded subset.
 */

export type TFontName = "Sans" | "Sans-Bold" | "Mono";

export const FONT_NAMES: readonly TFontName[] = ["Sans", "Sans-Bold", "Mono"];

const FILES: Record<TFontName, { file: string; postscriptName: string }> = {
  Sans: { file: "DejaVuSansCondensed.ttf", postscriptName: "DejaVuSansCondensed" },
  "Sans-Bold": { file: "DejaVuSansCondensed-Bold.ttf", postscriptName: "DejaVuSansCondensed-Bold" },
  Mono: { file: "DejaVuSansMono.ttf", postscriptName: "DejaVuSansMono" },
};

export const postscriptName = (font: TFontName) => FILES[font].postscriptName;

/** Ligatures, kerning, mark positioning and math layout: see above. */
const LAYOUT_TABLES: ReadonlySet<string> = new Set(["GSUB", "GPOS", "GDEF", "kern", "MATH", "JSTF", "BASE"]);

const originals = new Map<TFontName, Uint8Array>();

/** The font file as shipped, from node_modules (found from the project root, like engine-file.ts). */
function originalBytes(font: TFontName): Uint8Array {
  let bytes = originals.get(font);
  if (bytes) return bytes;
  const file = join(/* turbopackIgnore: true */ process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf", FILES[font].file);
  if (!existsSync(file)) throw new Error(`The document font ${file} is missing: run npm install in the project's root folder.`);
  bytes = readFileSync(file);
  originals.set(font, bytes);
  return bytes;
}

const embedded = new Map<TFontName, Uint8Array>();

/** The font file as embedded: without layout tables and hinting (see sfnt.ts). Its character map and metrics are the original's. */
export function fontBytes(font: TFontName): Uint8Array {
  let bytes = embedded.get(font);
  if (!bytes) {
    bytes = rebuiltFont(originalBytes(font), LAYOUT_TABLES, true);
    embedded.set(font, bytes);
  }
  return bytes;
}

/** Bump when what fontBytes makes changes: it names the files made by fontSource. */
const FONT_FORMAT = 1;
const FONT_CACHE = join(tmpdir(), "prime-plus-fonts");

/**
 * Where react-pdf reads a font from: a file of the embedded font, made once per machine and
 * named for the font file it comes from and FONT_FORMAT, so that every render worker after the
 * first only reads it (a data URL would cost each worker a decode of some 700 KB per font).
 * Written under a temporary name and renamed, so that a reader never sees half a file; where the
 * folder cannot be written, the font goes as a data URL.
 */
export function fontSource(font: TFontName): string {
  const key = createHash("sha256").update(originalBytes(font)).update(`${FONT_FORMAT}`).digest("hex").slice(0, 16);
  const file = join(FONT_CACHE, `${FILES[font].postscriptName}-${key}.ttf`);
  if (existsSync(file)) return file;
  try {
    mkdirSync(FONT_CACHE, { recursive: true });
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, fontBytes(font));
    renameSync(temporary, file);
    return file;
  } catch {
    return `data:font/ttf;base64,${Buffer.from(fontBytes(font)).toString("base64")}`;
  }
}

export type TFontMetrics = {
  /** Advance width of a code point in thousandths of the font size; NaN when the font has no glyph for it. */
  advance(codePoint: number): number;
  /** The glyph index that shows a code point, 0 when none does. */
  glyphOf(codePoint: number): number;
  /** Above and below (negative) the baseline, in thousandths of the font size; likewise the capitals' height and the glyphs' box. */
  ascender: number;
  descender: number;
  capHeight: number;
  bbox: [number, number, number, number];
};

const UNKNOWN = -1;

function metricsOf(sfnt: TSfntMetrics): TFontMetrics {
  const scale = 1000 / sfnt.unitsPerEm;
  // Looked up once per code point: the BMP in an array, the rest in a map. UNKNOWN: not looked up yet.
  const bmp = new Float64Array(0x10000).fill(UNKNOWN);
  const astral = new Map<number, number>();
  const lookUp = (cp: number) => {
    const glyph = sfnt.glyphOf(cp);
    return glyph === 0 ? Number.NaN : sfnt.advanceOf(glyph) * scale;
  };
  return {
    advance(cp) {
      if (cp < 0x10000) {
        const known = bmp[cp]!;
        if (known !== UNKNOWN) return known;
        return (bmp[cp] = lookUp(cp));
      }
      let width = astral.get(cp);
      if (width === undefined) astral.set(cp, (width = lookUp(cp)));
      return width;
    },
    glyphOf: sfnt.glyphOf,
    ascender: sfnt.ascender * scale,
    descender: sfnt.descender * scale,
    capHeight: sfnt.capHeight * scale,
    bbox: sfnt.bbox.map((v) => v * scale) as [number, number, number, number],
  };
}

const metricsCache = new Map<TFontName, TFontMetrics>();

export function fontMetrics(font: TFontName): TFontMetrics {
  let m = metricsCache.get(font);
  if (!m) {
    m = metricsOf(sfntMetrics(originalBytes(font)));
    metricsCache.set(font, m);
  }
  return m;
}

const REPLACEMENT = "?";
// Most strings are printable Latin-1, which every one of the fonts shows: one test spares the loop.
const ALL_LATIN1 = /^[\n\x20-\x7e\xa0-\xac\xae-\xff]*$/;
/** Controls and invisible format characters (bidirectional overrides, zero-width spaces, soft hyphens): they would reorder or hide text. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/**
 * Text as the font can show it: composed (NFC, so that "a" + combining tilde is the one glyph
 * "ã"), line feeds kept, tabs as spaces, control and format characters dropped, and every
 * character the font has no glyph for (CJK, emoji…) replaced by a visible "?" rather than an
 * empty box. The PDF outline is not affected: bookmarks are UTF-16 and keep every character.
 */
export function pdfText(text: string, font: TFontName = "Sans"): string {
  if (ALL_LATIN1.test(text)) return text;
  const m = fontMetrics(font);
  let out = "";
  for (const ch of text.normalize("NFC")) {
    if (ch === "\n") out += ch;
    else if (ch === "\t") out += " ";
    else if (INVISIBLE.test(ch)) continue;
    else out += Number.isNaN(m.advance(ch.codePointAt(0)!)) ? REPLACEMENT : ch;
  }
  return out;
}
