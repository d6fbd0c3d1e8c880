import type { TObjectInGroup, TBaseline } from "../baseline/load";
import type { TClass, TClientLimits, TRights, TSelection } from "../baseline/schema";
import type { TAttributeAccess, TClientId, TMethodAccess } from "../vocabulary";

function selects(selection: TSelection, index: number, kind?: "static" | "dynamic"): boolean {
  if (Array.isArray(selection)) return selection.includes(index);
  if (selection === "all") return true;
  if (selection === "none") return false;
  return kind === selection;
}

/**
 * The rights of one client on one object: the access template, patched by the object's
 * overrides, then clamped by the client's limits and by the rules no data can change:
 * secrets are never readable; the logical name and computed values are never writable.
 */
export function resolveAccess(
  object: TObjectInGroup,
  cls: TClass,
  clientId: TClientId,
  limits: TClientLimits,
  baseline: TBaseline,
): { attributes: TAttributeAccess[]; methods: TMethodAccess[] } {
  const template = baseline.index.templates.get(object.access);
  if (!template) throw new Error(`Object ${object.id} names unknown access template ${object.access}`);
  const rights: TRights = { ...template.rights[clientId], ...object.accessOverrides?.[clientId] };
  const reachable = !limits.groups || limits.groups.includes(object.group) || object.client === clientId || limits.objects?.includes(object.id) === true;
  const mayRead = reachable && (limits.readMeteringData || !template.meteringData);
  const mayWrite = reachable && limits.write;
  const mayExecute = reachable && limits.execute;

  const attributes = cls.attributes.map((a): TAttributeAccess => {
    const read = mayRead && !a.secret && selects(rights.get, a.index, a.kind);
    const write = mayWrite && a.index !== 1 && !a.readOnly && selects(rights.set, a.index, a.kind);
    return read ? (write ? "RW" : "R") : write ? "W" : "-";
  });
  const methods = cls.methods.map((m): TMethodAccess => (mayExecute && selects(rights.action, m.index) ? "X" : "-"));
  return { attributes, methods };
}
