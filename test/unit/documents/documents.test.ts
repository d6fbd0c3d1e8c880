import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { documentKey, DocumentCache } from "@/lib/documents/cache";
import { RenderPool } from "@/lib/documents/pool";
import { compactRights } from "@/lib/documents/profile-document";
import { renderProfilePdf, renderTestbookPdf, RENDERER_VERSION } from "@/lib/documents/render";
import { hashJson } from "@/lib/json/canonical";
import type { TUserProfile } from "@/lib/profile/schema";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { flat, outline, pageTexts, pdfinfoPages, rawText, type TOutlineItem } from "./pdf-text";
import { tempDir } from "../../helpers/temp-dir";

/**
 * Renders the example profiles and the single-phase-plc testbook once (in parallel, through one
 * worker pool) and checks the printed text, page numbers and outline with poppler and pdf-lib.
 */

const PROFILES = ["single-phase-plc", "three-phase-hls-cellular", "full"] as const;
const readProfile = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")) as TUserProfile;
const OPTIONS = { answersVersion: 3, generatedAt: "2026-01-15" };

/** A profile with what users could type at their worst: markup, braces, CJK, bidi overrides, 5,000-character names. */
function hostileProfile(): TUserProfile {
  const p = readProfile("single-phase-plc");
  p.objects = p.objects.slice(0, 30);
  p.utility.company = `<b>Bold</b> {x} ${"W".repeat(3000)} 東京電力 & "quotes"`;
  p.utility.utilityFinalCustomer = `最終顧客 ${"long name ".repeat(300)}`;
  p.clients[0]!.name = "公共 <i>Public</i> {client}";
  p.objects[0]!.name = "X".repeat(5000);
  p.objects[1]!.name = "<script>alert(1)</script> ${x} \u202eevil";
  p.parameters[0]!.value = "値 ".repeat(200);
  return p;
}

type TRendered = { pdf: Buffer; pages: string[]; outline: TOutlineItem[] };

const cacheDir = tempDir("doc-cache");
const pool = new RenderPool();
const profiles = new Map<string, { profile: TUserProfile; doc: TRendered }>();
let hostile: TRendered;
let testbook: TTestbook;
let testbookDoc: TRendered;

async function read(pdf: Buffer): Promise<TRendered> {
  return { pdf, pages: pageTexts(pdf), outline: await outline(pdf) };
}

beforeAll(async () => {
  testbook = buildTestbook(readProfile("single-phase-plc"), getCatalogue());
  const jobs = [
    ...PROFILES.map(async (name) => {
      const profile = readProfile(name);
      profiles.set(name, { profile, doc: await read(await renderProfilePdf(profile, { ...OPTIONS, cacheDir, pool })) });
    }),
    renderProfilePdf(hostileProfile(), { cacheDir, pool }).then(async (pdf) => void (hostile = await read(pdf))),
    renderTestbookPdf(testbook, { generatedAt: "2026-01-15", cacheDir, pool }).then(async (pdf) => void (testbookDoc = await read(pdf))),
  ];
  await Promise.all(jobs);
}, 120_000);

afterAll(() => pool.close());

/** Page numbering: poppler counts y pages and page i carries "page i of y". */
function expectNumbered(doc: TRendered) {
  const total = pdfinfoPages(doc.pdf);
  expect(doc.pages).toHaveLength(total);
  doc.pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain(`page ${i + 1} of ${total}`));
}

describe("renderProfilePdf", () => {
  test.each(PROFILES)("%s: every object's OBIS code is in the document", (name) => {
    const { profile, doc } = profiles.get(name)!;
    const text = doc.pages.join("\n");
    const missing = profile.objects.filter((o) => !text.includes(o.obis)).map((o) => o.obis);
    expect(missing).toEqual([]);
  });

  test.each(PROFILES)("%s: every page reads 'page x of y' with its own x, and the document id and version", (name) => {
    const { profile, doc } = profiles.get(name)!;
    expectNumbered(doc);
    for (const text of doc.pages) expect(text).toContain(`Document ${profile.id.slice(0, 12)} · answers version 3`);
  });

  test("the object model lists each client's rights on the clock: Management may write the time (attribute 2)", () => {
    const { profile, doc } = profiles.get("full")!;
    const clock = profile.objects.find((o) => o.id === "clock")!;
    expect(clock.attributes.find((a) => a.index === 2)?.access.management).toBe("RW");
    const page = doc.pages.find((t) => t.includes("Time and time of use") && t.includes(clock.obis))!;
    expect(flat(page)).toMatch(/Management: 1:R 2:RW 3:RW/);
    expect(flat(page)).toMatch(/Reading: 1:R 2:R 3:R/);
  });

  test.each(PROFILES)("%s: the access matrix row of a few objects holds each client's compact rights", (name) => {
    const { profile, doc } = profiles.get(name)!;
    const annex = doc.pages.filter((t) => t.includes("Annex A: Access matrix"));
    expect(annex.length).toBeGreaterThan(0);
    const lines = annex.join("\n").split("\n");
    for (const id of ["clock", "association-current", "logical-device-name", "disconnector"]) {
      const object = profile.objects.find((o) => o.id === id);
      if (!object) continue;
      const row = lines.find((l) => l.trimStart().startsWith(`${object.obis} `));
      expect(row, object.obis).toBeDefined();
      const cells = row!.trim().split(/\s{2,}/).slice(-profile.clients.length);
      expect(cells).toEqual(profile.clients.map((c) => compactRights(object, c.id)));
    }
  });

  test("the outline has every chapter and every object group, each pointing at the page that prints it", () => {
    const { profile, doc } = profiles.get("full")!;
    const chapters = doc.outline.filter((i) => i.depth === 0).map((i) => i.title);
    expect(chapters).toEqual([
      "Contents",
      "1 Introduction",
      "2 Clients and security",
      "3 Object model",
      "4 Events and logs",
      "5 Alarms",
      "6 AMR profile status",
      "7 Communication profiles",
      "8 Parameters",
      "9 Items left out",
      "Annex A: Access matrix",
      "Annex B: Conditions",
    ]);
    const groups = doc.outline.filter((i) => i.depth === 1 && /^3\.\d+ /.test(i.title));
    expect(groups).toHaveLength(new Set(profile.objects.map((o) => o.group)).size);
    for (const item of doc.outline) {
      const title = item.title.replace(/^(\d+(\.\d+)*) /, "$1  ");
      expect(flat(doc.pages[item.page - 1]!), item.title).toContain(flat(title));
    }
  });

  test("the table of contents gives the page each chapter and section starts on", () => {
    const { doc } = profiles.get("full")!;
    const toc = doc.pages.slice(1, 4).join("\n").split("\n");
    const entries = toc.map((l) => /^\s*((?:\d+(?:\.\d+)?|Annex [A-Z]:))\s+(.+?)\s{2,}(\d+)\s*$/.exec(l)).filter((m) => m !== null);
    expect(entries.length).toBeGreaterThan(40);
    for (const [, number, title, page] of entries) {
      expect(flat(doc.pages[Number(page) - 1]!), `${number} ${title}`).toContain(flat(number!.startsWith("Annex") ? `${number} ${title}` : `${number}  ${title}`));
    }
  });

  test("the cover names the utility, the final customer, the version, the profile hash, the baseline and the date", () => {
    const { profile, doc } = profiles.get("three-phase-hls-cellular")!;
    const cover = flat(doc.pages[0]!);
    for (const text of [profile.utility.company, profile.id, `${profile.baseline.id} ${profile.baseline.version}`, "2026-01-15", "Answers version 3"]) expect(cover).toContain(text);
    expect(cover).toContain(flat(profile.utility.utilityFinalCustomer).slice(0, 40));
  });

  test("items left out are listed with their reason", () => {
    const { profile, doc } = profiles.get("single-phase-plc")!;
    // Compared without white space: pdftotext joins a wrapped cell's lines with or without a space.
    const squeeze = (s: string) => s.replace(/\s+/g, "");
    const text = squeeze(rawText(doc.pdf));
    expect(profile.excluded.length).toBeGreaterThan(0);
    expect(profile.excluded.filter((x) => !text.includes(squeeze(`${x.kind} ${x.name} ${x.reason}`))).map((x) => x.id)).toEqual([]);
  });

  test("a hostile profile renders: markup and braces as text, long words broken, CJK as '?' on the page and intact in the outline", () => {
    expectNumbered(hostile);
    const text = hostile.pages.join("\n");
    expect(text).toContain("<b>Bold</b> {x}");
    expect(text).toContain("<script>alert(1)</script> ${x}");
    expect(text).toContain("W".repeat(16));
    expect(text).toContain("????");
    expect(text).not.toContain("東京電力");
    expect(hostile.outline.map((i) => i.title)).toContain("2.1 公共 <i>Public</i> {client} (SAP 16)");
  });

  test("a second request is served from the cache: the same bytes, no render", async () => {
    const { profile, doc } = profiles.get("full")!;
    const noRender = { run: () => Promise.reject(new Error("rendered again")) } as unknown as typeof pool;
    const again = await renderProfilePdf(profile, { ...OPTIONS, cacheDir, pool: noRender });
    expect(again.equals(doc.pdf)).toBe(true);
    // A caller that stored hashJson(profile) skips hashing and finds the same entry.
    const withHash = await renderProfilePdf(profile, { ...OPTIONS, cacheDir, pool: noRender, inputHash: hashJson(profile) });
    expect(withHash.equals(doc.pdf)).toBe(true);
    // A fresh cache on the same directory (a restarted server) reads it from disk without rendering.
    const key = documentKey("profile", RENDERER_VERSION, profile, OPTIONS);
    const fromDisk = await new DocumentCache(cacheDir).getOrRender(key, () => Promise.reject(new Error("rendered again")));
    expect(fromDisk.equals(doc.pdf)).toBe(true);
  });

  test("the generation date is the only input besides the profile: another date changes only the date", () => {
    const { doc } = profiles.get("single-phase-plc")!;
    expect(doc.pages[0]).toContain("2026-01-15");
    expect(doc.pages.slice(1).some((t) => t.includes("2026-01-15"))).toBe(false);
  });
});

describe("renderTestbookPdf", () => {
  test("every test id of the single-phase-plc testbook is in the document and in the outline", () => {
    const text = flat(testbookDoc.pages.join("\n"));
    const ids = testbook.chapters.flatMap((c) => c.tests.map((t) => t.id));
    expect(ids.filter((id) => !text.includes(id))).toEqual([]);
    const titles = new Set(testbookDoc.outline.map((i) => i.title));
    expect(ids.filter((id) => ![...titles].some((t) => t.startsWith(`${id} `)))).toEqual([]);
  });

  test("each test has its verdict criteria and the result, tester, date and remarks fields to fill in", () => {
    const text = flat(testbookDoc.pages.join("\n"));
    const tests = testbook.summary.tests;
    const count = (s: string) => text.split(s).length - 1;
    expect(count("Result: [ ] PASS [ ] FAIL [ ] INCONCLUSIVE")).toBe(tests);
    expect(count("Tester: ")).toBe(tests);
    expect(count("Date: ")).toBe(tests);
    expect(count("Remarks: ")).toBe(tests);
    expect(count("PASS when: ")).toBe(tests);
  });

  test("the traceability matrix is an annex listing every requirement", () => {
    const annex = testbookDoc.pages.filter((t) => t.includes("Annex A: Traceability matrix"));
    expect(annex.length).toBeGreaterThan(0);
    const text = flat(annex.join("\n"));
    const missing = testbook.traceability.requirements.filter((r) => !text.includes(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
    expect(testbookDoc.outline.some((i) => i.title === "Annex A: Traceability matrix")).toBe(true);
  });

  test("every page is numbered and carries the testbook id", () => {
    expectNumbered(testbookDoc);
    for (const text of testbookDoc.pages) expect(text).toContain(`Testbook ${testbook.id.slice(0, 12)}`);
  });
});

describe("DocumentCache", () => {
  test("concurrent requests for the same key share one render", async () => {
    const cache = new DocumentCache(null);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 20));
      return Buffer.from("%PDF-1.7\n%%EOF\n");
    };
    const results = await Promise.all([cache.getOrRender("k", render), cache.getOrRender("k", render), cache.getOrRender("k", render)]);
    expect(renders).toBe(1);
    expect(results.every((r) => r.equals(results[0]!))).toBe(true);
  });

  test("the key follows the content, not the order of the keys", () => {
    const a = { b: 1, a: { y: [1, 2], x: "s" } };
    const b = { a: { x: "s", y: [1, 2] }, b: 1 };
    expect(documentKey("profile", "1", a, {})).toBe(documentKey("profile", "1", b, {}));
    expect(documentKey("profile", "1", a, {})).not.toBe(documentKey("testbook", "1", a, {}));
    expect(documentKey("profile", "1", a, { generatedAt: "2026" })).not.toBe(documentKey("profile", "1", a, {}));
  });
});
