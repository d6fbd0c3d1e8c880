import {
  beginText,
  endText,
  lineTo,
  moveText,
  moveTo,
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
  type PDFOperator,
  type PDFPage,
} from "pdf-lib";
import { ChromeFont } from "./chrome-font";
import { fontMetrics, pdfText } from "./fonts";
import { partHeadings, type TDocumentModel, type THeading, type TPart } from "./model";
import { PAGE, TOC_TYPE } from "./page";
import { textWidth } from "./text-layout";

/**
 * Joins the separately rendered parts into one PDF and adds what needs the whole document:
 * running header, footer with "page x of y", the page numbers and links of the table of contents,
 * and the outline (bookmarks). Each part marks its headings and TOC rows with react-pdf bookmarks
 * titled `h:<id>` and `toc:<id>`; their destinations tell on which page and how high they landed.
 */

type TAnchor = { page: number; top: number };

/** Control characters, which have no place in a bookmark title or the document information. */
const CONTROL = /\p{Cc}+/gu;
type TRendered = { part: TPart; pdf: Uint8Array };

/** The bookmarks of a rendered part, by title, with their page index in that part. */
function readAnchors(doc: PDFDocument): Map<string, TAnchor> {
  const anchors = new Map<string, TAnchor>();
  const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const outlines = doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  const visit = (item: PDFDict | undefined) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const title = node.lookupMaybe(PDFName.of("Title"), PDFString, PDFHexString)?.decodeText();
      const dest = node.lookupMaybe(PDFName.of("Dest"), PDFArray);
      const ref = dest?.get(0);
      const top = dest?.lookupMaybe(3, PDFNumber)?.asNumber();
      if (title && ref instanceof PDFRef && top !== undefined) anchors.set(title, { page: pageOf.get(ref.toString()) ?? 0, top });
      visit(node.lookupMaybe(PDFName.of("First"), PDFDict));
    }
  };
  visit(outlines?.lookupMaybe(PDFName.of("First"), PDFDict));
  return anchors;
}

/** The chrome's font: the documents' regular font (fonts.ts), embedded once, subset to what the chrome draws (chrome-font.ts). */
const CHROME = "Sans";
const chromeWidth = (text: string, size: number) => textWidth(text, CHROME, size);

/** Cuts text to a width, ending with an ellipsis: a hostile 3,000-character name must not run off the page. */
function fitText(text: string, size: number, width: number): string {
  // Cut between code points, never inside a surrogate pair.
  const safe = [...pdfText(text, CHROME).replace(/\s+/g, " ")];
  const whole = safe.join("");
  if (chromeWidth(whole, size) <= width) return whole;
  let lo = 0;
  let hi = safe.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (chromeWidth(`${safe.slice(0, mid).join("")}…`, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${safe.slice(0, lo).join("")}…`;
}

const GREY = [0.33, 0.33, 0.33] as const;
const INK = [0, 0, 0] as const;
const RULE = [0.6, 0.66, 0.72] as const;
/** The resource name of the chrome's font on every page: fixed, so that pages can share one stream. */
const CHROME_FONT = PDFName.of("PrimePlusChrome");

type TChromeTexts = { headerLeft: string; headerRight: string; footerLeft: string };

/** Text drawn in the chrome's font, `y` its baseline. */
function textOperators(font: ChromeFont, text: string, x: number, y: number, size: number, color: readonly [number, number, number]): PDFOperator[] {
  return [
    pushGraphicsState(),
    setFillingRgbColor(...color),
    beginText(),
    setFontAndSize(CHROME_FONT, size),
    moveText(x, y),
    showText(font.encode(text)),
    endText(),
    popGraphicsState(),
  ];
}

const registerStream = (doc: PDFDocument, operators: PDFOperator[]) => doc.context.register(PDFContentStream.of(doc.context.obj({}), operators, false));

/**
 * Running header and footer as raw drawing operators. The part of the chrome that is the same on
 * every page of a part (everything but the page number) is one content stream shared by those
 * pages, and the streams are left uncompressed: compressing some 1,400 tiny streams cost more
 * than the rest of the merge.
 */
class Chrome {
  private readonly shared = new Map<string, PDFRef>();
  private readonly fitted = new Map<string, string>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: ChromeFont,
    /** Width of the widest "page x of y", kept free at the footer's right on every page. */
    private readonly pageLabelWidth: number,
  ) {}

  stamp(page: PDFPage, texts: TChromeTexts, pageLabel: string) {
    const { width, height } = page.getSize();
    const key = JSON.stringify([texts, width, height]);
    let ref = this.shared.get(key);
    if (!ref) {
      ref = this.register(this.sharedOperators(texts, width, height));
      this.shared.set(key, ref);
    }
    page.node.normalize();
    page.node.setFontDictionary(CHROME_FONT, this.font.ref);
    page.node.addContentStream(ref);
    const size = PAGE.chromeFontSize;
    page.node.addContentStream(this.register(this.textOperators(pageLabel, width - PAGE.marginX - chromeWidth(pageLabel, size), PAGE.footerBaseline)));
  }

  private register(operators: PDFOperator[]): PDFRef {
    return registerStream(this.doc, operators);
  }

  private fit(text: string, width: number): string {
    const key = `${width}\u0000${text}`;
    let fitted = this.fitted.get(key);
    if (fitted === undefined) {
      fitted = fitText(text, PAGE.chromeFontSize, width);
      this.fitted.set(key, fitted);
    }
    return fitted;
  }

  private textOperators(text: string, x: number, y: number): PDFOperator[] {
    return textOperators(this.font, text, x, y, PAGE.chromeFontSize, GREY);
  }

  private ruleOperators(y: number, right: number): PDFOperator[] {
    return [pushGraphicsState(), setStrokingRgbColor(...RULE), setLineWidth(0.5), moveTo(PAGE.marginX, y), lineTo(right, y), stroke(), popGraphicsState()];
  }

  private sharedOperators(texts: TChromeTexts, width: number, height: number): PDFOperator[] {
    const size = PAGE.chromeFontSize;
    const left = PAGE.marginX;
    const right = width - PAGE.marginX;
    const usable = right - left;
    const ops: PDFOperator[] = [];
    const draw = (text: string, y: number, align: "left" | "right", maxWidth: number) => {
      const fitted = this.fit(text, maxWidth);
      ops.push(...this.textOperators(fitted, align === "left" ? left : right - chromeWidth(fitted, size), y));
    };
    if (texts.headerLeft || texts.headerRight) {
      const yHeader = height - PAGE.headerBaseline;
      const rightWidth = texts.headerRight ? Math.min(chromeWidth(pdfText(texts.headerRight, CHROME), size), usable * 0.45) : 0;
      if (texts.headerLeft) draw(texts.headerLeft, yHeader, "left", usable - rightWidth - 12);
      if (texts.headerRight) draw(texts.headerRight, yHeader, "right", usable * 0.45);
      ops.push(...this.ruleOperators(yHeader - 4, right));
    }
    const yFooter = PAGE.footerBaseline;
    ops.push(...this.ruleOperators(yFooter + 9, right));
    draw(texts.footerLeft, yFooter, "left", usable - this.pageLabelWidth - 12);
    return ops;
  }
}

type TOutlineNode = { title: string; page: PDFPage; top: number; children: TOutlineNode[] };

/** The outline tree: every heading, nested by level, pointing at where it landed. */
function outlineTree(headings: { heading: THeading; page: PDFPage; top: number }[]): TOutlineNode[] {
  const roots: TOutlineNode[] = [];
  const stack: { level: number; node: TOutlineNode }[] = [];
  for (const { heading, page, top } of headings) {
    const node: TOutlineNode = { title: (heading.number ? `${heading.number} ${heading.text}` : heading.text).replace(CONTROL, " "), page, top, children: [] };
    while (stack.length > 0 && stack.at(-1)!.level >= heading.level) stack.pop();
    (stack.at(-1)?.node.children ?? roots).push(node);
    stack.push({ level: heading.level, node });
  }
  return roots;
}

/** Writes the outline dictionaries; chapters start closed so that a 1,000-test outline stays usable. */
function writeOutline(doc: PDFDocument, roots: TOutlineNode[]) {
  const { context } = doc;
  const rootRef = context.nextRef();
  const write = (nodes: TOutlineNode[], parentRef: PDFRef): PDFRef[] => {
    const refs = nodes.map(() => context.nextRef());
    nodes.forEach((node, i) => {
      const dict = context.obj({});
      dict.set(PDFName.of("Title"), PDFHexString.fromText(node.title));
      dict.set(PDFName.of("Parent"), parentRef);
      if (i > 0) dict.set(PDFName.of("Prev"), refs[i - 1]!);
      if (i < nodes.length - 1) dict.set(PDFName.of("Next"), refs[i + 1]!);
      dict.set(PDFName.of("Dest"), context.obj([node.page.ref, PDFName.of("XYZ"), PDFNull, node.top, PDFNull]));
      if (node.children.length > 0) {
        const children = write(node.children, refs[i]!);
        dict.set(PDFName.of("First"), children[0]!);
        dict.set(PDFName.of("Last"), children.at(-1)!);
        dict.set(PDFName.of("Count"), PDFNumber.of(-node.children.length));
      }
      context.assign(refs[i]!, dict);
    });
    return refs;
  };
  const top = write(roots, rootRef);
  if (top.length === 0) return;
  context.assign(rootRef, context.obj({ Type: "Outlines", First: top[0]!, Last: top.at(-1)!, Count: top.length }));
  doc.catalog.set(PDFName.of("Outlines"), rootRef);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

/** Page numbers of the TOC rows, right-aligned on the row's first line, and a link over each row. */
function stampToc(doc: PDFDocument, font: ChromeFont, front: { page: PDFPage; anchors: Map<string, TAnchor> }[], targets: Map<string, { page: PDFPage; number: number; top: number }>, levels: Map<string, 1 | 2 | 3>) {
  for (const { page, anchors } of front) {
    const numbers: PDFOperator[] = [];
    for (const [title, anchor] of anchors) {
      if (!title.startsWith("toc:")) continue;
      const id = title.slice(4);
      const target = targets.get(id);
      if (!target) continue;
      const size = TOC_TYPE.size[levels.get(id) ?? 2];
      const line = size * TOC_TYPE.lineHeight;
      // react-pdf sets a line's baseline one ascender below the line's top; the extra leading goes below.
      const baseline = anchor.top - (fontMetrics(CHROME).ascender * size) / 1000;
      const label = String(target.number);
      const right = page.getWidth() - PAGE.marginX;
      numbers.push(...textOperators(font, label, right - chromeWidth(label, size), baseline, size, INK));
      const link = doc.context.obj({
        Type: "Annot",
        Subtype: "Link",
        Rect: [PAGE.marginX, anchor.top - line, right, anchor.top],
        Border: [0, 0, 0],
        Dest: [target.page.ref, PDFName.of("XYZ"), PDFNull, target.top, PDFNull],
      });
      page.node.addAnnot(doc.context.register(link));
    }
    if (numbers.length === 0) continue;
    page.node.normalize();
    page.node.setFontDictionary(CHROME_FONT, font.ref);
    page.node.addContentStream(registerStream(doc, numbers));
  }
}

/** The rendered parts (front first) as one PDF. */
export async function mergeParts(model: TDocumentModel, rendered: TRendered[]): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const font = new ChromeFont(out, CHROME);
  const pages: { page: PDFPage; part: TPart }[] = [];
  const placed: { part: TPart; pages: PDFPage[]; anchors: Map<string, TAnchor> }[] = [];
  for (const { part, pdf } of rendered) {
    const src = await PDFDocument.load(pdf, { updateMetadata: false });
    const copied = await out.copyPages(src, src.getPageIndices());
    for (const page of copied) {
      out.addPage(page);
      pages.push({ page, part });
    }
    placed.push({ part, pages: copied, anchors: readAnchors(src) });
  }

  const targets = new Map<string, { page: PDFPage; number: number; top: number }>();
  const outline: { heading: THeading; page: PDFPage; top: number }[] = [];
  const pageNumber = new Map(pages.map((p, i) => [p.page, i + 1]));
  for (const { part, pages: partPages, anchors } of placed) {
    for (const heading of partHeadings(part)) {
      const anchor = anchors.get(`h:${heading.id}`);
      if (!anchor) throw new Error(`heading ${heading.id} of part ${part.id} has no bookmark in the rendered part`);
      const page = partPages[anchor.page]!;
      targets.set(heading.id, { page, number: pageNumber.get(page)!, top: anchor.top });
      outline.push({ heading, page, top: anchor.top });
    }
  }

  const front = placed.filter((p) => p.part.id === model.front.id).flatMap((p) => p.pages.map((page, i) => ({ page, anchors: new Map([...p.anchors].filter(([, a]) => a.page === i)) })));
  const levels = new Map(model.parts.flatMap((p) => partHeadings(p).map((h) => [h.id, h.level] as const)));
  stampToc(out, font, front, targets, levels);

  const total = pages.length;
  const pageLabel = (n: number) => `page ${n} of ${total}`;
  const chrome = new Chrome(out, font, chromeWidth(pageLabel(total), PAGE.chromeFontSize));
  pages.forEach(({ page, part }, i) =>
    chrome.stamp(page, { headerLeft: i === 0 ? "" : model.headerText, headerRight: part.runningTitle, footerLeft: model.footerText }, pageLabel(i + 1)),
  );
  writeOutline(out, outlineTree(outline));
  font.embed();

  const m = model.metadata;
  out.setTitle(m.title.replace(CONTROL, " "), { showInWindowTitleBar: true });
  out.setAuthor(m.author.replace(CONTROL, " "));
  out.setSubject(m.subject);
  out.setKeywords(m.keywords);
  out.setCreator("PRIME+ profile tool");
  out.setProducer("PRIME+ profile tool (react-pdf, pdf-lib)");
  if (m.date) {
    const date = new Date(m.date);
    if (!Number.isNaN(date.getTime())) {
      out.setCreationDate(date);
      out.setModificationDate(date);
    }
  }
  return out.save({ useObjectStreams: false });
}
