import { describe, expect, test } from "vitest";
import { logicalDeviceName, meterIdentity } from "@/lib/simulator/values/context";
import { initialAttributeValue } from "@/lib/simulator/values/initial-value";
import { METER, contextOf, readProfile } from "./examples";

const FIRMWARE = { identifier: "A", version: "1", former: "0", prime: "P" };
const text = (s: string) => ({ type: "octet-string", value: new TextEncoder().encode(s) });

describe("the meter's identity in its objects", () => {
  test("the system title is the FLAG id then the serial number on five bytes", () => {
    expect(METER.systemTitle).toEqual(Uint8Array.from([0x50, 0x52, 0x50, 0x00, 0x00, 0xbc, 0x61, 0x4e]));
    expect(meterIdentity("ABC", "1099511627777", FIRMWARE).systemTitle.slice(3)).toEqual(Uint8Array.from([0, 0, 0, 0, 1]));
  });

  test("an identity needs a three-letter FLAG id and a decimal serial number", () => {
    expect(() => meterIdentity("PR", "1", FIRMWARE)).toThrow(/FLAG id/);
    expect(() => meterIdentity("PRP", "12A", FIRMWARE)).toThrow(/serial number/);
  });

  test("the logical device name is 16 characters: FLAG id and the serial number on 13 digits", () => {
    expect(logicalDeviceName(METER)).toBe("PRP0000012345678");
    expect(logicalDeviceName(meterIdentity("PRP", "98765432109876543", FIRMWARE))).toBe("PRP5432109876543");
    const profile = readProfile("single-phase-plc");
    const ctx = contextOf(profile);
    const ldn = profile.objects.find((o) => o.obis === "0-0:42.0.0.255")!;
    expect(initialAttributeValue(ldn, 2, ctx)).toEqual(text("PRP0000012345678"));
    const sap = profile.objects.find((o) => o.classId === 17)!;
    expect(initialAttributeValue(sap, 2, ctx)).toEqual({ type: "array", items: [{ type: "structure", items: [{ type: "long-unsigned", value: 1 }, text("PRP0000012345678")] }] });
  });

  test("serial number, firmware versions and system title appear where the meter reports them", () => {
    const profile = readProfile("full");
    const ctx = contextOf(profile);
    const at = (obis: string, index = 2) => initialAttributeValue(profile.objects.find((o) => o.obis === obis)!, index, ctx);
    expect(at("0-0:96.1.0.255")).toEqual(text("12345678"));
    expect(at("1-0:0.2.0.255")).toEqual(text(METER.firmware.identifier));
    expect(at("0-0:0.2.1.255")).toEqual(text(METER.firmware.version));
    expect(at("1-0:96.1.6.255")).toEqual(text(METER.firmware.former));
    expect(at("0-0:28.7.0.255")).toEqual(text(METER.firmware.prime));
    for (const setup of profile.objects.filter((o) => o.classId === 64)) expect(initialAttributeValue(setup, 5, ctx)).toEqual({ type: "octet-string", value: METER.systemTitle });
  });

  test("the current association stands for the connected client, the Public client when none is named", () => {
    const profile = readProfile("full");
    const current = profile.objects.find((o) => o.obis === "0-0:40.0.0.255")!;
    const own = (id: string) => profile.objects.find((o) => o.classId === 15 && o.client === id)!;
    const management = { ...contextOf(profile), currentClient: "management" as const };
    expect(initialAttributeValue(current, 2, management)).toEqual(initialAttributeValue(own("management"), 2, management));
    expect(initialAttributeValue(current, 2, contextOf(profile))).toEqual(initialAttributeValue(own("public"), 2, contextOf(profile)));
    expect(initialAttributeValue(current, 8, management)).toEqual({ type: "enum", value: 2 });
    expect(initialAttributeValue(own("management"), 8, management)).toEqual({ type: "enum", value: 0 });
  });
});
