import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChaptersNotApplicable, TestbookCounts } from "@/components/testbook/testbook-summary";
import type { TDocumentModel } from "@/lib/documents/model";
import { chaptersNotApplicable } from "@/lib/documents/not-applicable";
import { RenderPool } from "@/lib/documents/pool";
import { buildProfileDocument } from "@/lib/documents/profile-document";
import { renderProfilePdf, renderTestbookPdf } from "@/lib/documents/render";
import { buildTestbookDocument } from "@/lib/documents/testbook-document";
import type { TUserProfile } from "@/lib/profile/schema";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { flat, lineBoxes, outline, overlappingLines, pageTexts, rawText, type TOutlineItem } from "../../unit/documents/pdf-text";
import { bodyTexts, chromeTexts } from "./drawn-text";

/**
 * What a laboratory sees when it prints the documents, read back with poppler: no line of text
 * drawn over another, no character lost, and one count of chapters everywhere. On the three
 * example profiles and on one whose company name is 200 characters long, in Polish, Portuguese
 * and Greek with mathematical signs.
 */

const EXAMPLES = ["single-phase-plc", "three-phase-hls-cellular", "full"] as const;
const LONG = "long-company-name";
const readProfile = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")) as TUserProfile;
const PROFILE_OPTIONS = { answersVersion: 3, generatedAt: "2026-01-15" };
const TESTBOOK_OPTIONS = { generatedAt: "2026-01-15" };

/** A company name of exactly `length` characters, from a realistic start. */
function companyName(length: number): string {
  const words = "Zakład Energetyczny Łódź–Kraków S.A. · Companhia de Eletricidade de São João, Lda. · Ελληνική Εταιρεία Ηλεκτρισμού Α.Ε. (≤ 230 V ± 10 %, → −) ";
  let name = words;
  while ([...name].length < length) name += words;
  return [...name].slice(0, length).join("").trimEnd().padEnd(length, ".");
}

/**
 * Lines whose boxes meet by at most this much are touching, not overlapping: the lines of a
 * paragraph are stacked one line height apart, and at a line height of 1.17 em (the densest we
 * print) poppler's ascender-to-descender boxes of DejaVu (1.164 em) leave each other a few
 * hundredths of a point, which rounding in the PDF's coordinates can turn into a touch. A line
 * drawn over another overlaps by several points.
 */
const TOLERANCE = 0.5;

type TDoc = { model: TDocumentModel; pdf: Buffer; pages: string[]; raw: string; outline: TOutlineItem[] };
const docs = new Map<string, TDoc>();
const testbooks = new Map<string, TTestbook>();
const pool = new RenderPool();

async function read(model: TDocumentModel, pdf: Buffer): Promise<TDoc> {
  return { model, pdf, pages: pageTexts(pdf), raw: rawText(pdf), outline: await outline(pdf) };
}

beforeAll(async () => {
  const profiles: [string, TUserProfile][] = EXAMPLES.map((name) => [name, readProfile(name)]);
  const long = readProfile("single-phase-plc");
  long.utility.company = companyName(200);
  profiles.push([LONG, long]);
  await Promise.all(
    profiles.flatMap(([name, profile]) => {
      const testbook = buildTestbook(profile, getCatalogue());
      testbooks.set(name, testbook);
      return [
        renderProfilePdf(profile, { ...PROFILE_OPTIONS, cacheDir: null, pool }).then(async (pdf) => docs.set(`${name} profile`, await read(buildProfileDocument(profile, PROFILE_OPTIONS), pdf))),
        renderTestbookPdf(testbook, { ...TESTBOOK_OPTIONS, cacheDir: null, pool }).then(async (pdf) => docs.set(`${name} testbook`, await read(buildTestbookDocument(testbook, TESTBOOK_OPTIONS), pdf))),
      ];
    }),
  );
}, 600_000);

afterAll(() => pool.close());

const DOCUMENTS = [...EXAMPLES, LONG].flatMap((name) => [`${name} profile`, `${name} testbook`]);
const squeeze = (text: string) => text.normalize("NFC").replace(/\s+/g, "");

describe("printed documents", () => {
  test.each(DOCUMENTS)("%s: no two lines of text overlap on any page", (key) => {
    const doc = docs.get(key)!;
    const overlaps = lineBoxes(doc.pdf).flatMap((lines) => overlappingLines(lines, TOLERANCE));
    expect(overlaps.map(([a, b]) => `page ${a.page}: "${a.text.slice(0, 40)}" / "${b.text.slice(0, 40)}"`)).toEqual([]);
  });

  test.each(DOCUMENTS)("%s: every character of the document's text is on its pages", (key) => {
    const doc = docs.get(key)!;
    // Compared without white space (layout, not text) and composed (NFC), as the documents draw accents.
    const printed = new Set(squeeze(doc.pages.join("")));
    const source = new Set(squeeze([...bodyTexts(doc.model), ...chromeTexts(doc.model)].join("")));
    expect([...source].filter((ch) => !printed.has(ch))).toEqual([]);
  });

  test.each(DOCUMENTS)("%s: every text with a character beyond ASCII is printed whole, in drawing order", (key) => {
    const doc = docs.get(key)!;
    // pdftotext -raw keeps the drawing order, so a table cell's lines stay together; white space is layout.
    const printed = squeeze(doc.raw);
    const texts = [...new Set(bodyTexts(doc.model).filter((t) => /[^\x20-\x7e\n]/.test(t)).map(squeeze))];
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => !printed.includes(t))).toEqual([]);
  });

  test("the testbooks print the minus sign of the steps, not '?'", () => {
    const doc = docs.get("full testbook")!;
    expect(doc.raw).toContain("entries_in_use − 1");
    expect(doc.raw).not.toContain("entries_in_use ? 1");
  });

  test("the 200-character company name is on both covers, whole, above the rows that follow", () => {
    const name = companyName(200);
    expect([...name]).toHaveLength(200);
    for (const kind of ["profile", "testbook"]) {
      const doc = docs.get(`${LONG} ${kind}`)!;
      expect(squeeze(doc.pages[0]!)).toContain(squeeze(name));
      const cover = lineBoxes(doc.pdf)[0]!;
      const title = cover.find((l) => l.text.startsWith("PRIME+"))!;
      const utility = cover.find((l) => l.text.startsWith("Utility"))!;
      const nameLines = cover.filter((l) => l.yMin > title.yMax && l.yMax < utility.yMin);
      expect(squeeze(nameLines.map((l) => l.text).join(""))).toBe(squeeze(name));
    }
  });
});

describe("covers", () => {
  const names = ["E", "Eléctrica del Norte S.A.", companyName(60), companyName(120), companyName(199), companyName(200)];

  test.each(names.map((n) => [[...n].length, n] as const))("a company name of %i characters sits whole between the title and the rows, overlapping nothing", async (_length, name) => {
    const profile = readProfile("single-phase-plc");
    profile.utility.company = name;
    const models = [buildProfileDocument(profile, PROFILE_OPTIONS), buildTestbookDocument(buildTestbook(profile, getCatalogue()), TESTBOOK_OPTIONS)];
    for (const model of models) {
      // The front matter alone, as its worker renders it: the cover is its first page.
      const pdf = await pool.run({ kind: "part", part: model.front });
      const [cover] = lineBoxes(pdf);
      expect(overlappingLines(cover!, TOLERANCE)).toEqual([]);
      const title = cover!.find((l) => l.text.startsWith("PRIME+"))!;
      const utility = cover!.find((l) => l.text.startsWith("Utility"))!;
      const between = cover!.filter((l) => l.yMin >= title.yMax - TOLERANCE && l.yMax <= utility.yMin + TOLERANCE);
      expect(squeeze(between.map((l) => l.text).join(""))).toBe(squeeze(name));
    }
  });
});

describe("chapters that do not apply", () => {
  test.each([...EXAMPLES, LONG])("%s: the cover, the contents, the outline, the table of chapters not applicable, the web page and the summary count the same chapters", (name) => {
    const testbook = testbooks.get(name)!;
    const doc = docs.get(`${name} testbook`)!;
    const s = testbook.summary;
    const all = testbook.chapters.length;
    const notApplicable = chaptersNotApplicable(testbook);
    const applicable = testbook.chapters.filter((c) => c.tests.length > 0);
    expect(s.chapters).toBe(applicable.length);
    expect(notApplicable).toHaveLength(all - s.chapters);

    const cover = flat(doc.pages[0]!);
    expect(cover).toContain(notApplicable.length > 0 ? `Chapters ${s.chapters} (${notApplicable.length} of the catalogue's ${all} not applicable)` : `Chapters ${s.chapters} `);

    // The contents: the pages before the introduction, one numbered row per chapter.
    const intro = doc.pages.findIndex((p, i) => i > 0 && p.includes("How to use this testbook") && p.includes("Verdicts") && !p.includes("Contents"));
    const contents = doc.pages.slice(1, intro).join("\n").split("\n");
    const rows = contents.map((l) => /^\s*(\d+)\s{2,}(.+?)\s{2,}(\d+)\s*$/.exec(l)).filter((m) => m !== null);
    expect(rows.map((m) => Number(m[1]))).toEqual(applicable.map((c) => c.number));
    expect(doc.outline.filter((i) => i.depth === 0 && /^\d+ /.test(i.title)).map((i) => i.title)).toEqual(applicable.map((c) => `${c.number} ${c.title} (${c.code})`));

    // The table (in drawing order, so that a title wrapped in its cell reads whole): every chapter without tests, and none of them anywhere as a chapter.
    const text = flat(doc.raw);
    expect(text).toContain("Chapters not applicable to this profile");
    for (const c of notApplicable) {
      expect(text).toContain(`${c.number} ${c.title} (${c.code})`);
      expect(doc.outline.some((i) => i.title.startsWith(`${c.number} `))).toBe(false);
    }

    const counts = renderToStaticMarkup(createElement(TestbookCounts, { testbook }))
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;/g, "'");
    expect(counts).toContain(`with ${s.steps} steps in ${s.chapters} chapters`);
    if (notApplicable.length > 0) expect(counts).toContain(`(${notApplicable.length} of the catalogue's ${all} chapters do not apply)`);
    const table = renderToStaticMarkup(createElement(ChaptersNotApplicable, { testbook }));
    expect(table.match(/<tr>/g)?.length ?? 0).toBe(notApplicable.length === 0 ? 0 : notApplicable.length + 1);
    for (const c of notApplicable) expect(table).toContain(`<td>${c.number}</td>`);
  });

  test("the examples have chapters both ways: the two smaller profiles leave five out, the full one none", () => {
    expect(EXAMPLES.map((name) => chaptersNotApplicable(testbooks.get(name)!).length)).toEqual([5, 5, 0]);
  });
});
