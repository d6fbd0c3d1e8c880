import { describe, expect, test } from "vitest";
import { UNITS, unitByCode, unitBySymbol } from "@/lib/dlms/cosem/units";
import { scalerUnit } from "@/lib/simulator/values/registers";
import { PROFILES } from "./examples";

describe("Blue Book unit table", () => {
  test("maps every unit symbol the example profiles use", () => {
    const symbols = new Set(PROFILES.flatMap(([, p]) => p.objects.flatMap((o) => (o.scalerUnit ? [o.scalerUnit.unit] : []))));
    expect(symbols.size).toBeGreaterThan(10);
    expect([...symbols].filter((s) => unitBySymbol(s) === undefined)).toEqual([]);
  });

  test("has one entry per code and per symbol, each found by both", () => {
    expect(new Set(UNITS.map((u) => u.code)).size).toBe(UNITS.length);
    expect(new Set(UNITS.map((u) => u.symbol)).size).toBe(UNITS.length);
    for (const unit of UNITS) {
      expect(unitByCode(unit.code)).toBe(unit);
      expect(unitBySymbol(unit.symbol)).toBe(unit);
    }
  });

  test("holds the codes of the electricity units", () => {
    const codes = Object.fromEntries(["s", "°", "m³", "W", "VA", "var", "Wh", "VAh", "varh", "A", "V", "Hz", "%", "count"].map((s) => [s, unitBySymbol(s)?.code]));
    expect(codes).toEqual({ s: 7, "°": 8, "m³": 13, W: 27, VA: 28, var: 29, Wh: 30, VAh: 31, varh: 32, A: 33, V: 35, Hz: 44, "%": 56, count: 255 });
  });

  test("leaves the unassigned codes out", () => {
    for (const code of [0, 58, 59, 68, 69, 73, 127, 175, 253]) expect(unitByCode(code)).toBeUndefined();
  });

  test("a register's scaler_unit is {integer scaler, enum unit code}", () => {
    const [, profile] = PROFILES.find(([name]) => name === "full")!;
    const voltage = profile.objects.find((o) => o.obis === "1-0:32.7.0.255")!;
    expect(scalerUnit(voltage)).toEqual({ type: "structure", items: [{ type: "integer", value: -1 }, { type: "enum", value: 35 }] });
    expect(() => scalerUnit({ ...voltage, scalerUnit: { scaler: 0, unit: "furlong" } })).toThrow(/furlong/);
  });
});
