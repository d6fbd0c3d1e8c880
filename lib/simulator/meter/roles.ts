import { energyRegisterOf, obisGroups, QUANTITY_BY_C, type TEnergyQuantity } from "../../dlms/cosem/obis-roles";
import type { TEnergies, TInstant } from "./load";

/**
 * What a simulated object measures, read from its OBIS code (IEC 62056-6-1 value groups C, D, E):
 * the simulator gives life to energy, demand and instantaneous registers by role, whatever the
 * profile calls them.
 */
export type { TEnergyQuantity };

export type TRole =
  | { kind: "energy"; quantity: TEnergyQuantity; rate: number }
  | { kind: "demand"; quantity: TEnergyQuantity }
  | { kind: "max-demand"; quantity: TEnergyQuantity; rate: number }
  | { kind: "instant"; read: (x: TInstant) => number }
  | { kind: "power-failure-count"; long: boolean }
  | { kind: "none" };

export function energyOf(e: TEnergies, q: TEnergyQuantity): number {
  switch (q) {
    case "q1":
      return e.reactiveQ[0];
    case "q2":
      return e.reactiveQ[1];
    case "q3":
      return e.reactiveQ[2];
    case "q4":
      return e.reactiveQ[3];
    default:
      return e[q];
  }
}

/** Instantaneous quantities by C (D = 7): totals, then L1/L2/L3 at C + 20/40/60. */
function instantReader(c: number): ((x: TInstant) => number) | undefined {
  const phase = (p: number, f: (s: TInstant["phases"][number]) => number) => (x: TInstant) => (x.phases[p] ? f(x.phases[p]!) : 0);
  const totals: Record<number, (x: TInstant) => number> = {
    1: (x) => x.activeImportW,
    2: (x) => x.activeExportW,
    3: (x) => x.reactiveImportVar,
    4: (x) => x.reactiveExportVar,
    9: (x) => x.apparentImportVA,
    10: (x) => x.apparentExportVA,
    13: (x) => x.powerFactor,
    14: (x) => x.frequencyHz,
    15: (x) => x.activeImportW + x.activeExportW,
    16: (x) => x.activeImportW - x.activeExportW,
    90: (x) => x.phases.reduce((s, p) => s + p.currentA, 0),
    91: (x) => x.neutralCurrentA,
  };
  if (totals[c]) return totals[c];
  for (const [p, base] of [
    [0, 20],
    [1, 40],
    [2, 60],
  ] as const) {
    const k = c - base;
    if (k === 1) return phase(p, (s) => Math.max(s.activePowerW, 0));
    if (k === 2) return phase(p, (s) => Math.max(-s.activePowerW, 0));
    if (k === 3) return phase(p, (s) => Math.max(s.reactivePowerVar, 0));
    if (k === 4) return phase(p, (s) => Math.max(-s.reactivePowerVar, 0));
    if (k === 9) return phase(p, (s) => Math.hypot(s.activePowerW, s.reactivePowerVar));
    if (k === 11) return phase(p, (s) => s.currentA);
    if (k === 12) return phase(p, (s) => s.voltageV);
    if (k === 13) return phase(p, (s) => (s.currentA > 0 ? Math.abs(s.activePowerW) / Math.hypot(s.activePowerW, s.reactivePowerVar) : 1));
  }
  return undefined;
}

export function roleOf(obis: string, classId: number): TRole {
  const g = obisGroups(obis);
  if (!g) return { kind: "none" };
  const { a, c, d: dd, e } = g;
  if (a === 0 && c === 96 && dd === 7 && (classId === 1 || classId === 3)) {
    // 0-0:96.7.0 power failures in all phases, 96.7.5 long power failures in all phases.
    if (e === 0 || e === 21) return { kind: "power-failure-count", long: false };
    if (e === 5 || e === 9) return { kind: "power-failure-count", long: true };
    return { kind: "none" };
  }
  if (a !== 1) return { kind: "none" };
  const quantity = QUANTITY_BY_C[c];
  const energy = energyRegisterOf(obis, classId);
  if (energy) return { kind: "energy", ...energy };
  if (quantity && dd === 4 && classId === 5) return { kind: "demand", quantity };
  if (quantity && dd === 6 && classId === 4) return { kind: "max-demand", quantity, rate: e };
  if (dd === 7 && (classId === 3 || classId === 4)) {
    const read = instantReader(c);
    if (read) return { kind: "instant", read };
  }
  return { kind: "none" };
}
