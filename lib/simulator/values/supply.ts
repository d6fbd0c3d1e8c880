import type { TUserProfile } from "../../profile/schema";

/**
 * The supply the simulated meter sees when it starts: a lightly and unevenly loaded network at its
 * nominal voltage and frequency, every phase importing with an inductive power factor. All the
 * instantaneous registers derive from it, so that P = U·I·cos φ, S = U·I and the totals are the sums
 * of the phases.
 */
export interface TPhaseSupply {
  /** V */
  voltage: number;
  /** A */
  current: number;
  powerFactor: number;
  /** Angle of the current behind the voltage, degrees. */
  angle: number;
  /** W, var, VA */
  active: number;
  reactive: number;
  apparent: number;
}

export interface TSupply {
  /** Hz */
  frequency: number;
  phases: TPhaseSupply[];
  /** A */
  neutralCurrent: number;
  /** Totals over the phases (W, var, VA) and the resulting power factor. */
  active: number;
  reactive: number;
  apparent: number;
  powerFactor: number;
}

/** Per phase: voltage relative to nominal, current relative to the basic current, power factor. */
const PHASE_SHAPES = [
  { voltage: 1.0017, load: 0.52, powerFactor: 0.95 },
  { voltage: 0.9987, load: 0.46, powerFactor: 0.93 },
  { voltage: 1.0048, load: 0.61, powerFactor: 0.97 },
] as const;
const FREQUENCY_OFFSET = 1.0002;

const CACHE = new WeakMap<TUserProfile, TSupply>();

export function supplyAtStart(profile: TUserProfile): TSupply {
  const cached = CACHE.get(profile);
  if (cached) return cached;
  const { nominalVoltageV, basicCurrentA, frequencyHz, phases: count } = profile.electrical;
  const phases = PHASE_SHAPES.slice(0, count === 1 ? 1 : 3).map((shape): TPhaseSupply => {
    const voltage = nominalVoltageV * shape.voltage;
    const current = basicCurrentA * shape.load;
    const apparent = voltage * current;
    const angle = (Math.acos(shape.powerFactor) * 180) / Math.PI;
    return { voltage, current, powerFactor: shape.powerFactor, angle, apparent, active: apparent * shape.powerFactor, reactive: apparent * Math.sin(Math.acos(shape.powerFactor)) };
  });
  // The neutral carries the phasor sum of the phase currents (phases 120° apart, each lagging its voltage).
  let re = 0;
  let im = 0;
  phases.forEach((p, i) => {
    const radians = ((-120 * i - p.angle) * Math.PI) / 180;
    re += p.current * Math.cos(radians);
    im += p.current * Math.sin(radians);
  });
  const sum = (f: (p: TPhaseSupply) => number) => phases.reduce((s, p) => s + f(p), 0);
  const active = sum((p) => p.active);
  const apparent = sum((p) => p.apparent);
  const supply: TSupply = {
    frequency: frequencyHz * FREQUENCY_OFFSET,
    phases,
    neutralCurrent: Math.hypot(re, im),
    active,
    reactive: sum((p) => p.reactive),
    apparent,
    powerFactor: apparent === 0 ? 1 : active / apparent,
  };
  CACHE.set(profile, supply);
  return supply;
}
