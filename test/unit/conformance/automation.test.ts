import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PROCEDURES } from "@/lib/conformance/procedures";
import { createAjv } from "@/lib/schemas/ajv";
import { getAutomation } from "@/lib/testbook/automation";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { ROOT } from "../../helpers/examples";

const automation = getAutomation();
const cases = getCatalogue().chapters.flatMap((c) => c.cases.map((k) => k.id));

describe("testbook automation", () => {
  test("automation.json is valid against its published schema (ajv, strict)", () => {
    const ajv = createAjv();
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, "profiles/schema/testbook-automation.schema.json"), "utf8")));
    expect(validate(JSON.parse(readFileSync(join(ROOT, "testbook/automation.json"), "utf8"))), JSON.stringify(validate.errors)).toBe(true);
  });

  test("every catalogue case says how it runs, and no entry names a case the catalogue lacks", () => {
    expect(cases.filter((id) => !automation.cases[id])).toEqual([]);
    expect(Object.keys(automation.cases).filter((id) => !cases.includes(id))).toEqual([]);
  });

  test("every automatic or assisted case names a procedure the runner has", () => {
    const missing = Object.entries(automation.cases).flatMap(([id, a]) => (a.mode !== "manual" && !PROCEDURES[a.procedure] ? [`${id}: ${a.procedure}`] : []));
    expect(missing).toEqual([]);
  });

  test("every procedure of the runner is used by a case", () => {
    const used = new Set(Object.values(automation.cases).flatMap((a) => (a.mode === "manual" ? [] : [a.procedure])));
    expect(Object.keys(PROCEDURES).filter((p) => !used.has(p))).toEqual([]);
  });

  test("a manual case gives a reason a laboratory can act on, not a placeholder", () => {
    const weak = Object.entries(automation.cases).filter(([, a]) => a.mode === "manual" && (a.reason.length < 30 || /todo|tbd|later/i.test(a.reason)));
    expect(weak).toEqual([]);
  });
});
