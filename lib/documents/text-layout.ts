import { fontMetrics, pdfText, type TFontName } from "./fonts";

/**
 * Line breaking for the documents' fonts (fonts.ts), done by us instead of react-pdf's text
 * engine for the bulk of the documents (table rows, steps, test forms): those are drawn as
 * fixed-size boxes (engine/pdf-blocks.tsx), so their height must be known before react-pdf lays
 * the page out. Measured on the full profile's access matrix: four times faster than one
 * react-pdf Text node per cell, the first render of a new process included.
 *
 * Widths are the fonts' advance widths. The fonts are embedded without kerning and ligatures, so
 * a text is exactly as wide as its characters' widths added up, wherever it is cut.
 */

export type { TFontName };

/** Text in one font, before line breaking. */
export type TRun = { text: string; font: TFontName };

/** Text in one font on one line, `x` points from the start of the line. */
export type TPlacedRun = { text: string; font: TFontName; x: number };

export type TLine = TPlacedRun[];

/** Width of text (already passed through pdfText for its font) in points. A character the font lacks counts as nothing. */
export function textWidth(text: string, font: TFontName, size: number): number {
  const m = fontMetrics(font);
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      code = text.codePointAt(i)!;
      i++;
    }
    const width = m.advance(code);
    if (width === width) units += width;
  }
  return (units * size) / 1000;
}

/** Distance from the top of a line box to the baseline, for a line of `lineHeight` points: the glyphs' box is centred in the line. */
export function baselineOffset(font: TFontName, size: number, lineHeight: number): number {
  const { ascender, descender } = fontMetrics(font);
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
  let spaceFont: TFontName = "Sans";
  for (const run of runs) {
    const text = pdfText(run.text, run.font);
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const ch = i < text.length ? text[i] : "";
      if (ch !== " " && ch !== "\n" && ch !== "") continue;
      if (i > start) {
        const piece = text.slice(start, i);
        word ??= { pieces: [], width: 0 };
        const last = word.pieces.at(-1);
        if (last?.font === run.font) last.text += piece;
        else word.pieces.push({ text: piece, font: run.font });
        word.width += textWidth(piece, run.font, size);
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
  const chars: { ch: string; font: TFontName; width: number }[] = [];
  for (const piece of word.pieces) for (const ch of piece.text) chars.push({ ch, font: piece.font, width: textWidth(ch, piece.font, size) });
  const widthOf = (from: number, to: number) => {
    let w = 0;
    for (let k = from; k < to; k++) w += chars[k]!.width;
    return w;
  };
  const out: TWord[] = [];
  let i = 0;
  while (i < chars.length) {
    let used = chars[i]!.width;
    let end = i + 1;
    let lastSeparator = SEPARATOR.test(chars[i]!.ch) ? end : -1;
    while (end < chars.length && used + chars[end]!.width <= width) {
      used += chars[end]!.width;
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
