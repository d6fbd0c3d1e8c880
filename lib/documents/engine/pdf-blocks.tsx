import { Canvas, Document, Font, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { frameBoxes, rowBoxes, stackBoxes, type TBox, type TCell, type TParagraph, type TRowStyle } from "../boxes";
import type { TBlock, TColumn, THeading, TPart, TSteps, TTable, TTocEntry } from "../model";
import { FONT_NAMES, fontSource, pdfText, type TFontName } from "../fonts";
import { breakLongWord } from "../text";
import { PAGE, TOC_TYPE } from "../page";

/**
 * The react-pdf side: draws one part of a document model. Running headers, footers, page numbers,
 * TOC page numbers and the outline are added when the parts are merged (merge.ts), because only
 * then is the page of everything known. So no `layout` prop here: it would make react-pdf paginate
 * every part twice just to learn totalPages.
 *
 * Speed notes, measured: react-pdf spends its time per node (yoga, styles, pagination) and per
 * character (textkit: bidi, shaping, line breaking). So the bulk of a document, table rows, steps
 * and verdict forms, is laid out by boxes.ts and painted on Canvas nodes of a few rows: react-pdf
 * only places those boxes (whole, never split) and draws what they hold. That made the access
 * matrix four times faster than one Text node per cell. Headings, paragraphs and lists stay
 * react-pdf text, which flows across pages; hyphenation is off there except for words too long
 * for a line.
 */

Font.registerHyphenationCallback(breakLongWord);
// One family per font, named as text-layout.ts names them: a style picks a font by its family alone.
for (const font of FONT_NAMES) Font.register({ family: font, src: fontSource(font) });

/**
 * The fonts as react-pdf loaded them, for the boxes painted on Canvas nodes: react-pdf loads a
 * font when a Text node first needs it, and a part may have none in that font.
 */
type TLoadedFonts = Record<TFontName, object>;
let loading: Promise<TLoadedFonts> | undefined;
/** Set once loading ends; renderPartPdf waits for it before react-pdf paints anything. */
let painterFonts: TLoadedFonts | undefined;
function loadFonts(): Promise<TLoadedFonts> {
  loading ??= Promise.all(FONT_NAMES.map((font) => Font.load({ fontFamily: font }))).then(() => {
    painterFonts = Object.fromEntries(FONT_NAMES.map((font) => [font, Font.getFont({ fontFamily: font }).data])) as TLoadedFonts;
    return painterFonts;
  });
  return loading;
}

/**
 * Every style that changes the font size sets its own line height: react-pdf turns a unitless
 * line height into points for the size of the node that declares it, and children inherit the
 * points. Without it a 26-point title inherited the page's 11.25-point lines and the company name
 * below was drawn over it.
 */
const s = StyleSheet.create({
  page: {
    fontFamily: "Sans",
    fontSize: 9,
    lineHeight: 1.25,
    paddingTop: PAGE.marginTop,
    paddingBottom: PAGE.marginBottom,
    paddingHorizontal: PAGE.marginX,
    color: "#111111",
  },
  h1: { fontFamily: "Sans-Bold", fontSize: 16, lineHeight: 1.25, marginBottom: 8, color: "#0b3d66" },
  h2: { fontFamily: "Sans-Bold", fontSize: 12, lineHeight: 1.25, marginTop: 10, marginBottom: 4, color: "#0b3d66" },
  h3: { fontFamily: "Sans-Bold", fontSize: 9.5, lineHeight: 1.25, marginTop: 4, marginBottom: 2, paddingTop: 4, borderTopWidth: 0.75, borderColor: "#0b3d66" },
  paragraph: { marginBottom: 4 },
  muted: { marginBottom: 4, color: "#555555" },
  small: { marginBottom: 3, fontSize: 7.5, lineHeight: 1.25, color: "#333333" },
  bold: { fontFamily: "Sans-Bold" },
  mono: { fontFamily: "Mono", fontSize: 8 },
  listItem: { marginBottom: 1.5, paddingLeft: 8 },
  list: { marginBottom: 4 },
  table: { marginBottom: 6 },
  coverTitle: { fontFamily: "Sans-Bold", fontSize: 26, lineHeight: 1.2, marginTop: 120, marginBottom: 6, color: "#0b3d66" },
  coverNote: { marginTop: 30, fontSize: 8, lineHeight: 1.25, color: "#555555" },
  tocEntry1: { fontFamily: "Sans-Bold", fontSize: TOC_TYPE.size[1], lineHeight: TOC_TYPE.lineHeight, marginTop: 4, paddingRight: 40 },
  tocEntry2: { fontSize: TOC_TYPE.size[2], lineHeight: TOC_TYPE.lineHeight, paddingLeft: 14, paddingRight: 40 },
  tocEntry3: { fontSize: TOC_TYPE.size[3], lineHeight: TOC_TYPE.lineHeight, paddingLeft: 28, paddingRight: 40 },
});

const text = (value: string, font: TFontName = "Sans") => pdfText(value, font);

/**
 * The outline of a part is rebuilt in the merge; react-pdf's bookmark only tells where a heading
 * or TOC row landed. (Its types declare `bookmark` on Page and View only; every node honours it.)
 */
const anchor = (id: string): object => ({ bookmark: { title: id } });

/** Space a heading keeps below it on its page for what follows, so that it never ends a page alone. */
const KEEP_WITH_HEADING = 30;
const HEADING_COLOR = "#0b3d66";
/** The sizes of s.h1, s.h2 and s.h3, for headings drawn as boxes. */
const HEADING_BOX = { 1: { fontSize: 16, marginTop: 0, marginBottom: 8 }, 2: { fontSize: 12, marginTop: 10, marginBottom: 4 }, 3: { fontSize: 9.5, marginTop: 4, marginBottom: 2 } } as const;

/**
 * Only direct children of a page get bookmarks: react-pdf gives a bookmark the top of its node
 * relative to the parent, which is the page only for those. A heading with a body (a test: its id
 * and title, then purpose, requirements… in smaller type) is one laid-out box, or several when the
 * body is taller than a page; the first carries the anchor.
 */
function Heading({ block, width, limit }: { block: THeading; width: number; limit: number }) {
  const style = block.level === 1 ? s.h1 : block.level === 2 ? s.h2 : s.h3;
  const title = text(block.number ? `${block.number}  ${block.text}` : block.text, "Sans-Bold");
  if (!block.body) return <Text style={style} minPresenceAhead={KEEP_WITH_HEADING} {...anchor(`h:${block.id}`)}>{title}</Text>;
  const { fontSize, marginTop, marginBottom } = HEADING_BOX[block.level];
  const boxes = frameBoxes(
    [
      { runs: [{ text: title, font: "Sans-Bold" }], size: fontSize, lineHeight: 1.3, color: HEADING_COLOR },
      { runs: block.body.map((span) => ({ text: span.text, font: span.bold ? "Sans-Bold" : "Sans" })), size: 7.5, lineHeight: 1.35 },
    ],
    width,
    { pad: 0, color: "#222222" },
    limit,
  );
  return boxes.map((box, i) => {
    const last = i === boxes.length - 1;
    return (
      <BoxNode
        key={`${block.id}-${i}`}
        box={box}
        style={{ marginTop: i === 0 ? marginTop : 0, marginBottom: last ? marginBottom : 0 }}
        presenceAhead={last ? KEEP_WITH_HEADING : undefined}
        anchorId={i === 0 ? `h:${block.id}` : undefined}
      />
    );
  });
}

/** Room for one box on a page: the content height less a repeated table header and some margin. */
const boxHeightLimit = (orientation: TPart["orientation"]) => (orientation === "landscape" ? PAGE.width : PAGE.height) - PAGE.marginTop - PAGE.marginBottom - 40;

const INK = "#111111";
/** Table rows are drawn in stacks about this tall (see stackBoxes). */
const ROW_STACK = 36;
/** Room a table's header row keeps below it, for the first row: a header never ends a page alone. */
const KEEP_WITH_HEADER = 20;
const HEAD_ROW: TRowStyle = { padX: 2, padY: 1.5, color: INK, background: "#dde6ef", rule: { width: 0.75, color: "#7a8ea3" } };
const BODY_ROW: TRowStyle = { padX: 2, padY: 1, color: INK, rule: { width: 0.5, color: "#c4ccd4" } };
const NORMAL = { size: 7.5, lineHeight: 1.2 };
/** No tighter than the fonts' ascender-to-descender height (1.164 em), so that the lines of a cell never overlap. */
const DENSE = { size: 6.5, lineHeight: 1.17 };
/** Label and value pairs: the page's type, a little space between pairs, no rules. */
const FIELD_TYPE = { size: 9, lineHeight: 1.25 };
const FIELD_ROW: TRowStyle = { padX: 0, padY: 0.75, color: INK };
const COVER_TYPE = { size: 10, lineHeight: 1.25 };
const COVER_ROW: TRowStyle = { padX: 0, padY: 2, color: INK };

/** Bold labels in the first 30 % of the width, values beside them. */
function labelledRows(rows: [string, string][], width: number, type: { size: number; lineHeight: number }, style: TRowStyle, limit: number) {
  return rows.flatMap(([label, value], i) =>
    boxNodes(
      rowBoxes(
        [
          { paragraph: { runs: [{ text: label, font: "Sans-Bold" }], ...type }, width: width * 0.3 },
          { paragraph: { runs: [{ text: value, font: "Sans" }], ...type }, width: width * 0.7 },
        ],
        style,
        limit,
      ),
      `l${i}`,
    ),
  );
}

/** What react-pdf's Canvas hands to `paint`: pdfkit's drawing methods, chainable. */
type TPainter = {
  /** A font object and the name pdfkit keeps it under: the same object twice is one embedded font. */
  font(font: object, name: string): TPainter;
  fontSize(size: number): TPainter;
  fillColor(color: string): TPainter;
  strokeColor(color: string): TPainter;
  lineWidth(width: number): TPainter;
  text(text: string, x: number, y: number, options: object): TPainter;
  rect(x: number, y: number, width: number, height: number): TPainter;
  moveTo(x: number, y: number): TPainter;
  lineTo(x: number, y: number): TPainter;
  fill(): TPainter;
  stroke(): TPainter;
  fillAndStroke(): TPainter;
};

function paintBox(p: TPainter, box: TBox) {
  const fonts = painterFonts;
  if (!fonts) throw new Error("the document fonts are not loaded: render parts with renderPartPdf");
  // pdfkit emits an operator for every call: set the font, size and colour only when they change.
  let font = "";
  let size = 0;
  let color = "";
  for (const d of box.draws) {
    if (d.kind === "text") {
      if (d.font !== font) p.font(fonts[d.font], (font = d.font));
      if (d.size !== size) p.fontSize((size = d.size));
      if (d.color !== color) p.fillColor((color = d.color));
      p.text(d.text, d.x, d.y, { lineBreak: false, baseline: "alphabetic" });
    } else if (d.kind === "rule") {
      p.moveTo(d.x1, d.y1).lineTo(d.x2, d.y2).lineWidth(d.width).strokeColor(d.color).stroke();
    } else {
      p.rect(d.x, d.y, d.width, d.height);
      if (d.fill) p.fillColor((color = d.fill));
      if (d.stroke) p.lineWidth(d.lineWidth ?? 1).strokeColor(d.stroke);
      if (d.fill && d.stroke) p.fillAndStroke();
      else if (d.fill) p.fill();
      else p.stroke();
    }
  }
  return null;
}

/**
 * A laid-out box as one react-pdf node, never split across pages (react-pdf never splits a
 * Canvas); `fixed` repeats it on every page its parent spans (table headers).
 */
function BoxNode({ box, fixed, style, presenceAhead, anchorId }: { box: TBox; fixed?: boolean; style?: object; presenceAhead?: number; anchorId?: string }) {
  return <Canvas style={{ width: box.width, height: box.height, ...style }} fixed={fixed} minPresenceAhead={presenceAhead} {...(anchorId ? anchor(anchorId) : {})} paint={(painter) => paintBox(painter as TPainter, box)} />;
}

const boxNodes = (boxes: TBox[], key: string) => boxes.map((box, i) => <BoxNode key={`${key}-${i}`} box={box} />);

function cells(columns: TColumn[], texts: string[], width: number, font: TFontName, type: { size: number; lineHeight: number }): TCell[] {
  return columns.map((c, i) => {
    const mono = c.mono && font !== "Sans-Bold";
    const paragraph: TParagraph = { runs: [{ text: texts[i] ?? "", font: mono ? "Mono" : font }], size: mono ? Math.min(8, type.size + 0.5) : type.size, lineHeight: type.lineHeight };
    return { paragraph, width: c.width * width, ...(c.align === "right" ? { align: "right" as const } : {}) };
  });
}

function Table({ block, width, limit }: { block: TTable; width: number; limit: number }) {
  const type = block.dense ? DENSE : NORMAL;
  const [head] = rowBoxes(cells(block.columns, block.columns.map((c) => c.title), width, "Sans-Bold", type), HEAD_ROW, limit);
  return (
    <View style={s.table}>
      <BoxNode box={head!} fixed presenceAhead={KEEP_WITH_HEADER} />
      {boxNodes(stackBoxes(block.rows.flatMap((row) => rowBoxes(cells(block.columns, row, width, "Sans", type), BODY_ROW, limit)), ROW_STACK), "r")}
    </View>
  );
}

const STEP_COLUMNS: TColumn[] = [
  { title: "#", width: 0.05 },
  { title: "Action", width: 0.5 },
  { title: "Expected result", width: 0.45 },
];
const RUN_COLUMNS: TColumn[] = [
  { title: "#", width: 0.05 },
  { title: "Action for this step (the part that changes from step to step)", width: 0.95 },
];

/** Steps as compact table rows; a run of steps sharing one template prints the template and the expected result once. */
function Steps({ block, width, limit }: { block: TSteps; width: number; limit: number }) {
  const t = block.template;
  const columns = t ? RUN_COLUMNS : STEP_COLUMNS;
  const [head] = rowBoxes(cells(columns, columns.map((c) => c.title), width, "Sans-Bold", NORMAL), HEAD_ROW, limit);
  const template = t
    ? frameBoxes(
        [
          {
            runs: [
              { text: `Steps ${t.first} to ${t.last}, each: `, font: "Sans-Bold" },
              { text: `${t.before}…${t.after}`, font: "Sans" },
              { text: "\nExpected for each: ", font: "Sans-Bold" },
              { text: t.expected, font: "Sans" },
            ],
            ...NORMAL,
          },
        ],
        width,
        { pad: 3, color: INK, background: "#f1f4f7" },
        limit,
      )
    : [];
  return (
    <View style={s.table}>
      {template.map((box, i) => (
        <BoxNode key={`t${i}`} box={box} style={{ marginTop: i === 0 ? 2 : 0 }} />
      ))}
      <BoxNode box={head!} fixed presenceAhead={KEEP_WITH_HEADER} />
      {boxNodes(
        stackBoxes(
          block.rows.flatMap((row) => rowBoxes(cells(columns, t ? [String(row.number), row.action] : [String(row.number), row.action, row.expected], width, "Sans", NORMAL), BODY_ROW, limit)),
          ROW_STACK,
        ),
        "s",
      )}
    </View>
  );
}

const FIELD_LINE = "_".repeat(36);

/** Criteria, then the fields to fill in, in a frame; only a form taller than a page is cut. */
function Form({ block, width, limit }: { block: Extract<TBlock, { kind: "form" }>; width: number; limit: number }) {
  const criteria: TParagraph[] = block.criteria.map(([label, value]) => ({
    runs: [
      { text: `${label}: `, font: "Sans-Bold" },
      { text: value, font: "Sans" },
    ],
    size: 7.5,
    lineHeight: 1.3,
  }));
  const field = { size: 8.5, lineHeight: 2 };
  const onOneLine = block.lines.slice(0, -1);
  const remarks = block.lines.at(-1);
  const paragraphs: TParagraph[] = [
    ...criteria,
    { runs: [{ text: "Result:  ", font: "Sans-Bold" }, { text: block.choices.map((c) => `[    ] ${c}`).join("        "), font: "Sans" }], ...field },
    ...(onOneLine.length > 0 ? [{ runs: onOneLine.flatMap((label) => [{ text: `${label}: `, font: "Sans-Bold" as const }, { text: `${FIELD_LINE}      `, font: "Sans" as const }]), ...field }] : []),
    // The last field (remarks) gets a line of its own and room below to write.
    ...(remarks ? [{ runs: [{ text: `${remarks}:`, font: "Sans-Bold" as const }, { text: "\n", font: "Sans" as const }], ...field }] : []),
  ];
  const boxes = frameBoxes(paragraphs, width, { pad: 4, color: INK, border: { width: 0.75, color: "#7a8ea3" } }, limit);
  return (
    <View style={{ marginTop: 3, marginBottom: 10 }}>
      {boxes.map((box, i) => (
        <BoxNode key={i} box={box} />
      ))}
    </View>
  );
}

/** TOC rows are direct children of the page (see Heading), so this returns the rows, not a container. */
function tocRows(entries: TTocEntry[]): ReactNode[] {
  const style = { 1: s.tocEntry1, 2: s.tocEntry2, 3: s.tocEntry3 } as const;
  return entries.map((e) => (
    <Text key={`toc-${e.target}`} style={style[e.level]} {...anchor(`toc:${e.target}`)} wrap={false}>
      {text(e.number ? `${e.number}  ${e.text}` : e.text, e.level === 1 ? "Sans-Bold" : "Sans")}
    </Text>
  ));
}

function renderBlock(block: TBlock, key: number, width: number, limit: number): ReactNode {
  switch (block.kind) {
    case "heading":
      return <Heading key={key} block={block} width={width} limit={limit} />;
    case "paragraph":
      return (
        <Text key={key} style={block.tone === "muted" ? s.muted : block.tone === "small" ? s.small : s.paragraph}>
          {block.spans.map((span, i) =>
            span.bold || span.mono ? (
              <Text key={i} style={span.bold ? s.bold : s.mono}>
                {text(span.text, span.bold ? "Sans-Bold" : "Mono")}
              </Text>
            ) : (
              text(span.text)
            ),
          )}
        </Text>
      );
    case "fields":
      return (
        <View key={key} style={s.list}>
          {labelledRows(block.rows, width, FIELD_TYPE, FIELD_ROW, limit)}
        </View>
      );
    case "list":
      return (
        <View key={key} style={s.list}>
          {block.items.map((item, i) => (
            <Text key={i} style={s.listItem}>
              {text(`• ${item}`)}
            </Text>
          ))}
        </View>
      );
    case "table":
      return <Table key={key} block={block} width={width} limit={limit} />;
    case "steps":
      return <Steps key={key} block={block} width={width} limit={limit} />;
    case "form":
      return <Form key={key} block={block} width={width} limit={limit} />;
    case "cover":
      return (
        <View key={key}>
          <Text style={s.coverTitle}>{text(block.title, "Sans-Bold")}</Text>
          {/* Boxes: a hostile 3,000-character company name runs over pages line by line instead of over the title. */}
          {frameBoxes([{ runs: [{ text: block.subtitle, font: "Sans" }], size: 14, lineHeight: 1.25 }], width, { pad: 0, color: "#333333" }, limit).map((box, i, all) => (
            <BoxNode key={`sub${i}`} box={box} style={{ marginBottom: i === all.length - 1 ? 36 : 0 }} />
          ))}
          {labelledRows(block.rows, width, COVER_TYPE, COVER_ROW, limit)}
          <Text style={s.coverNote}>{text(block.note)}</Text>
        </View>
      );
    case "toc":
      return tocRows(block.entries);
    case "pageBreak":
      return <View key={key} break />;
  }
}

/** One part as a react-pdf document: a single flowing page sequence, cover pages break on their own. */
export function PartDocument({ part }: { part: TPart }) {
  const width = (part.orientation === "landscape" ? PAGE.height : PAGE.width) - 2 * PAGE.marginX;
  const limit = boxHeightLimit(part.orientation);
  return (
    <Document>
      <Page size="A4" orientation={part.orientation} style={s.page} experimentalPagination>
        {part.blocks.map((b, i) => renderBlock(b, i, width, limit))}
      </Page>
    </Document>
  );
}

/** Renders one part to PDF bytes; the pages, fonts and bookmarks are what the merge step reads back. */
export async function renderPartPdf(part: TPart): Promise<Buffer> {
  await loadFonts();
  return renderToBuffer(<PartDocument part={part} />);
}
