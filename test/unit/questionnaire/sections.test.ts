import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ZAnswersShape } from "@/lib/questionnaire/answers";
import { answerPathExists, findField, questionTitle } from "@/lib/questionnaire/fields";
import { INFORMATIONAL_ANSWERS } from "@/lib/questionnaire/informational";
import { fieldOfPath, SECTIONS, sectionOfPath, STEP_IDS } from "@/lib/questionnaire/sections";
import { RULE_OPERATORS, ruleOperators, ruleVariables } from "@/lib/rules/json-logic";

/** Every leaf path of the answers schema (arrays count as one answer). */
function leafPaths(schema: z.core.$ZodType, prefix: string[] = []): string[] {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  if (def.type === "object" && def.shape) return Object.entries(def.shape).flatMap(([k, s]) => leafPaths(s, [...prefix, k]));
  return [prefix.join(".")];
}

const fields = SECTIONS.flatMap((s) => s.fields.map((f) => ({ section: s.id, ...f })));

describe("questionnaire sections", () => {
  test("every question names an answer of the schema, once", () => {
    expect(fields.filter((f) => !answerPathExists(f.path)).map((f) => f.path)).toEqual([]);
    const paths = fields.map((f) => f.path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });

  test("every answer of the schema is asked, apart from the file's own header and answers with a single valid value", () => {
    const asked = new Set(fields.map((f) => f.path));
    const notAsked = (p: string) => INFORMATIONAL_ANSWERS[p]?.asked === false;
    const missing = leafPaths(ZAnswersShape).filter((p) => !asked.has(p) && p !== "formatVersion" && !p.startsWith("baseline.") && !notAsked(p));
    expect(missing).toEqual([]);
    expect(Object.keys(INFORMATIONAL_ANSWERS).filter((p) => notAsked(p) && asked.has(p))).toEqual([]);
  });

  test("no label repeats its unit: the unit is in the title, once", () => {
    for (const f of fields) {
      const title = questionTitle(f.path.split("."));
      const units = [...title.matchAll(/\(([^)]+)\)/g)].map((m) => m[1]);
      expect(new Set(units).size, title).toBe(units.length);
    }
  });

  test("Metering functions are split into shorter steps, none longer than 15 questions", () => {
    expect(STEP_IDS).toEqual(["contact", "electrical", "communication", "clients", "security", "energy", "demand", "billing", "functions", "events", "alarms", "regulatory", "review"]);
    for (const s of SECTIONS) expect(s.fields.filter((f) => !f.advanced).length, s.id).toBeLessThanOrEqual(15);
  });

  test("SAPs, HLS mechanisms and security suites are behind the Advanced disclosure; every security choice says what it protects", () => {
    const advanced = fields.filter((f) => f.advanced).map((f) => f.path);
    expect(advanced.filter((p) => !/\.(sap|hlsMechanism|securitySuite)$/.test(p))).toEqual([]);
    expect(fields.filter((f) => /\.(sap|hlsMechanism|securitySuite)$/.test(f.path) && !f.advanced).map((f) => f.path)).toEqual([]);
    for (const f of fields.filter((x) => /^security\./.test(x.path))) {
      for (const o of f.options ?? []) expect(o.description, `${f.path} ${String(o.value)}`).toMatch(/^[A-Z0-9].{20,160}\.$/);
    }
  });

  test("every option is a valid value of its question", () => {
    for (const f of fields) {
      const schema = findField(f.path.split(".")) as z.ZodType;
      for (const o of f.options ?? []) {
        const value = f.kind === "multi" ? [o.value] : o.value;
        expect(schema.safeParse(value).success, `${f.path} option ${JSON.stringify(o.value)}`).toBe(true);
      }
    }
  });

  test("visibility rules read existing answers with allowed operators", () => {
    const rules = fields.flatMap((f) => [f.visibleIf, ...(f.options ?? []).map((o) => o.visibleIf)]).filter((r) => r !== undefined);
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      for (const v of ruleVariables(rule)) expect(answerPathExists(v), v).toBe(true);
      for (const op of ruleOperators(rule)) expect(RULE_OPERATORS as readonly string[]).toContain(op);
    }
  });

  test("the wizard ends with the review step and section ids are unique", () => {
    expect(STEP_IDS.at(-1)).toBe("review");
    expect(new Set(STEP_IDS).size).toBe(STEP_IDS.length);
  });

  test("every section with DLMS notions explains them in plain words", () => {
    for (const id of ["communication", "clients", "security", "energy", "demand", "billing", "functions", "events", "alarms", "regulatory"]) {
      expect(SECTIONS.find((s) => s.id === id)!.help?.length, id).toBeGreaterThan(0);
    }
  });
});

describe("fieldOfPath and sectionOfPath", () => {
  test("a problem on a list item belongs to the list's question and its section", () => {
    expect(fieldOfPath("clients.reading.ports.2")).toBe("clients.reading.ports");
    expect(sectionOfPath("clients.reading.ports.2")).toBe("clients");
    expect(sectionOfPath("security.management.securitySuite")).toBe("security");
  });

  test("a problem no question owns goes to the review step", () => {
    expect(fieldOfPath("baseline.version")).toBeUndefined();
    expect(sectionOfPath("baseline.version")).toBe("review");
  });
});
