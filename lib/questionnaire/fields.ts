import type { z } from "zod";
import { ZAnswersShape } from "./answers";

/**
 * Walks the answers schema by path, so that messages can name the question a path belongs to
 * and data files (baseline parameters, conditions, defaults) can be checked against real fields.
 */
type TAnySchema = z.core.$ZodType;

function unwrap(schema: TAnySchema): TAnySchema {
  const def = schema._zod.def as { type: string; innerType?: TAnySchema; options?: TAnySchema[] };
  if ((def.type === "optional" || def.type === "nullable" || def.type === "default") && def.innerType) return unwrap(def.innerType);
  return schema;
}

function child(schema: TAnySchema, key: PropertyKey): TAnySchema | undefined {
  const inner = unwrap(schema);
  const def = inner._zod.def as { type: string; shape?: Record<string, TAnySchema>; element?: TAnySchema; options?: TAnySchema[] };
  if (def.type === "object" && def.shape) return def.shape[String(key)];
  if (def.type === "array" && def.element && (typeof key === "number" || /^\d+$/.test(String(key)))) return def.element;
  if (def.type === "union" && def.options) {
    for (const option of def.options) {
      const found = child(option, key);
      if (found) return found;
    }
  }
  return undefined;
}

function titleOf(schema: TAnySchema): string | undefined {
  const meta = (schema as z.ZodType).meta?.() as { title?: string } | undefined;
  if (meta?.title) return meta.title;
  const def = schema._zod.def as { type: string; options?: TAnySchema[]; innerType?: TAnySchema };
  if (def.type === "union" && def.options) {
    for (const option of def.options) {
      const t = titleOf(option);
      if (t) return t;
    }
  }
  return def.innerType ? titleOf(def.innerType) : undefined;
}

export function findField(path: readonly PropertyKey[]): TAnySchema | undefined {
  let current: TAnySchema | undefined = ZAnswersShape;
  for (const key of path) {
    if (!current) return undefined;
    current = child(current, key);
  }
  return current;
}

export function answerPathExists(dotted: string): boolean {
  return findField(dotted.split(".")) !== undefined;
}

/** The question a path belongs to: the title of the deepest schema on the path that has one. */
export function questionTitle(path: readonly PropertyKey[]): string {
  let current: TAnySchema | undefined = ZAnswersShape;
  let title = titleOf(ZAnswersShape) ?? "Answers";
  for (const key of path) {
    current = current ? child(current, key) : undefined;
    if (!current) break;
    title = titleOf(current) ?? title;
  }
  return title;
}
