import { classKey, type TBaseline, type TObjectInGroup } from "../baseline/load";
import type { TClass } from "../baseline/schema";
import type { TClientId } from "../vocabulary";
import { resolveAccess } from "./access";
import type { TProfileObject } from "./schema";

type TAttributes = TProfileObject["attributes"];
type TMethods = TProfileObject["methods"];
export type TCompiledObject = {
  object: TObjectInGroup;
  cls: TClass;
  /** The attribute and method rows for a profile with these clients (key: the ids joined by commas). */
  rows: (clients: readonly TClientId[], key: string) => { attributes: TAttributes; methods: TMethods };
};

/**
 * Access rights depend on the baseline and on which clients a profile has, never on other
 * answers: they are resolved once per baseline and set of clients, then shared (frozen) by
 * every profile built from them.
 */
const compiled = new WeakMap<TBaseline, Map<string, TCompiledObject>>();

export function compiledObjects(baseline: TBaseline): Map<string, TCompiledObject> {
  let objects = compiled.get(baseline);
  if (!objects) {
    objects = new Map(baseline.objects.map((object) => [object.id, compileObject(object, baseline)]));
    compiled.set(baseline, objects);
  }
  return objects;
}

function compileObject(object: TObjectInGroup, baseline: TBaseline): TCompiledObject {
  const cls = baseline.index.classes.get(classKey(object.classId, object.version));
  if (!cls) throw new Error(`Object ${object.id} names unknown class ${object.classId} v${object.version}`);
  const byClient = new Map(
    baseline.clients.map((c) => [c.id, resolveAccess(object, cls, c.id, c.limits, baseline)] as const),
  );
  const rowsByClients = new Map<string, { attributes: TAttributes; methods: TMethods }>();
  return {
    object,
    cls,
    rows(clients, key) {
      let rows = rowsByClients.get(key);
      if (!rows) {
        rows = Object.freeze({
          attributes: Object.freeze(
            cls.attributes.map((a, i) =>
              Object.freeze({
                index: a.index,
                name: a.name,
                type: a.type,
                kind: a.kind,
                ...(a.secret ? { secret: true as const } : {}),
                access: Object.freeze(Object.fromEntries(clients.map((c) => [c, byClient.get(c)!.attributes[i]!]))),
              }),
            ),
          ) as TAttributes,
          methods: Object.freeze(
            cls.methods.map((m, i) =>
              Object.freeze({ index: m.index, name: m.name, access: Object.freeze(Object.fromEntries(clients.map((c) => [c, byClient.get(c)!.methods[i]!]))) }),
            ),
          ) as TMethods,
        });
        rowsByClients.set(key, rows);
      }
      return rows;
    },
  };
}
