import { describe, expect, test } from "vitest";
import { hasP1Port, p1Layout } from "@/lib/p1/layout";
import { exampleProfile } from "../../helpers/p1-meter";

describe("p1Layout", () => {
  test("has one line per OBIS code of the profile's readout list, in list order", () => {
    const layout = p1Layout(exampleProfile("three-phase-hls-cellular"))!;
    expect(layout.lines.map((l) => l.obis)).toEqual(["1-3:0.2.8", "0-0:1.0.0", "0-0:42.0.0", "1-0:1.8.0", "1-0:2.8.0", "1-0:3.8.0", "1-0:4.8.0", "1-0:1.7.0", "1-0:2.7.0", "1-0:3.7.0", "1-0:4.7.0", "0-0:96.13.0"]);
    expect(layout.encrypted).toBe(true);
    expect(layout.unmatched).toEqual([]);
    expect(layout.lines[3]!.values[0]!.ref).toEqual({ objectId: "energy-active-import-total", obis: "1-0:1.8.0.255", attribute: 2, scalerUnit: { scaler: 0, unit: "Wh" } });
  });

  test("puts an M-Bus channel's capture time and index on one line, capture time first, with the gas, water and heat rows", () => {
    const layout = p1Layout(exampleProfile("full"))!;
    const line = layout.byObis.get("0-2:24.2.1")!;
    expect(line.channel).toBe(2);
    expect(line.values.map((v) => v.ref?.attribute)).toEqual([5, 2]);
    expect(line.values[1]!.rows.map((r) => r.id)).toEqual(["mbus-index-gas", "mbus-index-water", "mbus-index-heat"]);
    expect(layout.byObis.get("0-0:96.13.0")!.channel).toBeNull();
    expect(layout.byObis.get("0-0:96.13.3")!.channel).toBe(3);
  });

  test("offers the specification's rows outside the profile's list as optional, for channels 1 to 4", () => {
    const layout = p1Layout(exampleProfile("three-phase-hls-cellular"))!;
    expect(layout.optional.get("1-0:32.32.0")?.name).toBe("Number of voltage sags L1");
    expect(layout.optional.get("0-0:17.0.0")?.inProfile).toBe(false);
    expect(layout.optional.has("0-4:24.1.0")).toBe(true);
    expect(layout.optional.has("1-0:1.8.0")).toBe(false);
  });

  test("is null for a profile without a P1 port", () => {
    expect(hasP1Port(exampleProfile("single-phase-plc"))).toBe(false);
    expect(p1Layout(exampleProfile("single-phase-plc"))).toBeNull();
  });

  test("lists a capture object no readout row describes instead of guessing its format", () => {
    const profile = structuredClone(exampleProfile("three-phase-hls-cellular"));
    profile.objects.find((o) => o.id === "p1-readout-list")!.captureObjects!.push({ object: "voltage-sag-threshold", obis: "1-0:12.31.0.255", attribute: 2 });
    expect(p1Layout(profile)!.unmatched).toEqual([{ objectId: "voltage-sag-threshold", obis: "1-0:12.31.0.255", attribute: 2 }]);
  });
});
