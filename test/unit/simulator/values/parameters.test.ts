import { describe, expect, test } from "vitest";
import { numberOf, type TData } from "@/lib/dlms/axdr/data";
import type { TProfileObject, TProfileParameter, TUserProfile } from "@/lib/profile/schema";
import { initialAttributeValue } from "@/lib/simulator/values/initial-value";
import { requiredAttributeValue } from "@/lib/simulator/values/parameters";
import { PROFILES, contextOf, readProfile } from "./examples";

const objectOf = (profile: TUserProfile, p: TProfileParameter): TProfileObject => profile.objects.find((o) => o.id === p.object.id)!;
const valueOf = (profile: TUserProfile, p: TProfileParameter): TData => initialAttributeValue(objectOf(profile, p), p.attribute, contextOf(profile));
const octets = (v: TData): Uint8Array => (v.type === "octet-string" ? v.value : new Uint8Array());

/** The alarm filter mask a list of alarm ids stands for, from the bit numbers of the profile's alarm registers. */
function maskOf(profile: TUserProfile, filterId: string, alarms: string[]): number {
  const register = profile.alarms.registers.find((r) => r.filterObject.id === filterId)!;
  return register.bits.filter((b) => alarms.includes(b.id)).reduce((m, b) => m + 2 ** b.bit, 0);
}

/** What the initial value must be for a parameter, judged from the parameter itself; undefined for a parameter no rule covers. */
function expectation(profile: TUserProfile, p: TProfileParameter): ((v: TData) => void) | undefined {
  const object = objectOf(profile, p);
  const isRegisterValue = ([3, 4].includes(object.classId) && p.attribute === 2) || (object.classId === 5 && p.attribute <= 3);
  if (isRegisterValue) {
    return (v) => expect((numberOf(v) ?? NaN) * 10 ** (object.scalerUnit?.scaler ?? 0)).toBeCloseTo(p.value as number, 9);
  }
  if ((object.classId === 7 && (p.attribute === 4 || p.attribute === 8)) || (object.classId === 5 && p.attribute === 8)) {
    return (v) => expect(v).toEqual({ type: "double-long-unsigned", value: p.value });
  }
  if (object.classId === 8 && p.attribute === 3) return (v) => expect(v).toEqual({ type: "long", value: p.value === 0 ? 0 : -(p.value as number) });
  if (object.classId === 8 && p.attribute === 8) return (v) => expect(v).toEqual({ type: "boolean", value: p.value });
  if (object.classId === 70 && p.attribute === 4) return (v) => expect(v).toEqual({ type: "enum", value: p.value });
  if (object.classId === 45 && p.attribute === 2) return (v) => expect(new TextDecoder().decode(octets(v))).toBe(p.value);
  if (object.classId === 22 && p.attribute === 4) {
    return (v) => {
      expect(v.type).toBe("array");
      const items = v.type === "array" ? v.items : [];
      expect(items).toHaveLength(1);
      const [time, date] = items[0]!.type === "structure" ? items[0]!.items : [];
      expect(octets(time!)).toEqual(Uint8Array.from([0, 0, 0, 0]));
      expect(octets(date!)).toEqual(Uint8Array.from([0xff, 0xff, 0xff, p.value as number, 0xff]));
    };
  }
  if (object.classId === 1 && Array.isArray(p.value)) return (v) => expect(v).toEqual({ type: "double-long-unsigned", value: maskOf(profile, object.id, p.value as string[]) });
  if (object.classId === 1) return (v) => expect(numberOf(v)).toBe(p.value);
  return undefined;
}

describe("values the profile fixes", () => {
  test.each(PROFILES.map(([name, profile]) => [name, profile] as const))("every parameter of %s is carried by the initial value", (_name, profile) => {
    expect(profile.parameters.length).toBeGreaterThan(0);
    for (const p of profile.parameters) {
      const check = expectation(profile, p);
      expect(check, `a rule for parameter ${p.id} on ${p.object.id}/${p.attribute}`).toBeDefined();
      check!(valueOf(profile, p));
    }
  });

  test("the full profile's nominal voltage of 230 V at scaler -1 is 2300", () => {
    const profile = readProfile("full");
    const voltage = profile.objects.find((o) => o.obis === "1-0:0.6.0.255")!;
    expect(voltage.scalerUnit).toEqual({ scaler: -1, unit: "V" });
    expect(requiredAttributeValue(profile, voltage, 2)).toEqual({ type: "long-unsigned", value: 2300 });
  });

  test("the clock time zone is the questionnaire's offset negated (UTC minus local time)", () => {
    const full = readProfile("full");
    const cellular = readProfile("three-phase-hls-cellular");
    const clockOf = (p: TUserProfile) => p.objects.find((o) => o.obis === "0-0:1.0.0.255")!;
    expect(requiredAttributeValue(full, clockOf(full), 3)).toEqual({ type: "long", value: 0 });
    expect(requiredAttributeValue(cellular, clockOf(cellular), 3)).toEqual({ type: "long", value: -60 });
  });

  test("capture periods, APN, alarm filter masks and disconnect control mode of the full profile", () => {
    const profile = readProfile("full");
    const at = (obis: string, attribute: number) => requiredAttributeValue(profile, profile.objects.find((o) => o.obis === obis)!, attribute);
    expect(at("1-0:99.1.0.255", 4)).toEqual({ type: "double-long-unsigned", value: 900 });
    expect(at("1-0:99.2.0.255", 4)).toEqual({ type: "double-long-unsigned", value: 86400 });
    expect(at("0-1:25.4.0.255", 2)).toEqual({ type: "octet-string", value: new TextEncoder().encode("ami.energia-plena.example") });
    expect(at("0-0:97.98.10.255", 2)).toEqual({ type: "double-long-unsigned", value: 0xffffffff });
    expect(at("0-0:97.98.11.255", 2)).toEqual({ type: "double-long-unsigned", value: 1023 });
    expect(at("0-0:96.3.10.255", 4)).toEqual({ type: "enum", value: 2 });
  });

  test("an attribute the profile leaves to the meter has no required value", () => {
    const profile = readProfile("full");
    const clock = profile.objects.find((o) => o.obis === "0-0:1.0.0.255")!;
    expect(requiredAttributeValue(profile, clock, 2)).toBeUndefined();
    expect(requiredAttributeValue(profile, clock, 1)).toBeUndefined();
  });

  test("a physical value the register's scaler cannot hold is an error", () => {
    const profile = readProfile("full");
    const voltage = profile.objects.find((o) => o.obis === "1-0:0.6.0.255")!;
    const changed: TUserProfile = {
      ...profile,
      objects: profile.objects.map((o) => (o === voltage ? { ...o, attributes: o.attributes.map((a) => (a.index === 2 ? { ...a, value: 230.05 } : a)) } : o)),
    };
    expect(() => requiredAttributeValue(changed, changed.objects.find((o) => o.id === voltage.id)!, 2)).toThrow(/cannot be held at scaler -1/);
  });

  test("a parameter that only the parameters list names is carried too", () => {
    const profile = readProfile("single-phase-plc");
    const monthly = profile.objects.find((o) => o.obis === "0-0:98.1.0.255")!;
    const withoutValue: TUserProfile = {
      ...profile,
      objects: profile.objects.map((o) => (o === monthly ? { ...o, attributes: o.attributes.map(({ value: _drop, ...a }) => a) } : o)),
    };
    const bare = withoutValue.objects.find((o) => o.id === monthly.id)!;
    expect(bare.attributes.some((a) => a.value !== undefined)).toBe(false);
    expect(requiredAttributeValue(withoutValue, bare, 8)).toEqual({ type: "double-long-unsigned", value: 12 });
  });
});
