import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { buildUserProfile } from "@/lib/profile/build";
import type { TUserProfile } from "@/lib/profile/schema";
import { inClientView } from "@/lib/profile/view";
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

  test.each(Object.entries(testbooks))("%s: one association test per client of the profile: by AARQ, or pre-established", (name, tb) => {
    const tests = tb.chapters.find((c) => c.id === "associations")!.tests;
    const clients = profiles[name]!.clients;
    const ids = (caseId: string) => tests.filter((t) => t.caseId === caseId).map((t) => t.binding!.id);
    expect(ids("ASSOC-001")).toEqual(clients.filter((c) => c.association === "aarq").map((c) => c.id));
    expect(ids("ASSOC-003")).toEqual(clients.filter((c) => c.association === "aarq").map((c) => c.id));
    expect(ids("ASSOC-006")).toEqual(clients.filter((c) => c.association === "pre-established").map((c) => c.id));
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

describe("testbook expectations are decided in advance", () => {
  const testsOf = (name: string) => testbooks[name]!.chapters.flatMap((c) => c.tests);

  test("ACC-001 expects object-undefined for an object absent from the client's object list, read-write-denied for the others", () => {
    const profile = profiles.full!;
    for (const client of profile.clients) {
      for (const t of testsOf("full").filter((x) => x.caseId === "ACC-001" && x.binding!.id.startsWith(`${client.id}.`))) {
        const group = t.binding!.id.slice(client.id.length + 1);
        const objects = profile.objects.filter((o) => o.group === group);
        const absent = objects.filter((o) => !inClientView(o, client.id)).length;
        expect(t.steps.filter((s) => s.expected.includes("object-undefined")), t.id).toHaveLength(absent);
        expect(t.steps.filter((s) => s.expected.includes("read-write-denied")), t.id).toHaveLength(objects.length - absent);
        for (const s of t.steps.filter((x) => x.expected.includes("object-undefined"))) expect(s.expected, t.id).not.toContain("read-write-denied");
      }
    }
  });

  test("a request on a refused, released or unauthenticated association has an expected answer on each transport", () => {
    for (const { case: c } of allCases) for (const s of c.steps) expect(s.expected, c.id).not.toBe("The request is not served.");
    for (const id of ["ASSOC-002", "ASSOC-003", "SEC-HLS-001"]) {
      const steps = allCases.find((x) => x.case.id === id)!.case.steps.filter((s) => /is not served/.test(s.expected));
      expect(steps.length, id).toBeGreaterThan(0);
      for (const { expected } of steps) {
        expect(expected, id).toMatch(/on the TCP wrapper the meter answers with an AARE rejected with its diagnostic .* or closes the TCP connection/);
        expect(expected, id).toMatch(/over HDLC it answers with a DM or FRMR frame, or with an AARE rejection/);
        expect(expected, id).toMatch(/Any other answer, a GET-response in particular, fails/);
      }
    }
  });

  test("no expected result leaves the verdict to the laboratory: TOU-003 says which state of attribute 10 passes", () => {
    for (const { case: c } of allCases) for (const s of c.steps) expect(s.expected, c.id).not.toMatch(/record whether/i);
    const step = allCases.find((x) => x.case.id === "TOU-003")!.case.steps[4]!;
    expect(step.expected).toMatch(/passes when it reads the not-specified date-time .* or the activation time just reached; it fails when it still holds a time in the future/);
  });

  test("BILL-008 checks first in, first out without writing profile_entries, whose effect the Blue Book leaves to the implementation", () => {
    const c = allCases.find((x) => x.case.id === "BILL-008")!.case;
    for (const s of c.steps) expect(s.action).not.toMatch(/SET attribute 8/);
    expect(c.steps[3]!.action).toMatch(/capture\) until entries_in_use equals \{parameters.storedDailyPeriods\}/);
  });

  test("DISC-010 expects the value the profile's limiter monitors: apparent power with SMAX in kVA on P1, active power otherwise", () => {
    const expected = (name: string) => testsOf(name).find((t) => t.caseId === "DISC-010")!.steps[0]!.expected;
    expect(expected("full")).toContain("1-0:9.7.0.255 (class_id 3), attribute 2");
    expect(expected("single-phase-plc")).toContain("1-0:1.7.0.255 (class_id 3), attribute 2");
  });
});
