import fc from "fast-check";
import jsonLogic from "json-logic-js";
import { describe, expect, test } from "vitest";
import { evaluateRule, ruleVariables } from "@/lib/rules/json-logic";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { EXAMPLE_NAMES, readExample } from "../../helpers/examples";

const reference = (rule: unknown, data: unknown) => jsonLogic.truthy(jsonLogic.apply(rule as jsonLogic.RulesLogic, data));

describe("evaluateRule", () => {
  test.each([
    [{ "==": [1, "1"] }, {}, true],
    [{ "===": [1, "1"] }, {}, false],
    [{ "!": [[]] }, {}, true],
    [{ "!!": [[0]] }, {}, true],
    [{ all: [[], { "==": [{ var: "" }, 1] }] }, {}, false],
    [{ none: [{ var: "missing" }, { "==": [{ var: "" }, 1] }] }, {}, true],
    [{ in: ["b", "abc"] }, {}, true],
    [{ in: ["x", { var: "list" }] }, { list: ["x"] }, true],
    [{ "<": [1, { var: "n" }, 3] }, { n: 2 }, true],
    [{ if: [false, 1, { var: "a.b" }] }, { a: { b: 0 } }, false],
    [{ var: ["missing", true] }, {}, true],
  ])("%j on %j is %s, as in json-logic-js", (rule, data, expected) => {
    expect(evaluateRule(rule as Record<string, unknown>, data)).toBe(expected);
    expect(reference(rule, data)).toBe(expected);
  });

  test("every baseline condition and every catalogue rule gives json-logic-js's answer on every example", () => {
    const baseline = getBaseline();
    const rules = [
      ...baseline.conditions.map((c) => c.rule),
      ...getCatalogue().chapters.flatMap((c) => c.cases.flatMap((k) => [k.applicability, k.expand?.where, ...k.steps.map((s) => s.where)])),
    ].filter((r): r is Record<string, unknown> => r !== undefined);
    expect(rules.length).toBeGreaterThan(60);
    for (const name of EXAMPLE_NAMES) {
      const answers = readExample(name);
      for (const rule of baseline.conditions.map((c) => c.rule)) expect(evaluateRule(rule, answers), JSON.stringify(rule)).toBe(reference(rule, answers));
    }
    fc.assert(
      fc.property(fc.constantFrom(...rules), fc.object({ maxDepth: 3 }), (rule, data) => {
        expect(evaluateRule(rule, data)).toBe(reference(rule, data));
      }),
      { numRuns: 300 },
    );
  });

  test("ruleVariables lists the data paths a rule reads, not the per-item ones", () => {
    expect(ruleVariables({ and: [{ var: "a.b" }, { some: [{ var: "list" }, { "==": [{ var: "" }, 1] }] }] })).toEqual(["a.b", "list"]);
  });
});
