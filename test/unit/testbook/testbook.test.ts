import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { buildUserProfile } from "@/lib/profile/build";
import type { TUserProfile } from "@/lib/profile/schema";
import { RULE_OPERATORS, ruleOperators } from "@/lib/rules/json-logic";
import { createAjv } from "@/lib/schemas/ajv";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { countTests } from "@/lib/testbook/select";
import { TESTBOOK_FILES } from "@/lib/testbook/files";
import { ZTestbook } from "@/lib/testbook/testbook-schema";
import { EXAMPLE_NAMES, ROOT, exampleWith, readExample } from "../../helpers/examples";

const baseline = getBaseline();
const catalogue = getCatalogue();
const profiles = Object.fromEntries(EXAMPLE_NAMES.map((n) => [n, buildUserProfile(readExample(n), baseline)])) as Record<string, TUserProfile>;
const testbooks = Object.fromEntries(Object.entries(profiles).map(([n, p]) => [n, buildTestbook(p, catalogue)]));
const allCases = catalogue.chapters.flatMap((c) => c.cases.map((k) => ({ chapter: c.chapter, case: k })));

describe("testbook catalogue", () => {
  const ajv = createAjv();
  const schemaDir = join(ROOT, "profiles/schema");
  for (const f of readdirSync(schemaDir)) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, f), "utf8")), f);

  test.each(readdirSync(join(ROOT, "testbook/chapters")))("chapters/%s is valid against the published chapter schema (ajv, strict)", (file) => {
    const validate = ajv.getSchema("testbook-chapter.schema.json")!;
    expect(validate(JSON.parse(readFileSync(join(ROOT, "testbook/chapters", file), "utf8"))), JSON.stringify(validate.errors)).toBe(true);
  });

  test("the manifest is valid and every chapter file is loaded", () => {
    expect(ajv.getSchema("testbook-manifest.schema.json")!(JSON.parse(readFileSync(join(ROOT, "testbook/manifest.json"), "utf8")))).toBe(true);
    const files = readdirSync(join(ROOT, "testbook/chapters")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(Object.keys(TESTBOOK_FILES.chapters).sort()).toEqual(files);
  });

  test("test case ids are unique, stable in form and carry their chapter's code", () => {
    const ids = allCases.map((c) => c.case.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const { chapter, case: c } of allCases) expect(c.id.startsWith(`${chapter.code}-`), c.id).toBe(true);
    const numbers = catalogue.chapters.map((c) => c.chapter.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  test("rules use only the allowed JSON Logic operators, and conditional cases explain themselves", () => {
    for (const { case: c } of allCases) {
      for (const rule of [c.applicability, c.expand?.where]) {
        for (const op of ruleOperators(rule ?? {})) expect(RULE_OPERATORS as readonly string[], c.id).toContain(op);
      }
    }
  });

  test("every chapter the issue asks for has real content", () => {
    const codes = catalogue.chapters.map((c) => c.chapter.code);
    expect(codes).toEqual(["ASSOC", "ACC", "SEC", "TIME", "TOU", "BILL", "LP", "EVT", "ALM", "DISC", "FW", "PQ", "COMM", "P1", "PAY", "MBUS", "PL", "IRMS"]);
    for (const c of catalogue.chapters) expect(c.cases.length, c.chapter.code).toBeGreaterThanOrEqual(5);
  });
});

describe("buildTestbook", () => {
  test.each(Object.entries(testbooks))("the %s testbook is valid against the published testbook schema", (_, tb) => {
    expect(ZTestbook.safeParse(tb).success).toBe(true);
    const validate = createAjv().compile(JSON.parse(readFileSync(join(ROOT, "profiles/schema/testbook.schema.json"), "utf8")));
    expect(validate(tb), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  test("the same profile and catalogue give byte-identical testbooks", () => {
    const again = buildTestbook(buildUserProfile(readExample("full"), baseline), catalogue);
    expect(JSON.stringify(again)).toBe(JSON.stringify(testbooks.full));
  });

  test("the single-phase example has no L2/L3 tests", () => {
    const tb = testbooks["single-phase-plc"]!;
    const text = JSON.stringify(tb.chapters);
    expect(text).not.toMatch(/\bL[23]\b/);
    expect(tb.excluded.some((e) => e.chapter === "power-quality")).toBe(true);
  });

  test("without a firmware client there are no firmware-client tests", () => {
    const tb = testbooks["single-phase-plc"]!;
    const tests = tb.chapters.flatMap((c) => c.tests);
    const firmwareBound = (t: (typeof tests)[number]) =>
      (t.binding?.kind === "client" && t.binding.id === "firmware") || (t.binding?.kind === "access" && t.binding.id.startsWith("firmware.")) || t.requirements.includes("client:firmware");
    expect(tests.filter(firmwareBound).map((t) => t.id)).toEqual([]);
    expect(tests.some((t) => JSON.stringify(t).includes("Firmware client"))).toBe(false);
    expect(JSON.stringify(testbooks["three-phase-hls-cellular"]!.chapters)).toContain("Firmware client");
  });

  test.each(Object.entries(testbooks))("%s: every included test references only clients, objects and items of the profile", (name, tb) => {
    const ids = new Set(tb.traceability.requirements.map((r) => r.id));
    for (const t of tb.chapters.flatMap((c) => c.tests)) {
      for (const r of t.requirements) expect(ids.has(r), `${t.id} references ${r}`).toBe(true);
    }
    const profile = profiles[name]!;
    const obis = new Set(profile.objects.map((o) => o.obis));
    for (const t of tb.chapters.flatMap((c) => c.tests)) {
      if (t.binding?.kind === "object") expect(profile.objects.some((o) => o.id === t.binding!.id)).toBe(true);
      if (t.binding?.kind === "client") expect(profile.clients.some((c) => c.id === t.binding!.id)).toBe(true);
    }
    expect(obis.size).toBe(profile.objects.length);
  });

  test.each(Object.entries(testbooks))("%s: one association test per client of the profile", (name, tb) => {
    const association = tb.chapters.find((c) => c.id === "associations")!.tests.filter((t) => t.caseId === "ASSOC-001");
    expect(association.map((t) => t.binding!.id)).toEqual(profiles[name]!.clients.map((c) => c.id));
  });

  test.each(Object.entries(testbooks))("%s: one event test per event of the profile", (name, tb) => {
    const eventTests = tb.chapters.flatMap((c) => c.tests).filter((t) => t.binding?.kind === "event" && (t.caseId === "EVT-001" || t.caseId === "EVT-002"));
    expect(eventTests.map((t) => t.binding!.id).sort()).toEqual(profiles[name]!.events.logs.flatMap((l) => l.events.map((e) => e.id)).sort());
  });

  test("parameters are filled in from the profile", () => {
    const tb = buildTestbook(buildUserProfile(exampleWith("single-phase-plc", (a) => (a.regulatory.powerQuality.sagThresholdPercent = 13)), baseline), catalogue);
    const pq = JSON.stringify(tb.chapters.find((c) => c.id === "power-quality"));
    expect(pq).toContain("13");
    expect(JSON.stringify(tb.chapters)).not.toMatch(/\{[a-z]+\.[A-Za-z.-]+\}/);
  });

  test.each(Object.entries(testbooks))("%s: the traceability matrix maps requirements to tests with a coverage figure", (_, tb) => {
    const { requirements, uncovered } = tb.traceability;
    expect(requirements.length).toBe(tb.summary.requirements);
    expect(uncovered).toEqual(requirements.filter((r) => r.tests.length === 0).map((r) => r.id));
    expect(tb.summary.coveragePercent).toBeGreaterThan(90);
    for (const kind of ["client", "object", "right", "event", "security"]) {
      expect(requirements.filter((r) => r.kind === kind && r.tests.length === 0).map((r) => r.id), kind).toEqual([]);
    }
  });

  test.each(Object.entries(testbooks))("%s: counting the tests without writing them gives the testbook's count", (name, tb) => {
    expect(countTests(profiles[name]!, catalogue)).toBe(tb.summary.tests);
  });

  test("excluded cases are listed with the reason", () => {
    const tb = testbooks["single-phase-plc"]!;
    const p1 = tb.excluded.filter((e) => e.chapter === "p1-port");
    expect(p1.length).toBeGreaterThan(0);
    expect(p1[0]!.reason).toMatch(/^not applicable: /);
  });
});
