/**
 * What a JSON value from outside may hold before anything stores or walks it: text the database
 * can keep (no NUL, no lone UTF-16 surrogate, which PostgreSQL refuses or cannot encode), and a
 * bounded shape (nesting, keys per object, elements per array, values in all), so that no later
 * recursive walk (zod, Prisma, our own code) runs out of stack.
 */
export type TJsonLimits = { maxDepth: number; maxKeys: number; maxElements: number; maxNodes: number };

export const JSON_LIMITS: TJsonLimits = { maxDepth: 64, maxKeys: 10_000, maxElements: 100_000, maxNodes: 1_000_000 };

export type TJsonProblem = { path: string; message: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "holds a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(text)) return "holds a lone UTF-16 surrogate (half of a character), which cannot be stored";
  return null;
}

const pathText = (path: readonly (string | number)[]) => (path.length === 0 ? "(the body)" : path.map(String).join("."));

/** The first problem of `value` against the limits, by its JSON path, or null when it has none. */
export function findJsonProblem(value: unknown, limits: TJsonLimits = JSON_LIMITS): TJsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (++nodes > limits.maxNodes) return { path: "(the body)", message: `holds more than ${limits.maxNodes} values` };
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathText(path), message: problem };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (path.length >= limits.maxDepth) return { path: pathText(path), message: `is nested more than ${limits.maxDepth} levels deep` };
    if (Array.isArray(v)) {
      if (v.length > limits.maxElements) return { path: pathText(path), message: `has more than ${limits.maxElements} elements` };
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.maxKeys) return { path: pathText(path), message: `has more than ${limits.maxKeys} keys` };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const problem = textProblem(key);
      if (problem) return { path: pathText([...path, key]), message: `its key ${problem}` };
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}
