import type { TBaseline } from "../baseline/load";
import { getPath } from "../json/path";
import { evaluateRule, ruleVariables } from "../rules/json-logic";
import type { TAnswers } from "../questionnaire/answers";
import type { TConditionTrace, TReason } from "./schema";

export type TInclusion = { included: true; reason: TReason } | { included: false; failed: TConditionTrace[] };

/**
 * Evaluates the baseline's named conditions against one answers file. Each condition is
 * evaluated once and its trace (the answers it read) reused by every item that names it.
 */
export function createConditionEvaluator(answers: TAnswers, baseline: TBaseline) {
  const traces = new Map<string, TConditionTrace>();
  const trace = (id: string): TConditionTrace => {
    let t = traces.get(id);
    if (!t) {
      const condition = baseline.index.conditions.get(id);
      if (!condition) throw new Error(`Unknown condition "${id}"`);
      t = {
        id,
        explanation: condition.explanation,
        holds: evaluateRule(condition.rule, answers),
        answers: ruleVariables(condition.rule).map((path) => ({ path, value: (getPath(answers, path) ?? null) as TConditionTrace["answers"][number]["value"] })),
      };
      traces.set(id, t);
    }
    return t;
  };
  return {
    holds: (id: string) => trace(id).holds,
    include(status: string, when: string[] | undefined): TInclusion {
      if (status === "mandatory" || !when) return { included: true, reason: { kind: "mandatory", conditions: [] } };
      const all = when.map(trace);
      const failed = all.filter((t) => !t.holds);
      return failed.length === 0 ? { included: true, reason: { kind: "answers", conditions: when } } : { included: false, failed };
    },
    /** The traces of every condition evaluated so far, in baseline order. */
    traces: () => baseline.conditions.flatMap((c) => traces.get(c.id) ?? []),
  };
}
export type TConditionEvaluator = ReturnType<typeof createConditionEvaluator>;

export function explainExclusion(failed: TConditionTrace[]): string {
  return `left out because it needs: ${failed.map((f) => f.explanation).join("; ")}`;
}
