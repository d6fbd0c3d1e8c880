import jsonLogic from "json-logic-js";

/**
 * The one rule language of the product: JSON Logic (https://jsonlogic.com), used for the
 * baseline's inclusion conditions, the questionnaire's visibility rules and the testbook's
 * applicability rules. Everything evaluates rules through this module.
 */
export type TRule = Record<string, unknown>;

/** Operators whose second argument is evaluated per array element: its `var`s are not data paths. */
const ITERATING = new Set(["some", "all", "none", "map", "filter", "reduce"]);

type TCompiled = (data: unknown) => unknown;
const compiled = new WeakMap<object, TCompiled>();

export function evaluateRule(rule: TRule, data: unknown): boolean {
  let fn = compiled.get(rule);
  if (!fn) {
    fn = compile(rule);
    compiled.set(rule, fn);
  }
  return truthy(fn(data));
}

/** JSON Logic truthiness: an empty array is false. */
const truthy = (v: unknown): boolean => (Array.isArray(v) && v.length === 0 ? false : Boolean(v));

/**
 * Compiles a rule of the product's operator set into a closure (tens of thousands of testbook
 * items are filtered per build); any other operator is left to json-logic-js, whose semantics
 * the compiled operators follow (loose ==, JSON Logic truthiness, "all" false on empty lists).
 */
function compile(node: unknown): TCompiled {
  if (Array.isArray(node)) {
    // A list of constants (the usual second argument of "in") is the same on every evaluation; no operator changes it.
    if (node.every((x) => x === null || typeof x !== "object")) return () => node;
    const items = node.map(compile);
    return (data) => items.map((f) => f(data));
  }
  if (node === null || typeof node !== "object") return () => node;
  const entries = Object.entries(node);
  if (entries.length !== 1) return () => node;
  const [op, raw] = entries[0]!;
  const args = (Array.isArray(raw) ? raw : [raw]).map(compile);
  const [a, b, c] = args;
  switch (op) {
    case "var": {
      const pathArg = Array.isArray(raw) ? raw[0] : raw;
      const fallback = Array.isArray(raw) && raw.length > 1 ? args[1]! : () => null;
      if (typeof pathArg !== "string" && typeof pathArg !== "number") break;
      const keys = String(pathArg) === "" ? [] : String(pathArg).split(".");
      return (data) => {
        let current: unknown = data;
        for (const key of keys) {
          if (current === null || current === undefined) return fallback(data);
          current = (current as Record<string, unknown>)[key];
        }
        return current === undefined ? fallback(data) : current;
      };
    }
    case "==": return (d) => a!(d) == b!(d);
    case "!=": return (d) => a!(d) != b!(d);
    case "===": return (d) => a!(d) === b!(d);
    case "!==": return (d) => a!(d) !== b!(d);
    case ">": return (d) => (a!(d) as number) > (b!(d) as number);
    case ">=": return (d) => (a!(d) as number) >= (b!(d) as number);
    case "<": return c ? (d) => (a!(d) as number) < (b!(d) as number) && (b!(d) as number) < (c(d) as number) : (d) => (a!(d) as number) < (b!(d) as number);
    case "<=": return c ? (d) => (a!(d) as number) <= (b!(d) as number) && (b!(d) as number) <= (c(d) as number) : (d) => (a!(d) as number) <= (b!(d) as number);
    case "!": return (d) => !truthy(a!(d));
    case "!!": return (d) => truthy(a!(d));
    case "and":
      return (d) => {
        let value: unknown = true;
        for (const f of args) if (!truthy((value = f(d)))) return value;
        return value;
      };
    case "or":
      return (d) => {
        let value: unknown = false;
        for (const f of args) if (truthy((value = f(d)))) return value;
        return value;
      };
    case "if":
      return (d) => {
        let i = 0;
        for (; i + 1 < args.length; i += 2) if (truthy(args[i]!(d))) return args[i + 1]!(d);
        return i < args.length ? args[i]!(d) : null;
      };
    case "in":
      return (d) => {
        const haystack = b!(d) as { indexOf?: (x: unknown) => number } | null | undefined;
        return typeof haystack?.indexOf === "function" ? haystack.indexOf(a!(d)) !== -1 : false;
      };
    case "some":
    case "all":
    case "none": {
      const list = a!;
      const each = Array.isArray(raw) ? compile(raw[1]) : () => false;
      return (d) => {
        const items = list(d);
        if (!Array.isArray(items)) return op === "none";
        if (op === "some") return items.some((x) => truthy(each(x)));
        if (op === "none") return !items.some((x) => truthy(each(x)));
        return items.length > 0 && items.every((x) => truthy(each(x)));
      };
    }
  }
  return (data) => jsonLogic.apply(node as jsonLogic.RulesLogic, data);
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
