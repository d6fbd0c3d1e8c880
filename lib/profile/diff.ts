import type { TProfileObject, TUserProfile } from "./schema";

/** What changed between two user profiles: the items added, removed or changed, in plain words. */
export type TChange = { kind: "client" | "object" | "right" | "event" | "parameter" | "log"; id: string; name: string; change: "added" | "removed" | "changed"; detail: string };

const rightsText = (o: TProfileObject, client: string) =>
  `${o.attributes.map((a) => `${a.index}:${a.access[client as keyof typeof a.access] ?? "-"}`).join(" ")} / ${o.methods.map((m) => `${m.index}:${m.access[client as keyof typeof m.access] ?? "-"}`).join(" ")}`;

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

/** Changes from `before` to `after`, in the order clients, objects, rights, logs, events, parameters. */
export function diffProfiles(before: TUserProfile, after: TUserProfile): TChange[] {
  const changes: TChange[] = [];
  const compare = <T extends { id: string }>(kind: TChange["kind"], a: T[], b: T[], name: (t: T) => string, detail: (x: T, y: T) => string | null) => {
    const left = byId(a);
    const right = byId(b);
    for (const [id, item] of right) {
      const old = left.get(id);
      if (!old) changes.push({ kind, id, name: name(item), change: "added", detail: "" });
      else {
        const d = detail(old, item);
        if (d) changes.push({ kind, id, name: name(item), change: "changed", detail: d });
      }
    }
    for (const [id, item] of left) if (!right.has(id)) changes.push({ kind, id, name: name(item), change: "removed", detail: "" });
  };
  compare("client", before.clients, after.clients, (c) => c.name, (x, y) => {
    const parts: string[] = [];
    if (x.sap !== y.sap) parts.push(`SAP ${x.sap} → ${y.sap}`);
    if (x.authentication.name !== y.authentication.name) parts.push(`authentication ${x.authentication.name} → ${y.authentication.name}`);
    if (x.securitySuite !== y.securitySuite) parts.push(`security suite ${x.securitySuite ?? "none"} → ${y.securitySuite ?? "none"}`);
    if (x.securityPolicy.id !== y.securityPolicy.id) parts.push(`policy ${x.securityPolicy.name} → ${y.securityPolicy.name}`);
    if (x.ports.join() !== y.ports.join()) parts.push(`ports ${x.ports.join(", ")} → ${y.ports.join(", ")}`);
    return parts.length ? parts.join("; ") : null;
  });
  compare("object", before.objects, after.objects, (o) => `${o.name} (${o.obis})`, () => null);
  const commonClients = after.clients.map((c) => c.id).filter((id) => before.clients.some((c) => c.id === id));
  const beforeObjects = byId(before.objects);
  for (const o of after.objects) {
    const old = beforeObjects.get(o.id);
    if (!old) continue;
    for (const client of commonClients) {
      const x = rightsText(old, client);
      const y = rightsText(o, client);
      if (x !== y) changes.push({ kind: "right", id: `${client}:${o.id}`, name: `${o.name} (${o.obis}), ${client}`, change: "changed", detail: `${x} → ${y}` });
    }
  }
  compare("log", before.events.logs, after.events.logs, (l) => l.name, () => null);
  const events = (p: TUserProfile) => p.events.logs.flatMap((l) => l.events.map((e) => ({ ...e, logName: l.name })));
  compare("event", events(before), events(after), (e) => `${e.code} ${e.name} (${e.logName})`, () => null);
  const params = (p: TUserProfile) => p.parameters.map((x) => ({ ...x, id: `${x.object.id}.${x.id}` }));
  compare("parameter", params(before), params(after), (x) => `${x.name} (${x.object.obis})`, (x, y) =>
    JSON.stringify(x.value) === JSON.stringify(y.value) ? null : `${JSON.stringify(x.value)} → ${JSON.stringify(y.value)}${y.unit ? ` ${y.unit}` : ""}`,
  );
  return changes;
}
