import type { TTestbook, TTestInstance } from "../testbook/testbook-schema";
import { paragraph, type TBlock, type TDocumentModel, type TPart } from "./model";
import { frontPart, heading } from "./front-matter";
import { blockWeight } from "./pipeline";
import { chaptersNotApplicable, notApplicableReason } from "./not-applicable";
import { compactIds, stepBlocks } from "./steps";
import { joinWords, shortId } from "./text";

/**
 * The testbook for laboratories: cover, contents, how to use it, one section per test with its
 * steps and the fields to fill in, and the traceability matrix as an annex. Pure, like the
 * profile document: the generation date is an option.
 */

export type TTestbookDocumentOptions = {
  /** ISO date or date-time printed on the cover and stored in the PDF metadata; omitted when absent. */
  generatedAt?: string;
  /** Tests listed per requirement in the traceability annex before "and N more". */
  maxTestsPerRequirement?: number;
};

/**
 * Parts are cut at test boundaries once they reach this weight (about one react-pdf node per
 * unit, see pipeline.ts): small enough to spread the access-rights chapter over the workers,
 * large enough that the page left half empty at each cut stays rare. A constant, so that the
 * document does not depend on the number of CPUs.
 */
const PART_WEIGHT = 2500;
const TRACE_ROWS_PER_PART = 700;


function testBlocks(test: TTestInstance): TBlock[] {
  const preconditions = test.preconditions.length === 1 ? test.preconditions[0]! : test.preconditions.map((p, i) => `(${i + 1}) ${p}`).join(" ");
  return [
    {
      ...heading(`test-${test.id}`, 2, test.id, test.title, false),
      body: [
        { text: "Purpose: ", bold: true },
        { text: test.purpose },
        { text: "\nRequirements: ", bold: true },
        { text: compactIds(test.requirements) || "none" },
        { text: "\nClauses: ", bold: true },
        { text: test.clauses.join("; ") || "none" },
        { text: "\nPreconditions: ", bold: true },
        { text: preconditions || "none" },
      ],
    },
    ...stepBlocks(test.steps),
    {
      kind: "form",
      criteria: [
        ["PASS when", test.verdict.pass],
        ["FAIL when", test.verdict.fail],
        ["INCONCLUSIVE when", test.verdict.inconclusive],
      ],
      choices: ["PASS", "FAIL", "INCONCLUSIVE"],
      lines: ["Tester", "Date", "Remarks"],
    },
  ];
}

function weight(blocks: TBlock[]): number {
  return blocks.reduce((n, b) => n + blockWeight(b), 0);
}

/** The chapters printed as chapters: those with tests, as `summary.chapters` counts them. */
const applicableChapters = (testbook: TTestbook) => testbook.chapters.filter((c) => c.tests.length > 0);

/** Chapters keep their number in the catalogue, so that a gap left by a chapter that does not apply is explained here. */
function notApplicableBlocks(testbook: TTestbook): TBlock[] {
  const chapters = chaptersNotApplicable(testbook);
  const all = testbook.chapters.length;
  return [
    heading("intro-not-applicable", 2, "", "Chapters not applicable to this profile", true),
    chapters.length > 0
      ? paragraph(
          `${chapters.length} of the ${all} chapters of the catalogue have no test for this profile, because none of their test cases applies; the testbook has the other ${all - chapters.length}, under their numbers in the catalogue. Each case and its reason is also in Annex B.`,
        )
      : paragraph(`Every one of the ${all} chapters of the catalogue has tests for this profile.`),
    ...(chapters.length > 0
      ? [
          {
            kind: "table" as const,
            columns: [
              { title: "Chapter", width: 0.09 },
              { title: "Title", width: 0.25 },
              { title: "Why it does not apply", width: 0.66 },
            ],
            rows: chapters.map((c) => [String(c.number), `${c.title} (${c.code})`, notApplicableReason(c)]),
          },
        ]
      : []),
  ];
}

function introduction(testbook: TTestbook): TBlock[] {
  return [
    paragraph(
      `This testbook lists the ${testbook.summary.tests} tests a laboratory runs to certify a meter against the PRIME+ user profile ${testbook.profile.id} of ${testbook.profile.company}. It was generated from the PRIME+ test catalogue ${testbook.catalogue.id} ${testbook.catalogue.version}: each generic test case of the catalogue is instantiated for the clients, objects, logs, events and alarms of the profile; cases that do not apply to the profile are listed in Annex B; chapters in which no case applies are listed under "Chapters not applicable to this profile".`,
    ),
    heading("intro-verdicts", 2, "", "Verdicts", true),
    { kind: "list", items: testbook.verdicts.map((v) => `${v.id}: ${v.meaning}`) },
    heading("intro-recording", 2, "", "Recording results", true),
    paragraph(
      "Each test ends with a box to fill in: tick one verdict, write the tester's name, the date and any remark (equipment, firmware version, deviations). A test passes only when every step gives its expected result.",
    ),
    heading("intro-steps", 2, "", "Reading the steps", true),
    paragraph(
      "Steps are numbered in the order to run them. Where many consecutive steps share one template (the access-rights tests have one step per object), the template and the expected result are printed once above the rows, and each row gives only what changes: the step's action is the text before the ellipsis, then the row, then the text after it.",
    ),
    heading("intro-summary", 2, "", "Contents of the testbook", true),
    {
      kind: "table",
      columns: [
        { title: "Chapter", width: 0.1 },
        { title: "Title", width: 0.66 },
        { title: "Tests", width: 0.12, align: "right" },
        { title: "Steps", width: 0.12, align: "right" },
      ],
      rows: applicableChapters(testbook).map((c) => [String(c.number), `${c.title} (${c.code})`, String(c.tests.length), String(c.tests.reduce((n, t) => n + t.steps.length, 0))]),
    },
    ...notApplicableBlocks(testbook),
  ];
}

function chapterParts(chapter: TTestbook["chapters"][number]): TPart[] {
  const runningTitle = `${chapter.number} ${chapter.title}`;
  const base = { runningTitle, orientation: "portrait" as const };
  const parts: TPart[] = [
    {
      id: `chapter-${chapter.id}`,
      ...base,
      blocks: [heading(`ch-${chapter.id}`, 1, String(chapter.number), `${chapter.title} (${chapter.code})`, true), paragraph(chapter.description)],
    },
  ];
  let current = weight(parts[0]!.blocks);
  for (const test of chapter.tests) {
    const blocks = testBlocks(test);
    const w = weight(blocks);
    if (current > 0 && current + w > PART_WEIGHT) {
      parts.push({ id: `chapter-${chapter.id}-${parts.length}`, ...base, blocks: [] });
      current = 0;
    }
    parts.at(-1)!.blocks.push(...blocks);
    current += w;
  }
  return parts;
}

function traceabilityParts(testbook: TTestbook, maxTests: number): TPart[] {
  const rows = testbook.traceability.requirements.map((r) => {
    const tests = r.tests.length > maxTests ? `${r.tests.slice(0, maxTests).join(", ")} and ${r.tests.length - maxTests} more` : joinWords(r.tests, "not covered");
    return [`${r.id}\n${r.label}`, tests];
  });
  const columns = [
    { title: "Requirement", width: 0.42 },
    { title: "Tests", width: 0.58 },
  ];
  const base = { runningTitle: "Annex A: Traceability matrix", orientation: "portrait" as const };
  const parts: TPart[] = [];
  for (let i = 0; i < rows.length || i === 0; i += TRACE_ROWS_PER_PART) {
    parts.push({
      id: `annex-trace-${parts.length}`,
      ...base,
      blocks: [
        ...(i === 0
          ? [
              heading("annex-traceability", 1, "", "Annex A: Traceability matrix", true),
              paragraph(
                `Every requirement of the profile and the tests that cover it: ${testbook.summary.covered} of ${testbook.summary.requirements} requirements are covered (${testbook.summary.coveragePercent} %). Lists longer than ${maxTests} tests end with "and N more".`,
              ),
            ]
          : []),
        { kind: "table", dense: true, columns, rows: rows.slice(i, i + TRACE_ROWS_PER_PART) },
      ],
    });
  }
  return parts;
}

function excludedPart(testbook: TTestbook): TPart {
  const labels = new Map(testbook.traceability.requirements.map((r) => [r.id, r.label]));
  return {
    id: "annex-excluded",
    runningTitle: "Annex B: Cases not applicable and requirements not covered",
    orientation: "portrait",
    blocks: [
      heading("annex-excluded", 1, "", "Annex B: Cases not applicable and requirements not covered", true),
      heading("annex-excluded-cases", 2, "", "Test cases that do not apply", true),
      testbook.excluded.length > 0
        ? {
            kind: "table",
            columns: [
              { title: "Case", width: 0.12 },
              { title: "Title", width: 0.38 },
              { title: "Chapter", width: 0.15 },
              { title: "Reason", width: 0.35 },
            ],
            rows: testbook.excluded.map((x) => [x.caseId, x.title, x.chapter, x.reason]),
          }
        : paragraph("Every test case of the catalogue applies to this profile."),
      heading("annex-uncovered", 2, "", "Requirements no test covers", true),
      testbook.traceability.uncovered.length > 0
        ? { kind: "list", items: testbook.traceability.uncovered.map((id) => `${id}${labels.has(id) ? `: ${labels.get(id)}` : ""}`) }
        : paragraph("Every requirement is covered by at least one test."),
    ],
  };
}

export function buildTestbookDocument(testbook: TTestbook, options: TTestbookDocumentOptions = {}): TDocumentModel {
  const maxTests = options.maxTestsPerRequirement ?? 12;
  const parts: TPart[] = [
    { id: "introduction", runningTitle: "How to use this testbook", orientation: "portrait", blocks: [heading("ch-introduction", 1, "", "How to use this testbook", true), ...introduction(testbook)] },
    ...applicableChapters(testbook).flatMap(chapterParts),
    ...traceabilityParts(testbook, maxTests),
    excludedPart(testbook),
  ];
  const id = shortId(testbook.id);
  const s = testbook.summary;
  const version = `catalogue ${testbook.catalogue.version}`;
  const front = frontPart(
    {
      title: "PRIME+ testbook",
      subtitle: testbook.profile.company,
      rows: [
        ["Utility", testbook.profile.company],
        ["Profile hash", testbook.profile.id],
        ["Baseline", `${testbook.profile.baseline.id} ${testbook.profile.baseline.version}`],
        ["Catalogue", `${testbook.catalogue.id} ${testbook.catalogue.version}`],
        ["Testbook id", testbook.id],
        ["Document id", id],
        ["Engine version", testbook.engineVersion],
        ["Generated", options.generatedAt ?? "not dated"],
        ["Chapters", s.chapters === testbook.chapters.length ? String(s.chapters) : `${s.chapters} (${testbook.chapters.length - s.chapters} of the catalogue's ${testbook.chapters.length} not applicable)`],
        ["Test cases", `${s.cases} (${s.excluded} not applicable)`],
        ["Tests", String(s.tests)],
        ["Steps", String(s.steps)],
        ["Requirements covered", `${s.covered} of ${s.requirements} (${s.coveragePercent} %)`],
      ],
      note: "The testbook id identifies the profile, the catalogue and the engine this document was generated from: the same inputs always give the same testbook and the same document.",
    },
    parts,
  );
  return {
    kind: "testbook",
    title: `PRIME+ testbook: ${testbook.profile.company}`,
    headerText: `PRIME+ testbook · ${testbook.profile.company}`,
    footerText: `Testbook ${id} · ${version}`,
    metadata: {
      title: `PRIME+ testbook: ${testbook.profile.company}`,
      author: testbook.profile.company,
      subject: `Testbook ${testbook.id} for user profile ${testbook.profile.id}, catalogue ${testbook.catalogue.id} ${testbook.catalogue.version}`,
      keywords: ["PRIME+", "DLMS/COSEM", "testbook", testbook.id],
      date: options.generatedAt ?? null,
    },
    front,
    parts,
  };
}
