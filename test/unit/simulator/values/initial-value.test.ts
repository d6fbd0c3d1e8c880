import { describe, expect, test } from "vitest";
import { decodeData, encodeData } from "@/lib/dlms/axdr/codec";
import { numberOf, type TData } from "@/lib/dlms/axdr/data";
import { obisBytes } from "@/lib/dlms/obis";
import { dataObjectType } from "@/lib/simulator/values/data-objects";
import { initialAttributeValue, VALUE_CLASSES } from "@/lib/simulator/values/initial-value";
import { ATTRIBUTES, PROFILES, contextOf } from "./examples";

describe("initial attribute values of the example profiles", () => {
  test("the examples cover every class the value table knows, and the table knows every class they use", () => {
    const used = new Set(PROFILES.flatMap(([, p]) => p.objects.map((o) => o.classId)));
    expect([...used].sort((a, b) => a - b)).toEqual([...VALUE_CLASSES].sort((a, b) => a - b));
  });

  test.each(PROFILES.map(([name]) => name))("every attribute of %s has a value that survives A-XDR encoding", (name) => {
    for (const { object, attribute, ctx } of ATTRIBUTES.filter((a) => a.name === name)) {
      const value = initialAttributeValue(object, attribute.index, ctx);
      const decoded = decodeData(encodeData(value));
      expect(decoded, `${object.id} attribute ${attribute.index}`).toEqual({ ok: true, value });
    }
  });

  test.each(PROFILES.map(([name]) => name))("every attribute of %s not typed CHOICE has its profile type", (name) => {
    const wrong = ATTRIBUTES.filter((a) => a.name === name && a.attribute.type !== "CHOICE")
      .map(({ object, attribute, ctx }) => ({ id: `${object.id}/${attribute.index}`, expected: attribute.type, actual: initialAttributeValue(object, attribute.index, ctx).type }))
      .filter((r) => r.actual !== r.expected);
    expect(wrong).toEqual([]);
  });

  test("a Data object's value has the type its OBIS rule declares", () => {
    for (const { object, profile, ctx } of ATTRIBUTES.filter((a) => a.object.classId === 1 && a.attribute.index === 2)) {
      expect(initialAttributeValue(object, 2, ctx).type, object.id).toBe(dataObjectType(object, profile));
    }
  });

  test("a Data object no rule knows has no value", () => {
    const [, profile] = PROFILES[0]!;
    const unknown = { ...profile.objects.find((o) => o.classId === 1)!, id: "unknown", obis: "0-0:128.0.0.255" };
    expect(() => initialAttributeValue(unknown, 2, contextOf(profile))).toThrow(/no value is known for the Data object unknown/);
  });

  test("every logical name is the object's OBIS code as six bytes", () => {
    for (const { object, ctx } of ATTRIBUTES.filter((a) => a.attribute.index === 1)) {
      expect(initialAttributeValue(object, 1, ctx), object.id).toEqual({ type: "octet-string", value: obisBytes(object.obis) });
    }
  });

  test("secret attributes hold placeholders of their type, all zero bytes", () => {
    const secrets = ATTRIBUTES.filter((a) => a.attribute.secret);
    expect(secrets.length).toBeGreaterThan(0);
    const blank = (v: TData): boolean =>
      v.type === "octet-string" ? v.value.every((b) => b === 0) : v.type === "structure" ? v.items.every(blank) : numberOf(v) === 0;
    for (const { object, attribute, ctx } of secrets) {
      const value = initialAttributeValue(object, attribute.index, ctx);
      expect(value.type, `${object.id}/${attribute.index}`).toBe(attribute.type);
      expect(blank(value), `${object.id}/${attribute.index}`).toBe(true);
    }
  });

  test("an LLS secret is 8 bytes and an HLS secret 16", () => {
    const [, profile] = PROFILES.find(([name]) => name === "full")!;
    const ctx = contextOf(profile);
    const secretOf = (id: string) => initialAttributeValue(profile.objects.find((o) => o.id === id)!, 7, ctx);
    expect(secretOf("association-limited-remote")).toEqual({ type: "octet-string", value: new Uint8Array(8) });
    expect(secretOf("association-management")).toEqual({ type: "octet-string", value: new Uint8Array(16) });
    expect(secretOf("association-public")).toEqual({ type: "octet-string", value: new Uint8Array(0) });
  });

  test("an attribute the object does not have is an error, not a value", () => {
    const [, profile] = PROFILES[0]!;
    const clock = profile.objects.find((o) => o.classId === 8)!;
    expect(() => initialAttributeValue(clock, 10, contextOf(profile))).toThrow(/has no attribute 10/);
  });
});
