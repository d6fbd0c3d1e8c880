import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { getP1Readout, ZP1ReadoutFile } from "@/lib/p1/readout";
import { createAjv } from "@/lib/schemas/ajv";
import { ROOT } from "../../helpers/examples";

const file = JSON.parse(readFileSync(join(ROOT, "profiles/prime-plus/p1-readout.json"), "utf8")) as Record<string, unknown>;

describe("p1-readout.json", () => {
  test("is valid against its zod schema and its published JSON Schema", () => {
    expect(ZP1ReadoutFile.safeParse(file).success).toBe(true);
    const schema = JSON.parse(readFileSync(join(ROOT, "profiles/schema/p1-readout.schema.json"), "utf8")) as Record<string, unknown>;
    const ajv = createAjv();
    const valid = ajv.validate(schema, file);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("a format the readout list does not know is refused with its place", () => {
    const broken = structuredClone(file) as { rows: { format: string }[] };
    broken.rows[3]!.format = "F9(3.3)";
    const r = ZP1ReadoutFile.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["rows", 3, "format"]);
  });
});

describe("getP1Readout", () => {
  const readout = getP1Readout();

  test("holds every row of the seed's maximum readout list, the gas, water and heat indexes apart", () => {
    expect(readout.rows).toHaveLength(44);
    expect(readout.rows.filter((r) => r.obis === "0-x:24.2.1.255").map((r) => r.id)).toEqual(["mbus-capture-time", "mbus-index-gas", "mbus-index-water", "mbus-index-heat"]);
  });

  test("keeps the seed's default-list flags: the energy registers are default, the sag counters and per-phase values optional", () => {
    const byId = new Map(readout.rows.map((r) => [r.id, r]));
    expect(byId.get("energy-active-import-total")).toMatchObject({ obis: "1-0:1.8.0.255", attribute: 2, classId: 3, format: "F9(3,3)", unit: "kWh", default: true });
    expect(byId.get("voltage-sag-count-l1")).toMatchObject({ obis: "1-0:32.32.0.255", default: false });
    expect(byId.get("current-l1")).toMatchObject({ format: "F3(0,0)", unit: "A", default: false });
    expect(byId.get("active-threshold")).toMatchObject({ obis: "0-0:17.0.0.255", attribute: 3, format: "F4(1,1)", unit: "kVA" });
  });

  test("writes units in ASCII as the telegram does (no Greek or Cyrillic A, no m ³, kvar in lower case)", () => {
    for (const r of readout.rows) if (r.unit) expect(r.unit, r.id).toMatch(/^(kWh|kvarh|kW|kvar|kVA|A|m3|GJ)$/);
  });

  test("gives the channel security of the seed: DBh, 8-byte title, SC 30h, 12-byte tag, the fixed authentication key", () => {
    expect(readout.security).toMatchObject({ tag: 0xdb, systemTitleLength: 8, securityControl: 0x30, authenticationTagLength: 12, authenticationKey: "00112233445566778899AABBCCDDEEFF" });
    expect(readout.scheduling).toMatchObject({ periodMs: 10_000, firstWithinMs: 1000, maxDurationMs: 8000, baudRate: 115_200 });
    expect(readout.version.value).toBe("50");
  });
});
