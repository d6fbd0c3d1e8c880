/**
 * What a register measures, read from its OBIS code (IEC 62056-6-1 value groups A, C, D, E): the
 * simulator gives energy registers their life by it, the conformance runner finds metering data
 * by it, whatever the profile calls the objects.
 */
export type TEnergyQuantity = "activeImport" | "activeExport" | "reactiveImport" | "reactiveExport" | "q1" | "q2" | "q3" | "q4" | "apparentImport" | "apparentExport";

/** OBIS value group C of energy-like quantities (1 +A, 2 −A, 3 +R, 4 −R, 5..8 QI..QIV, 9 +S, 10 −S). */
export const QUANTITY_BY_C: Readonly<Record<number, TEnergyQuantity>> = {
  1: "activeImport",
  2: "activeExport",
  3: "reactiveImport",
  4: "reactiveExport",
  5: "q1",
  6: "q2",
  7: "q3",
  8: "q4",
  9: "apparentImport",
  10: "apparentExport",
};

export interface TObisGroups {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export function obisGroups(obis: string): TObisGroups | null {
  const m = /^(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(obis);
  if (!m) return null;
  const [a, b, c, d, e, f] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return { a, b, c, d, e, f };
}

/** The quantity and tariff rate (0 = total) of an energy register (D = 8), or null. */
export function energyRegisterOf(obis: string, classId: number): { quantity: TEnergyQuantity; rate: number } | null {
  const g = obisGroups(obis);
  if (!g || g.a !== 1 || g.d !== 8 || (classId !== 3 && classId !== 4)) return null;
  const quantity = QUANTITY_BY_C[g.c];
  return quantity ? { quantity, rate: g.e } : null;
}
