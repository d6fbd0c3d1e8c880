import { describe, expect, test } from "vitest";
import { numberOf, type TData } from "@/lib/dlms/axdr/data";
import { formatObis } from "@/lib/dlms/obis";
import type { TProfileObject, TUserProfile } from "@/lib/profile/schema";
import { initialAttributeValue } from "@/lib/simulator/values/initial-value";
import { PROFILES, contextOf } from "./examples";

const items = (v: TData): TData[] => (v.type === "array" || v.type === "structure" ? v.items : []);
const bytes = (v: TData | undefined): Uint8Array => (v?.type === "octet-string" ? v.value : new Uint8Array());
const num = (v: TData | undefined): number => (v ? (numberOf(v) ?? NaN) : NaN);
const text = (v: TData | undefined): string => new TextDecoder().decode(bytes(v));
const ln = (v: TData | undefined): string => formatObis(bytes(v));

const valueOf = (profile: TUserProfile, object: TProfileObject, index: number) => initialAttributeValue(object, index, contextOf(profile));
const ofClass = (profile: TUserProfile, classId: number) => profile.objects.filter((o) => o.classId === classId);
const byObis = (profile: TUserProfile, obis: string) => profile.objects.find((o) => o.obis === obis);

/** A reference {class_id, logical_name} to an object of the profile that has the class stated. */
function expectObject(profile: TUserProfile, classId: number, name: string, where: string): TProfileObject {
  const target = byObis(profile, name);
  expect(target, `${where}: ${name} in the profile`).toBeDefined();
  expect(target!.classId, `${where}: class of ${name}`).toBe(classId);
  return target!;
}

describe.each(PROFILES.map(([name, profile]) => [name, profile] as const))("references between the objects of %s", (_name, profile) => {
  test("capture objects name objects of the profile with their class and captured attribute", () => {
    for (const pg of ofClass(profile, 7)) {
      const columns = items(valueOf(profile, pg, 3));
      expect(columns).toHaveLength(pg.captureObjects?.length ?? 0);
      columns.forEach((column, i) => {
        const [classId, name, attribute, dataIndex] = items(column);
        const target = expectObject(profile, num(classId), ln(name), pg.id);
        expect(target.id).toBe(pg.captureObjects![i]!.object);
        expect(target.attributes.map((a) => a.index)).toContain(num(attribute));
        expect(num(dataIndex)).toBe(0);
      });
    }
  });

  test("script actions act on attributes and methods the target objects have", () => {
    for (const table of ofClass(profile, 9)) {
      for (const script of items(valueOf(profile, table, 2))) {
        for (const action of items(items(script)[1]!)) {
          const [service, classId, name, index] = items(action);
          const target = expectObject(profile, num(classId), ln(name), table.id);
          const indexes = num(service) === 1 ? target.attributes.map((a) => a.index) : target.methods.map((m) => m.index);
          expect(indexes, `${table.id} acts on ${target.id}`).toContain(num(index));
        }
      }
    }
  });

  test("schedules and calendars run scripts their script tables hold", () => {
    const selectors = (obis: string) => {
      const table = expectObject(profile, 9, obis, "script reference");
      return items(valueOf(profile, table, 2)).map((s) => num(items(s)[0]));
    };
    for (const schedule of ofClass(profile, 22)) {
      const [script, selector] = items(valueOf(profile, schedule, 2));
      expect(selectors(ln(script)), schedule.id).toContain(num(selector));
    }
    for (const calendar of ofClass(profile, 20)) {
      const weeks = items(valueOf(profile, calendar, 4));
      const days = items(valueOf(profile, calendar, 5));
      const dayIds = days.map((d) => num(items(d)[0]));
      for (const season of items(valueOf(profile, calendar, 3))) expect(weeks.map((w) => text(items(w)[0]))).toContain(text(items(season)[2]));
      for (const week of weeks) for (const id of items(week).slice(1)) expect(dayIds).toContain(num(id));
      for (const day of days) {
        for (const action of items(items(day)[1]!)) expect(selectors(ln(items(action)[1])), calendar.id).toContain(num(items(action)[2]));
      }
      if (calendar.obis === "0-0:13.0.0.255") {
        for (const table of ofClass(profile, 11)) for (const entry of items(valueOf(profile, table, 2))) expect(dayIds).toContain(num(items(entry)[2]));
      }
    }
  });

  test("the tariff masks switch rate registers and the active one is the current tariff", () => {
    for (const activation of ofClass(profile, 6)) {
      const assigned = items(valueOf(profile, activation, 2)).map((a) => expectObject(profile, num(items(a)[0]), ln(items(a)[1]), activation.id));
      expect(assigned.length).toBeGreaterThan(0);
      const masks = items(valueOf(profile, activation, 3));
      masks.forEach((mask, i) => {
        const rate = i + 1;
        const members = items(items(mask)[1]!).map((n) => assigned[num(n) - 1]!);
        expect(members.length).toBeGreaterThan(0);
        expect(members.every((m) => m.obis.split(".")[2] === String(rate)), text(items(mask)[0])).toBe(true);
      });
      const active = text(valueOf(profile, activation, 4));
      expect(masks.map((m) => text(items(m)[0]))).toContain(active);
      const tariff = byObis(profile, "0-0:96.14.0.255");
      if (tariff) expect(active).toBe(`RATE${num(valueOf(profile, tariff, 2))}`);
    }
  });

  test("monitors and limiters watch a register and hold thresholds of its type", () => {
    for (const monitor of [...ofClass(profile, 21), ...ofClass(profile, 71)]) {
      const [classId, name, attribute] = items(valueOf(profile, monitor, monitor.classId === 21 ? 3 : 2));
      const target = expectObject(profile, num(classId), ln(name), monitor.id);
      const watchedType = valueOf(profile, target, num(attribute)).type;
      const thresholds = monitor.classId === 21 ? items(valueOf(profile, monitor, 2)) : [3, 4, 5].map((i) => valueOf(profile, monitor, i));
      for (const t of thresholds) expect(t.type, monitor.id).toBe(watchedType);
    }
  });

  test("pushes send attributes of objects of the profile through one of its TCP-UDP setups", () => {
    for (const push of ofClass(profile, 40)) {
      const list = items(valueOf(profile, push, 2));
      expect(list.length).toBeGreaterThan(0);
      for (const entry of list) {
        const [classId, name, attribute] = items(entry);
        const target = expectObject(profile, num(classId), ln(name), push.id);
        expect(target.attributes.map((a) => a.index)).toContain(num(attribute));
      }
      expectObject(profile, 41, ln(valueOf(profile, push, 8)), push.id);
    }
  });

  test("the IP stacks refer to the layer below them", () => {
    for (const tcp of ofClass(profile, 41)) expect([42, 48]).toContain(byObis(profile, ln(valueOf(profile, tcp, 3)))?.classId);
    for (const ip of [...ofClass(profile, 42), ...ofClass(profile, 48)]) expect(byObis(profile, ln(valueOf(profile, ip, 2))), ip.id).toBeDefined();
  });

  test("each association lists exactly the objects its client may reach, with the client's SAP and security setup", () => {
    for (const association of ofClass(profile, 15).filter((a) => a.client)) {
      const client = profile.clients.find((c) => c.id === association.client)!;
      const listed = items(valueOf(profile, association, 2)).map((e) => ln(items(e)[2]));
      const reachable = profile.objects.filter(
        (o) => o.attributes.some((a) => (a.access[client.id] ?? "-") !== "-") || o.methods.some((m) => m.access[client.id] === "X"),
      );
      expect(listed).toEqual(reachable.map((o) => o.obis));
      expect(num(items(valueOf(profile, association, 3))[0])).toBe(client.sap);
      expect(ln(valueOf(profile, association, 9))).toBe(client.securitySetupObject?.obis ?? "0-0:0.0.0.0");
      expect(num(items(valueOf(profile, association, 6))[6])).toBe(client.authentication.mechanismId);
    }
  });

  test("the instantaneous totals are the sums of the phases", () => {
    const raw = (obis: string) => {
      const o = byObis(profile, obis);
      return o ? num(valueOf(profile, o, 2)) : undefined;
    };
    const phases = ["1-0:21.7.0.255", "1-0:41.7.0.255", "1-0:61.7.0.255"].map(raw).filter((v): v is number => v !== undefined);
    const total = raw("1-0:1.7.0.255");
    if (total !== undefined && phases.length > 0) expect(Math.abs(total - phases.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(phases.length);
    const voltage = raw("1-0:32.7.0.255");
    expect(voltage! / 10).toBeCloseTo(profile.electrical.nominalVoltageV, -1);
  });
});
