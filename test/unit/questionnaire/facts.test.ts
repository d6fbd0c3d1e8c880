import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { evaluateRule } from "@/lib/rules/json-logic";
import { readExample } from "../../helpers/examples";

const facts = questionnaireFacts(getBaseline());
const offered = (items: { name: string; visibleIf?: Parameters<typeof evaluateRule>[0] }[], answers: unknown) =>
  items.filter((i) => !i.visibleIf || evaluateRule(i.visibleIf, answers)).map((i) => i.name);

describe("options that fit the meter", () => {
  test("a single-phase meter without M-Bus or public lighting is offered none of their alarms", () => {
    const alarms = offered(facts.lists.alarms, readExample("single-phase-plc"));
    expect(alarms).toContain("Voltage sag L1");
    for (const absent of ["Voltage sag L2", "Voltage swell L3", "Phase outage L1", "Phase sequence reversal", "M-Bus fraud attempt channel 1", "Public lighting relay failure"]) {
      expect(alarms, absent).not.toContain(absent);
    }
  });

  test("the full example offers every alarm of the baseline", () => {
    expect(offered(facts.lists.alarms, readExample("full"))).toHaveLength(facts.lists.alarms.length);
  });

  test("optional events of a log that is not recorded are not offered", () => {
    const names = (answers: unknown) => new Set(offered(facts.lists.optionalEvents, answers));
    const single = names(readExample("single-phase-plc"));
    const full = names(readExample("full"));
    expect(single.size).toBeLessThan(full.size);
    expect([...single].every((n) => full.has(n))).toBe(true);
  });

  test("the facts sent to the browser are small: under 40 KB of JSON", () => {
    expect(JSON.stringify(facts).length).toBeLessThan(40 * 1024);
  });
});
