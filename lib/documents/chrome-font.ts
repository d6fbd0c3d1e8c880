import { PDFHexString, PDFString, type PDFDocument, type PDFRef } from "pdf-lib";
import { fontBytes, fontMetrics, postscriptName, type TFontName } from "./fonts";
import { glyphSubset } from "./sfnt";

/**
 * The font of what the merge step draws (running headers, footers, page numbers, TOC page
 * numbers): one of the documents' fonts, embedded once per document as a Type 0 font with a
 * subset of its glyphs (PDF 1.7 § 9.7, 9.9). Text is encoded as the font's own glyph indexes
 * (Identity-H, CIDToGIDMap Identity), and a ToUnicode map lets readers and pdftotext read it back.
 *
 * Written here on pdf-lib's objects rather than with pdf-lib's own custom font embedding: that
 * needs a font engine loaded into every render worker (a good part of a second each), and the
 * documents' fonts are already parsed by fonts.ts.
 */
export class ChromeFont {
  /** Glyph index → the text it shows, for the ToUnicode map. */
  private readonly used = new Map<number, string>();
  readonly ref: PDFRef;
  private embedded = false;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: TFontName,
  ) {
    this.ref = doc.context.nextRef();
  }

  /** Text already passed through pdfText for this font, as a string of glyph indexes for a show-text operator. */
  encode(text: string): PDFHexString {
    const { glyphOf } = fontMetrics(this.font);
    let hex = "";
    for (const ch of text) {
      const glyph = glyphOf(ch.codePointAt(0)!);
      if (!this.used.has(glyph)) this.used.set(glyph, ch);
      hex += glyph.toString(16).padStart(4, "0");
    }
    return PDFHexString.of(hex);
  }

  /** Writes the font with every glyph encoded so far: once, after the last `encode`. */
  embed(): void {
    if (this.embedded) throw new Error("the chrome font is already embedded");
    this.embedded = true;
    const { context } = this.doc;
    const m = fontMetrics(this.font);
    const glyphs = [...this.used.keys()].sort((a, b) => a - b);
    const name = `${subsetTag(glyphs)}+${postscriptName(this.font)}`;
    const file = glyphSubset(fontBytes(this.font), glyphs);
    const fontFile = context.register(context.flateStream(file, { Length1: file.length }));
    const descriptor = context.register(
      context.obj({
        Type: "FontDescriptor",
        FontName: name,
        // Nonsymbolic would promise the standard Latin character set; these fonts go far beyond it.
        Flags: 4,
        FontBBox: m.bbox.map(Math.round),
        ItalicAngle: 0,
        Ascent: Math.round(m.ascender),
        Descent: Math.round(m.descender),
        CapHeight: Math.round(m.capHeight),
        StemV: 80,
        FontFile2: fontFile,
      }),
    );
    const widths = glyphs.flatMap((g) => [g, [round(m.advance(this.used.get(g)!.codePointAt(0)!) || 0)]]);
    const cidFont = context.register(
      context.obj({
        Type: "Font",
        Subtype: "CIDFontType2",
        BaseFont: name,
        CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
        FontDescriptor: descriptor,
        W: widths,
        CIDToGIDMap: "Identity",
      }),
    );
    const toUnicode = context.register(context.flateStream(toUnicodeCMap(this.used)));
    context.assign(
      this.ref,
      context.obj({ Type: "Font", Subtype: "Type0", BaseFont: name, Encoding: "Identity-H", DescendantFonts: [cidFont], ToUnicode: toUnicode }),
    );
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Six capital letters that tell subsets apart (PDF 1.7 § 9.6.4), from the glyphs they hold. */
function subsetTag(glyphs: number[]): string {
  let hash = 0x811c9dc5;
  for (const g of glyphs) hash = Math.imul(hash ^ g, 0x01000193) >>> 0;
  let tag = "";
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26);
  }
  return tag;
}

const utf16Hex = (text: string) => [...text].flatMap((ch) => {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x10000) return [cp];
  const v = cp - 0x10000;
  return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
}).map((u) => u.toString(16).padStart(4, "0")).join("");

/** The CMap from glyph indexes to Unicode, in blocks of at most 100 entries as the format allows. */
function toUnicodeCMap(used: Map<number, string>): Uint8Array {
  const entries = [...used].sort((a, b) => a[0] - b[0]).map(([g, text]) => `<${g.toString(16).padStart(4, "0")}> <${utf16Hex(text)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  const cmap = [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <ffff>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
  return new TextEncoder().encode(cmap);
}
