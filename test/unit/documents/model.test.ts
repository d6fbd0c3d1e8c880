import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { TBlock, TDocumentModel, THeading } from "@/lib/documents/model";
import { buildProfileDocument, clientRights, compactRights } from "@/lib/documents/profile-document";
import { compactIds, stepBlocks } from "@/lib/documents/steps";
import { buildTestbookDocument } from "@/lib/documents/testbook-document";
import { caseList, chaptersNotApplicable, notApplicableReason } from "@/lib/documents/not-applicable";
import { breakLongWord, indexRanges } from "@/lib/documents/text";
import type { TUserProfile } from "@/lib/profile/schema";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { EXAMPLES_DIR } from "../../helpers/examples";

const NAMES = ["single-phase-plc", "three-phase-hls-cellular", "full"] as const;
const readProfile = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")) as TUserProfile;

const allBlocks = (model: TDocumentModel): TBlock[] => [model.front, ...model.parts].flatMap((p) => p.blocks);
const headings = (model: TDocumentModel) => allBlocks(model).filter((b): b is THeading => b.kind === "heading");

describe("buildProfileDocument", () => {
  test.each(NAMES)("%s: every object is a row of its group's table, with its class, reason and every client's rights", (name) => {
    const profile = readProfile(name);
    const model = buildProfileDocument(profile);
    const rows = allBlocks(model).flatMap((b) => (b.kind === "table" && b.columns.at(-1)?.title === "Rights per client" ? b.rows : []));
    expect(rows.map((r) => r[0])).toEqual(profile.objects.map((o) => o.obis));
    const clock = profile.objects.find((o) => o.id === "clock")!;
    const row = rows.find((r) => r[0] === clock.obis)!;
    expect(row[1]).toContain(`class ${clock.classId} ${clock.className}, version ${clock.version}`);
    expect(row[1]).toContain(`reason: ${clock.reason.kind === "mandatory" ? "mandatory" : clock.reason.conditions.join("+")}`);
    for (const c of profile.clients) {
      const rights = clock.attributes.some((a) => (a.access[c.id] ?? "-") !== "-") ? clientRights(clock, c.id) : "no access";
      expect(row[2]).toContain(`${c.name.replace(/ client$/i, "")}: ${rights}`);
    }
  });

  test.each(NAMES)("%s: heading ids are unique and every contents entry points at a heading", (name) => {
    const model = buildProfileDocument(readProfile(name));
    const ids = headings(model).map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    const toc = allBlocks(model).find((b) => b.kind === "toc");
    expect(toc?.kind === "toc" && toc.entries.every((e) => ids.includes(e.target))).toBe(true);
  });

  test("the same profile and options give the same model; the date appears only on the cover and in the metadata", () => {
    const profile = readProfile("full");
    const a = buildProfileDocument(profile, { answersVersion: 2, generatedAt: "2026-03-01" });
    expect(buildProfileDocument(structuredClone(profile), { answersVersion: 2, generatedAt: "2026-03-01" })).toEqual(a);
    const withoutCover = JSON.stringify(a.parts);
    expect(withoutCover).not.toContain("2026-03-01");
    expect(JSON.stringify(a.front)).toContain("2026-03-01");
    expect(a.footerText).toBe(`Document ${profile.id.slice(0, 12)} · answers version 2`);
  });

  test("compact rights group indexes by right: the Management client on the clock", () => {
    const clock = readProfile("full").objects.find((o) => o.id === "clock")!;
    expect(compactRights(clock, "management")).toMatch(/^R:1(,\d+(-\d+)?)* RW:2/);
    expect(clientRights(clock, "management")).toMatch(/^1:R 2:RW /);
  });
});

describe("buildTestbookDocument", () => {
  const testbook = buildTestbook(readProfile("single-phase-plc"), getCatalogue());
  const model = buildTestbookDocument(testbook);

  test("every test has a heading carrying its purpose and one result form", () => {
    const tests = testbook.chapters.flatMap((c) => c.tests);
    const testHeadings = headings(model).filter((h) => h.id.startsWith("test-"));
    expect(testHeadings.map((h) => h.number)).toEqual(tests.map((t) => t.id));
    expect(testHeadings.every((h, i) => h.body?.some((s) => s.text === tests[i]!.purpose))).toBe(true);
    expect(allBlocks(model).filter((b) => b.kind === "form")).toHaveLength(tests.length);
  });

  test("a chapter without tests is no chapter: it is a row of the 'not applicable' table with the reason of each of its cases", () => {
    const empty = testbook.chapters.filter((c) => c.tests.length === 0);
    expect(empty.length).toBeGreaterThan(0);
    const chapterHeadings = headings(model).filter((h) => h.level === 1 && /^\d+$/.test(h.number));
    expect(chapterHeadings).toHaveLength(testbook.summary.chapters);
    expect(chapterHeadings.map((h) => h.id)).toEqual(testbook.chapters.filter((c) => c.tests.length > 0).map((c) => `ch-${c.id}`));
    const table = allBlocks(model).find((b) => b.kind === "table" && b.columns.at(-1)?.title === "Why it does not apply");
    expect(table?.kind === "table" && table.rows.map((r) => r[0])).toEqual(empty.map((c) => String(c.number)));
    const reasons = table?.kind === "table" ? table.rows.map((r) => r[2]!).join("\n") : "";
    for (const x of testbook.excluded.filter((e) => empty.some((c) => c.id === e.chapter))) expect(reasons).toContain(x.reason.replace(/^not applicable: /, ""));
    // Every case of those chapters is named, alone or inside a range.
    const named = chaptersNotApplicable(testbook).flatMap((c) => c.reasons.flatMap((r) => r.cases));
    expect(named.sort()).toEqual(testbook.excluded.filter((e) => empty.some((c) => c.id === e.chapter)).map((e) => e.caseId).sort());
  });

  test("the full profile's testbook has every chapter: the section says so and lists none", () => {
    const full = buildTestbook(readProfile("full"), getCatalogue());
    expect(full.summary.chapters).toBe(full.chapters.length);
    const blocks = allBlocks(buildTestbookDocument(full));
    expect(blocks.some((b) => b.kind === "table" && b.columns.at(-1)?.title === "Why it does not apply")).toBe(false);
    expect(blocks.some((b) => b.kind === "paragraph" && b.spans[0]!.text === `Every one of the ${full.chapters.length} chapters of the catalogue has tests for this profile.`)).toBe(true);
  });

  test("case lists shorten runs of consecutive numbers, and a chapter of the catalogue without cases says so", () => {
    expect(caseList(["P1-001", "P1-003", "P1-004", "P1-005", "P1-011", "P1-012", "X-1/a"])).toBe("P1-001, P1-003 to P1-005, P1-011, P1-012, X-1/a");
    expect(caseList(["A-9", "A-10", "A-11"])).toBe("A-9, A-10, A-11");
    expect(notApplicableReason({ id: "x", number: 19, code: "X", title: "X", reasons: [] })).toBe("The catalogue has no test case in this chapter.");
  });

  test("the traceability annex truncates long test lists with 'and N more'", () => {
    const long = buildTestbookDocument(testbook, { maxTestsPerRequirement: 2 });
    const rows = allBlocks(long).flatMap((b) => (b.kind === "table" && b.columns[1]?.title === "Tests" ? b.rows : []));
    expect(rows).toHaveLength(testbook.traceability.requirements.length);
    const busiest = testbook.traceability.requirements.reduce((a, b) => (b.tests.length > a.tests.length ? b : a));
    expect(rows.find((r) => r[0]!.startsWith(`${busiest.id}\n`))![1]).toMatch(new RegExp(`and ${busiest.tests.length - 2} more$`));
  });
});

describe("stepBlocks", () => {
  test("loses nothing: every step's action and expected result can be read back", () => {
    const testbook = buildTestbook(readProfile("full"), getCatalogue());
    for (const test of testbook.chapters.flatMap((c) => c.tests)) {
      const back = stepBlocks(test.steps).flatMap((b) =>
        b.rows.map((r) => (b.template ? { number: r.number, action: `${b.template.before}${r.action}${b.template.after}`, expected: b.template.expected } : r)),
      );
      expect(back).toEqual(test.steps);
    }
  });

  test("a run of steps expecting the same result prints the shared action text once", () => {
    const steps = ["Clock", "Alarm register 1", "Disconnect control"].map((name, i) => ({
      number: i + 1,
      action: `For each attribute of ${name} (0-0:${i}) that the client may write: read it, then SET it back.`,
      expected: "Every SET succeeds.",
    }));
    const [block] = stepBlocks(steps);
    expect(block?.template).toEqual({ before: "For each attribute of ", after: " that the client may write: read it, then SET it back.", expected: "Every SET succeeds.", first: 1, last: 3 });
    expect(block?.rows.map((r) => r.action)).toEqual(["Clock (0-0:0)", "Alarm register 1 (0-0:1)", "Disconnect control (0-0:2)"]);
  });
});

describe("text helpers", () => {
  test("breakLongWord gives break points after separators and in very long words, and loses no character", () => {
    expect(breakLongWord("metering")).toEqual(["metering"]);
    expect(breakLongWord("right:public:association-current")).toEqual(["right:", "", "public:", "", "association-", "", "current"]);
    const long = "W".repeat(3000);
    const pieces = breakLongWord(long);
    expect(pieces.join("")).toBe(long);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(16);
  });

  test("indexRanges and compactIds shorten lists without losing items", () => {
    expect(indexRanges([9, 1, 2, 3, 5, 7, 8])).toBe("1-3,5,7-9");
    expect(compactIds(["client:a", "right:a:x", "right:a:y", "object:x", "plain"])).toBe("client: a; right:a: x, y; object: x; plain");
    expect(compactIds(["client:a", "right:a:x", "right:a:y", "object:x", "object:y"])).toBe("client: a; right:a:, object: x, y");
  });
});
