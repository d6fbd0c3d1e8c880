import { Document, Font, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { TBlock, TColumn, THeading, TPart, TSteps, TTable, TTocEntry } from "../model";
import { breakLongWord, pdfText } from "../text";
import { PAGE } from "../page";

/**
 * The react-pdf side: draws one part of a document model. Running headers, footers, page numbers,
 * TOC page numbers and the outline are added when the parts are merged (merge.ts), because only
 * then is the page of everything known. So no `layout` prop here: it would make react-pdf paginate
 * every part twice just to learn totalPages.
 *
 * Speed notes, measured: react-pdf spends its time per node (yoga, pagination, drawing) and per
 * character (textkit: bidi, shaping, line breaking, about half of a text-heavy part), so rows are
 * as few nodes as possible, columns have fixed widths (each cell's text is measured once at its
 * final width) and hyphenation is off except for words too long for any column.
 */

Font.registerHyphenationCallback(breakLongWord);

const s = StyleSheet.create({
  page: {
    fontFamily: "Helvetica",
    fontSize: 9,
    lineHeight: 1.25,
    paddingTop: PAGE.marginTop,
    paddingBottom: PAGE.marginBottom,
    paddingHorizontal: PAGE.marginX,
    color: "#111111",
  },
  h1: { fontFamily: "Helvetica-Bold", fontSize: 16, marginBottom: 8, color: "#0b3d66" },
  h2: { fontFamily: "Helvetica-Bold", fontSize: 12, marginTop: 10, marginBottom: 4, color: "#0b3d66" },
  h3: { fontFamily: "Helvetica-Bold", fontSize: 9.5, marginTop: 4, marginBottom: 2, paddingTop: 4, borderTopWidth: 0.75, borderColor: "#0b3d66" },
  paragraph: { marginBottom: 4 },
  muted: { marginBottom: 4, color: "#555555" },
  small: { marginBottom: 3, fontSize: 7.5, color: "#333333" },
  bold: { fontFamily: "Helvetica-Bold" },
  mono: { fontFamily: "Courier", fontSize: 8 },
  listItem: { marginBottom: 1.5, paddingLeft: 8 },
  list: { marginBottom: 4 },
  table: { marginBottom: 6 },
  headRow: { flexDirection: "row", backgroundColor: "#dde6ef", borderBottomWidth: 0.75, borderColor: "#7a8ea3" },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderColor: "#c4ccd4" },
  headCell: { fontFamily: "Helvetica-Bold", paddingHorizontal: 2, paddingVertical: 1.5 },
  cell: { paddingHorizontal: 2, paddingVertical: 1 },
  dense: { fontSize: 6.5, lineHeight: 1.15 },
  normal: { fontSize: 7.5, lineHeight: 1.2 },
  fieldRow: { flexDirection: "row", marginBottom: 1.5 },
  template: { marginTop: 2, padding: 3, backgroundColor: "#f1f4f7", fontSize: 7.5, lineHeight: 1.2 },
  form: { marginTop: 3, marginBottom: 10, padding: 4, borderWidth: 0.75, borderColor: "#7a8ea3", fontSize: 7.5, lineHeight: 1.3 },
  formFields: { fontSize: 8.5, lineHeight: 2 },
  headingWithBody: { lineHeight: 1.3 },
  headingBody: { fontFamily: "Helvetica", fontSize: 7.5, lineHeight: 1.35, color: "#222222" },
  coverTitle: { fontFamily: "Helvetica-Bold", fontSize: 26, marginTop: 120, marginBottom: 6, color: "#0b3d66" },
  coverSubtitle: { fontSize: 14, marginBottom: 36, color: "#333333" },
  coverRow: { flexDirection: "row", marginBottom: 4, fontSize: 10 },
  coverNote: { marginTop: 30, fontSize: 8, color: "#555555" },
  tocEntry1: { fontFamily: "Helvetica-Bold", marginTop: 4, paddingRight: 40 },
  tocEntry2: { paddingLeft: 14, paddingRight: 40 },
  tocEntry3: { paddingLeft: 28, paddingRight: 40, fontSize: 8 },
});

const text = (value: string) => pdfText(value);

/** Fixed point widths per column: yoga then measures each cell's text once, at its final width. */
function columnStyles(columns: TColumn[], contentWidth: number) {
  return columns.map((c) => ({ width: c.width * contentWidth, ...(c.align === "right" ? { textAlign: "right" as const } : {}) }));
}

/**
 * The outline of a part is rebuilt in the merge; react-pdf's bookmark only tells where a heading
 * or TOC row landed. (Its types declare `bookmark` on Page and View only; every node honours it.)
 */
const anchor = (id: string): object => ({ bookmark: { title: id } });

/**
 * Only direct children of a page get bookmarks: react-pdf gives a bookmark the top of its node
 * relative to the parent, which is the page only for those. A heading with a body (a test's
 * purpose, requirements…) is one node: the title, then the body in smaller type.
 */
function Heading({ block }: { block: THeading }) {
  const style = block.level === 1 ? s.h1 : block.level === 2 ? s.h2 : s.h3;
  const title = text(block.number ? `${block.number}  ${block.text}` : block.text);
  if (!block.body) return <Text style={style} {...anchor(`h:${block.id}`)}>{title}</Text>;
  return (
    <Text style={[style, s.headingWithBody]} {...anchor(`h:${block.id}`)}>
      {title}
      <Text style={s.headingBody}>
        {"\n"}{block.body.map((span, i) => (span.bold ? <Text key={i} style={s.bold}>{text(span.text)}</Text> : text(span.text)))}</Text>
    </Text>
  );
}

function Table({ block, width }: { block: TTable; width: number }) {
  const widths = columnStyles(block.columns, width);
  const size = block.dense ? s.dense : s.normal;
  return (
    <View style={[s.table, size]}>
      <View style={s.headRow} fixed>
        {block.columns.map((c, i) => (
          <Text key={i} style={[s.headCell, widths[i]!]}>
            {text(c.title)}
          </Text>
        ))}
      </View>
      {block.rows.map((row, r) => (
        <View key={r} style={s.row} wrap={false}>
          {row.map((cell, i) => (
            <Text key={i} style={[s.cell, widths[i]!, block.columns[i]?.mono ? s.mono : {}]}>
              {text(cell)}
            </Text>
          ))}
        </View>
      ))}
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
function Steps({ block, width }: { block: TSteps; width: number }) {
  const t = block.template;
  const columns = t ? RUN_COLUMNS : STEP_COLUMNS;
  const widths = columnStyles(columns, width);
  return (
    <View style={[s.table, s.normal]}>
      {t ? (
        <Text style={s.template} wrap={false}>
          <Text style={s.bold}>{text(`Steps ${t.first} to ${t.last}, each: `)}</Text>
          {text(`${t.before}…${t.after}`)}
          <Text style={s.bold}>{"\nExpected for each: "}</Text>
          {text(t.expected)}
        </Text>
      ) : null}
      <View style={s.headRow} fixed>
        {columns.map((c, i) => (
          <Text key={i} style={[s.headCell, widths[i]!]}>
            {c.title}
          </Text>
        ))}
      </View>
      {block.rows.map((row) => (
        <View key={row.number} style={s.row} wrap={false}>
          <Text style={[s.cell, widths[0]!]}>{row.number}</Text>
          <Text style={[s.cell, widths[1]!]}>{text(row.action)}</Text>
          {t ? null : <Text style={[s.cell, widths[2]!]}>{text(row.expected)}</Text>}
        </View>
      ))}
    </View>
  );
}

/** TOC rows are direct children of the page (see Heading), so this returns the rows, not a container. */
function tocRows(entries: TTocEntry[]): ReactNode[] {
  const style = { 1: s.tocEntry1, 2: s.tocEntry2, 3: s.tocEntry3 } as const;
  return entries.map((e) => (
    <Text key={`toc-${e.target}`} style={style[e.level]} {...anchor(`toc:${e.target}`)} wrap={false}>
      {text(e.number ? `${e.number}  ${e.text}` : e.text)}
    </Text>
  ));
}

function renderBlock(block: TBlock, key: number, width: number): ReactNode {
  switch (block.kind) {
    case "heading":
      return <Heading key={key} block={block} />;
    case "paragraph":
      return (
        <Text key={key} style={block.tone === "muted" ? s.muted : block.tone === "small" ? s.small : s.paragraph}>
          {block.spans.map((span, i) =>
            span.bold || span.mono ? (
              <Text key={i} style={span.bold ? s.bold : s.mono}>
                {text(span.text)}
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
          {block.rows.map(([label, value], i) => (
            <View key={i} style={s.fieldRow} wrap={false}>
              <Text style={[s.bold, { width: width * 0.3 }]}>{text(label)}</Text>
              <Text style={{ width: width * 0.7 }}>{text(value)}</Text>
            </View>
          ))}
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
      return <Table key={key} block={block} width={width} />;
    case "steps":
      return <Steps key={key} block={block} width={width} />;
    case "form":
      // One node: criteria, then the fields to fill in, in a box that never splits over two pages.
      return (
        <Text key={key} style={s.form} wrap={false}>
          {block.criteria.map(([label, value], i) => (
            <Text key={i}>
              <Text style={s.bold}>{text(`${label}: `)}</Text>
              {text(`${value}\n`)}
            </Text>
          ))}
          <Text style={s.formFields}>
            <Text style={s.bold}>{"Result:  "}</Text>
            {`${block.choices.map((c) => `[    ] ${c}`).join("        ")}\n`}
            {block.lines.map((label, i) => {
              // The last field (remarks) gets a line of its own and room below to write.
              const last = i === block.lines.length - 1;
              return (
                <Text key={i}>
                  <Text style={s.bold}>{`${last ? "\n" : ""}${label}: `}</Text>
                  {last ? "\n" : `${"_".repeat(36)}      `}
                </Text>
              );
            })}
          </Text>
        </Text>
      );
    case "cover":
      return (
        <View key={key}>
          <Text style={s.coverTitle}>{text(block.title)}</Text>
          <Text style={s.coverSubtitle}>{text(block.subtitle)}</Text>
          {block.rows.map(([label, value], i) => (
            <View key={i} style={s.coverRow} wrap={false}>
              <Text style={[s.bold, { width: width * 0.3 }]}>{text(label)}</Text>
              <Text style={{ width: width * 0.7 }}>{text(value)}</Text>
            </View>
          ))}
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
  return (
    <Document>
      <Page size="A4" orientation={part.orientation} style={s.page} experimentalPagination>
        {part.blocks.map((b, i) => renderBlock(b, i, width))}
      </Page>
    </Document>
  );
}

/** Renders one part to PDF bytes; the pages, fonts and bookmarks are what the merge step reads back. */
export async function renderPartPdf(part: TPart): Promise<Buffer> {
  return renderToBuffer(<PartDocument part={part} />);
}
