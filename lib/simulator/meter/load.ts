/**
 * The electrical side of the simulated meter: a household-like load that follows the time of
 * day, a small midday generation, and the supply state. Everything is a function of time, so
 * a run is reproducible from its start instant; energies are integrated minute by minute.
 */
export interface TLoadSettings {
  phases: 1 | 3;
  nominalVoltageV: number;
  frequencyHz: number;
  /** Mean active import in W. */
  meanPowerW: number;
  /** Peak generation at midday in W (0 for none). */
  generationPeakW: number;
  /** Displacement power factor of the load. */
  powerFactor: number;
}

export interface TPhaseState {
  voltageV: number;
  currentA: number;
  activePowerW: number;
  reactivePowerVar: number;
}

export interface TInstant {
  phases: TPhaseState[];
  /** Net active power, positive when importing. */
  activeImportW: number;
  activeExportW: number;
  reactiveImportVar: number;
  reactiveExportVar: number;
  apparentImportVA: number;
  apparentExportVA: number;
  frequencyHz: number;
  powerFactor: number;
  neutralCurrentA: number;
}

/** Energy counters in Wh, varh and VAh since the meter was made. */
export interface TEnergies {
  activeImport: number;
  activeExport: number;
  reactiveImport: number;
  reactiveExport: number;
  /** Reactive energy per quadrant I..IV. */
  reactiveQ: [number, number, number, number];
  apparentImport: number;
  apparentExport: number;
}

const DAY = 86_400_000;
const STEP = 60_000;

/** A smooth noise in [-1, 1] that depends only on the instant and a channel number. */
function noise(t: number, channel: number): number {
  const x = Math.sin((t / 1000) * 0.0137 + channel * 12.9898) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** Load shape over the day: low at night, a morning and a higher evening peak. */
function dayShape(t: number): number {
  const h = ((t % DAY) + DAY) % DAY / 3_600_000;
  const morning = Math.exp(-((h - 8) ** 2) / 3);
  const evening = 1.6 * Math.exp(-((h - 20) ** 2) / 4);
  return 0.35 + morning + evening;
}

function generationShape(t: number): number {
  const h = ((t % DAY) + DAY) % DAY / 3_600_000;
  return h > 7 && h < 19 ? Math.sin(((h - 7) / 12) * Math.PI) : 0;
}

export function instantAt(s: TLoadSettings, t: number, supplied: boolean): TInstant {
  const load = supplied ? s.meanPowerW * dayShape(t) * (1 + 0.05 * noise(t, 1)) : 0;
  const generation = supplied ? s.generationPeakW * generationShape(t) : 0;
  const net = load - generation;
  const tanPhi = Math.tan(Math.acos(s.powerFactor));
  const reactive = load * tanPhi;
  const phases: TPhaseState[] = [];
  for (let p = 0; p < s.phases; p++) {
    const share = s.phases === 1 ? 1 : [0.4, 0.35, 0.25][p]!;
    const voltage = supplied ? s.nominalVoltageV * (1 + 0.01 * noise(t, 10 + p)) : 0;
    const power = net * share;
    const q = reactive * share;
    const current = voltage > 0 ? Math.hypot(power, q) / voltage : 0;
    phases.push({ voltageV: voltage, currentA: current, activePowerW: power, reactivePowerVar: q });
  }
  const apparent = Math.hypot(net, reactive);
  const neutral = s.phases === 1 ? phases[0]!.currentA : Math.abs(phases[0]!.currentA - 0.5 * (phases[1]!.currentA + phases[2]!.currentA));
  return {
    phases,
    activeImportW: Math.max(net, 0),
    activeExportW: Math.max(-net, 0),
    // The load is inductive: reactive energy is imported whichever way active energy flows.
    reactiveImportVar: reactive,
    reactiveExportVar: 0,
    apparentImportVA: net >= 0 ? apparent : 0,
    apparentExportVA: net < 0 ? apparent : 0,
    frequencyHz: supplied ? s.frequencyHz * (1 + 0.0002 * noise(t, 20)) : 0,
    powerFactor: apparent > 0 ? Math.abs(net) / apparent : 1,
    neutralCurrentA: neutral,
  };
}

export const zeroEnergies = (): TEnergies => ({
  activeImport: 0,
  activeExport: 0,
  reactiveImport: 0,
  reactiveExport: 0,
  reactiveQ: [0, 0, 0, 0],
  apparentImport: 0,
  apparentExport: 0,
});

/** Adds the energy of [from, to) to `e`, sampling the power at the middle of each minute. */
export function integrate(s: TLoadSettings, e: TEnergies, from: number, to: number, supplied: (t: number) => boolean): void {
  for (let a = from; a < to; ) {
    const b = Math.min(to, Math.floor(a / STEP) * STEP + STEP);
    const mid = (a + b) / 2;
    const x = instantAt(s, mid, supplied(mid));
    const hours = (b - a) / 3_600_000;
    e.activeImport += x.activeImportW * hours;
    e.activeExport += x.activeExportW * hours;
    e.reactiveImport += x.reactiveImportVar * hours;
    e.reactiveExport += x.reactiveExportVar * hours;
    // Quadrant I while importing active energy, II while exporting it (reactive import both times).
    if (x.activeExportW > 0) e.reactiveQ[1] += x.reactiveImportVar * hours;
    else e.reactiveQ[0] += x.reactiveImportVar * hours;
    e.apparentImport += x.apparentImportVA * hours;
    e.apparentExport += x.apparentExportVA * hours;
    a = b;
  }
}
