import jsonLogic from "json-logic-js";

/**
 * The one rule language of the product: JSON Logic (https://jsonlogic.com), used for the
 * baseline's inclusion conditions, the questionnaire's visibility rules and the testbook's
 * applicability rules. Everything evaluates rules through this module.
 */
export type TRule = Record<string, unknown>;

/** Operators whose second argument is evaluated per array element: its `var`s are not data paths. */
const ITERATING = new Set(["some", "all", "none", "map", "filter", "reduce"]);

export function evaluateRule(rule: TRule, data: unknown): boolean {
  return jsonLogic.truthy(jsonLogic.apply(rule as jsonLogic.RulesLogic, data));
}

/** The data paths a rule reads, in the order they appear, without duplicates. */
export function ruleVariables(rule: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      if (op === "var") {
        const path = Array.isArray(args) ? args[0] : args;
        if (typeof path === "string" && path !== "" && !found.includes(path)) found.push(path);
      } else if (ITERATING.has(op) && Array.isArray(args)) {
        visit(args[0]);
      } else {
        visit(args);
      }
    }
  };
  visit(rule);
  return found;
}

/** Operators the product's rules may use; anything else is a data error caught by the tests. */
export const RULE_OPERATORS = [
  "var", "==", "!=", "===", "!==", ">", ">=", "<", "<=", "!", "!!", "and", "or", "if", "in", "some", "all", "none",
] as const;

export function ruleOperators(rule: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      found.add(op);
      visit(args);
    }
  };
  visit(rule);
  return [...found];
}
