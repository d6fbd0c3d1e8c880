import { StandardFontEmbedder, StandardFonts } from "pdf-lib";
import { pdfText } from "./text";

/**
 * Line breaking for the standard PDF fonts, done by us instead of react-pdf's text engine for the
 * bulk of the documents (table rows, steps, test forms): those are drawn as fixed-size boxes
 * (engine/pdf-blocks.tsx), so their height must be known before react-pdf lays the page out.
 * Measured on the full profile's access matrix: four times faster than one react-pdf Text node per
 * cell, the first render of a new process included.
 *
 * Widths are the Adobe font metrics of Helvetica, Helvetica-Bold and Courier (read from pdf-lib's
 * copy of the AFM files), with the kerning pairs inside a word, as pdfkit draws them. Kerning
 * across a space is left out: in these fonts it only ever narrows a line.
 */

export type TFontName = "Helvetica" | "Helvetica-Bold" | "Courier";

/** Text in one font, before line breaking. */
export type TRun = { text: string; font: TFontName };

/** Text in one font on one line, `x` points from the start of the line. */
export type TPlacedRun = { text: string; font: TFontName; x: number };

export type TLine = TPlacedRun[];

type TMetrics = { latin: Float64Array; other: Map<number, number>; kerning: Map<number, number>; ascender: number; descender: number };

const FONT_FILES: Record<TFontName, StandardFonts> = {
  Helvetica: StandardFonts.Helvetica,
  "Helvetica-Bold": StandardFonts.HelveticaBold,
  Courier: StandardFonts.Courier,
};

const metricsCache = new Map<TFontName, TMetrics>();

/** Widths in thousandths of the font size: an array for Latin-1, a map for the rest of WinAnsi. */
function metrics(font: TFontName): TMetrics {
  let m = metricsCache.get(font);
  if (m) return m;
  // pdf-lib types the name as its metrics package's own enum, whose values are these same names.
  const embedder = StandardFontEmbedder.for(FONT_FILES[font] as unknown as Parameters<typeof StandardFontEmbedder.for>[0]);
  const width = (ch: string) => embedder.widthOfTextAtSize(ch, 1000);
  const latin = new Float64Array(256);
  const question = width("?");
  for (let code = 0; code < 256; code++) latin[code] = code < 0x20 || (code >= 0x7f && code < 0xa0) ? question : width(String.fromCharCode(code));
  const other = new Map<number, number>();
  for (const ch of "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ") other.set(ch.charCodeAt(0), width(ch));
  // Pairs of glyph names in the AFM file, keyed here by the pairs of characters that show them
  // (one glyph may show several: "space" is both the space and the no-break space).
  const codesOf = new Map<string, number[]>();
  for (const code of embedder.encoding.supportedCodePoints) {
    const name = embedder.encoding.encodeUnicodeCodePoint(code).name;
    codesOf.set(name, [...(codesOf.get(name) ?? []), code]);
  }
  const kerning = new Map<number, number>();
  for (const [left, right, amount] of embedder.font.KernPairs) {
    for (const l of codesOf.get(left) ?? []) for (const r of codesOf.get(right) ?? []) kerning.set(pairKey(l, r), amount);
  }
  m = { latin, other, kerning, ascender: Number(embedder.font.Ascender), descender: Number(embedder.font.Descender) };
  metricsCache.set(font, m);
  return m;
}

const pairKey = (left: number, right: number) => left * 0x10000 + right;

/** Width of text (already passed through pdfText) in points, kerned. */
export function textWidth(text: string, font: TFontName, size: number): number {
  const { latin, other, kerning } = metrics(font);
  let units = 0;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    units += code < 256 ? latin[code]! : (other.get(code) ?? latin[63]!);
    if (previous >= 0) units += kerning.get(pairKey(previous, code)) ?? 0;
    previous = code;
  }
  return (units * size) / 1000;
}

/** Distance from the top of a line box to the baseline, for a line of `lineHeight` points. */
export function baselineOffset(font: TFontName, size: number, lineHeight: number): number {
  const { ascender, descender } = metrics(font);
  const glyphHeight = ((ascender - descender) * size) / 1000;
  return (lineHeight - glyphHeight) / 2 + (ascender * size) / 1000;
}

/** A word: the characters between two spaces, possibly in more than one font ("**Purpose:**x"). */
type TWord = { pieces: TRun[]; width: number };
/** A word and the spaces before it (counted, in the font they were typed in), or a line feed. */
type TToken = { kind: "word"; word: TWord; spaces: number; spaceFont: TFontName } | { kind: "newline" };

/** Places where an over-long word may break: after these separators, as in ids and paths. */
const SEPARATOR = /[-:/._,;=|)]/;

function tokenize(runs: TRun[], size: number): TToken[] {
  const tokens: TToken[] = [];
  let word: TWord | null = null;
  let spaces = 0;
  let spaceFont: TFontName = "Helvetica";
  for (const run of runs) {
    const text = pdfText(run.text);
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const ch = i < text.length ? text[i] : "";
      if (ch !== " " && ch !== "\n" && ch !== "") continue;
      if (i > start) {
        const piece = text.slice(start, i);
        word ??= { pieces: [], width: 0 };
        // Text in one font is measured in one piece, so that the kerning at the join counts.
        const last = word.pieces.at(-1);
        if (last?.font === run.font) {
          word.width -= textWidth(last.text, last.font, size);
          last.text += piece;
        } else word.pieces.push({ text: piece, font: run.font });
        const measured = word.pieces.at(-1)!;
        word.width += textWidth(measured.text, measured.font, size);
      }
      if (ch !== "" && word) {
        tokens.push({ kind: "word", word, spaces, spaceFont });
        word = null;
        spaces = 0;
      }
      if (ch === " ") {
        spaces++;
        spaceFont = run.font;
      } else if (ch === "\n") {
        tokens.push({ kind: "newline" });
        spaces = 0;
      }
      start = i + 1;
    }
  }
  if (word) tokens.push({ kind: "word", word, spaces, spaceFont });
  return tokens;
}

/** Cuts a word wider than the line into pieces that fit, preferring the ends of separators. */
function splitWord(word: TWord, width: number, size: number): TWord[] {
  // A character's width with its kerning after the character before it (in the same font), and
  // alone, as it is when it starts a piece: a piece's width is then the sum of its characters'.
  const chars: { ch: string; font: TFontName; kerned: number; alone: number }[] = [];
  for (const piece of word.pieces) {
    let previous = "";
    for (const ch of piece.text) {
      const alone = textWidth(ch, piece.font, size);
      const kerned = previous ? textWidth(previous + ch, piece.font, size) - textWidth(previous, piece.font, size) : alone;
      chars.push({ ch, font: piece.font, kerned, alone });
      previous = ch;
    }
  }
  const widthOf = (from: number, to: number) => {
    let w = 0;
    for (let k = from; k < to; k++) w += k === from ? chars[k]!.alone : chars[k]!.kerned;
    return w;
  };
  const out: TWord[] = [];
  let i = 0;
  while (i < chars.length) {
    let used = chars[i]!.alone;
    let end = i + 1;
    let lastSeparator = SEPARATOR.test(chars[i]!.ch) ? end : -1;
    while (end < chars.length && used + chars[end]!.kerned <= width) {
      used += chars[end]!.kerned;
      if (SEPARATOR.test(chars[end]!.ch)) lastSeparator = end + 1;
      end++;
    }
    // Break after the last separator when that keeps at least a third of the line.
    if (end < chars.length && lastSeparator > i && widthOf(i, lastSeparator) >= width / 3) end = lastSeparator;
    const pieces: TRun[] = [];
    for (let k = i; k < end; k++) {
      const c = chars[k]!;
      const last = pieces.at(-1);
      if (last && last.font === c.font) last.text += c.ch;
      else pieces.push({ text: c.ch, font: c.font });
    }
    out.push({ pieces, width: widthOf(i, end) });
    i = end;
  }
  return out;
}

/**
 * Breaks runs of text into lines at most `width` points wide: at spaces and line feeds, and
 * inside words only when a word alone is wider than the line. Spaces at the start and end of a
 * line are dropped; consecutive text in the same font on a line becomes one run (one drawing
 * operation). An empty text gives no lines; each line feed starts a new line.
 */
export function wrapRuns(runs: TRun[], width: number, size: number): TLine[] {
  const lines: TLine[] = [];
  let line: TLine = [];
  let x = 0;
  // False after spaces drawn as a gap: the next text starts a run of its own.
  let continuous = false;
  let any = false;
  const append = (text: string, font: TFontName) => {
    const last = line.at(-1);
    if (continuous && last && last.font === font) last.text += text;
    else line.push({ text, font, x });
    x += textWidth(text, font, size);
    continuous = true;
  };
  for (const token of tokenize(runs, size)) {
    any = true;
    if (token.kind === "newline") {
      lines.push(line);
      line = [];
      x = 0;
      continuous = false;
      continue;
    }
    const words = token.word.width > width ? splitWord(token.word, width, size) : [token.word];
    words.forEach((word, i) => {
      const spaces = i === 0 && line.length > 0 ? token.spaces : 0;
      const spaceWidth = spaces * textWidth(" ", token.spaceFont, size);
      if (line.length > 0 && x + spaceWidth + word.width > width) {
        lines.push(line);
        line = [];
        x = 0;
        continuous = false;
      } else if (spaces > 0) {
        const last = line.at(-1)!;
        if (continuous && last.font === token.spaceFont) append(" ".repeat(spaces), token.spaceFont);
        else {
          x += spaceWidth;
          continuous = false;
        }
      }
      for (const piece of word.pieces) append(piece.text, piece.font);
    });
  }
  if (any) lines.push(line);
  return lines;
}
