import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { FONT_NAMES, fontBytes, fontMetrics, fontSource, pdfText, type TFontName } from "@/lib/documents/fonts";
import { glyphSubset, tableDirectory } from "@/lib/documents/sfnt";
import { ROOT } from "../../helpers/examples";

/**
 * The fonts are checked against fontkit, the font engine react-pdf and pdfkit draw with (loaded
 * from react-pdf's own dependencies): what our line breaker measures must be what they draw.
 */
type TGlyph = { id: number; advanceWidth: number; path: { toSVG(): string } };
type TFont = {
  characterSet: number[];
  unitsPerEm: number;
  numGlyphs: number;
  glyphForCodePoint(cp: number): TGlyph;
  getGlyph(id: number): TGlyph;
  layout(text: string): { glyphs: TGlyph[]; advanceWidth: number };
};
const fontkit = createRequire(join(ROOT, "node_modules/@react-pdf/font/package.json"))("fontkit") as { create(bytes: Uint8Array): TFont };
const original = (font: TFontName) =>
  readFileSync(join(ROOT, "node_modules/dejavu-fonts-ttf/ttf", { Sans: "DejaVuSansCondensed.ttf", "Sans-Bold": "DejaVuSansCondensed-Bold.ttf", Mono: "DejaVuSansMono.ttf" }[font]));

describe.each(FONT_NAMES)("the embedded font %s", (name) => {
  const embedded = fontkit.create(fontBytes(name));
  const source = fontkit.create(original(name));

  test("has every glyph of the font file, drawn the same, with the same advance widths and character map", () => {
    expect(embedded.numGlyphs).toBe(source.numGlyphs);
    for (let id = 0; id < source.numGlyphs; id++) {
      const a = embedded.getGlyph(id);
      const b = source.getGlyph(id);
      expect(a.advanceWidth, `glyph ${id}`).toBe(b.advanceWidth);
      expect(a.path.toSVG(), `glyph ${id}`).toBe(b.path.toSVG());
    }
    expect(embedded.characterSet).toEqual(source.characterSet);
  });

  test("has no ligatures, kerning or hinting: a text is as wide as its characters, as our metrics measure it", () => {
    const tags = tableDirectory(fontBytes(name)).map((t) => t.tag);
    for (const tag of ["GSUB", "GPOS", "kern", "cvt ", "fpgm", "prep"]) expect(tags).not.toContain(tag);
    const text = "office fl AV To Wa “yes” entries_in_use − 1 ≥ 0 → Łódź São João Ελληνικά";
    const run = embedded.layout(text);
    expect(run.glyphs).toHaveLength([...text].length);
    const m = fontMetrics(name);
    const ours = [...text].reduce((n, ch) => n + m.advance(ch.codePointAt(0)!), 0);
    expect(ours).toBeCloseTo((run.advanceWidth * 1000) / embedded.unitsPerEm, 6);
    // The proportional fonts as shipped join "fi" into one glyph and kern "AV" (the monospaced one does neither): the embedded ones must not.
    if (name !== "Mono") {
      expect(source.layout("fi").glyphs).toHaveLength(1);
      expect(source.layout("AV").advanceWidth).toBeLessThan(source.glyphForCodePoint(65).advanceWidth + source.glyphForCodePoint(86).advanceWidth);
    }
  });

  test("our character map and widths agree with fontkit's on every character of the font", () => {
    const m = fontMetrics(name);
    const scale = 1000 / source.unitsPerEm;
    for (const cp of source.characterSet) {
      const glyph = source.glyphForCodePoint(cp);
      expect(m.glyphOf(cp), `U+${cp.toString(16)}`).toBe(glyph.id);
      if (glyph.id !== 0) expect(m.advance(cp), `U+${cp.toString(16)}`).toBeCloseTo(glyph.advanceWidth * scale, 9);
    }
    expect(m.advance(0x6771)).toBeNaN();
  });
});

describe("fontSource", () => {
  test("is a file holding the embedded font, the same file every time", () => {
    for (const name of FONT_NAMES) {
      const file = fontSource(name);
      expect(file).toMatch(/\.ttf$/);
      expect(new Uint8Array(readFileSync(file))).toEqual(fontBytes(name));
      expect(fontSource(name)).toBe(file);
    }
  });
});

describe("glyphSubset", () => {
  test("keeps the glyphs asked for, and the components they are built of, at their indexes; the others are empty", () => {
    const m = fontMetrics("Sans");
    const chars = "Eléctrica − ≥ Ł";
    const keep = [...chars].map((ch) => m.glyphOf(ch.codePointAt(0)!));
    const subset = fontkit.create(glyphSubset(fontBytes("Sans"), keep));
    const full = fontkit.create(fontBytes("Sans"));
    for (const id of keep) expect(subset.getGlyph(id).path.toSVG()).toBe(full.getGlyph(id).path.toSVG());
    const other = m.glyphOf("Z".codePointAt(0)!);
    expect(subset.getGlyph(other).path.toSVG()).toBe("");
    expect(glyphSubset(fontBytes("Sans"), keep).length).toBeLessThan(fontBytes("Sans").length / 10);
  });
});

describe("pdfText", () => {
  test("keeps what the fonts show: Latin with its extensions, Greek, arrows and mathematical signs", () => {
    const text = "Ibérica Distribución — “quoted” € <b>{x}</b> Łódź Żółć São João Ελληνικά entries_in_use − 1 ≤ 2 ≥ 0 → ± µ";
    expect(pdfText(text)).toBe(text);
    expect(pdfText(text, "Sans-Bold")).toBe(text);
  });

  test("composes accents typed apart, drops controls and invisible formatting, and shows '?' for what no glyph shows", () => {
    expect(pdfText("Sa\u0303o Joa\u0303o")).toBe("São João");
    expect(pdfText("東京 電力\u202e\u0007x\ty\u200b")).toBe("?? ??x y");
    expect(pdfText("a\u{1F9E0}b")).toBe("a?b");
  });
});
