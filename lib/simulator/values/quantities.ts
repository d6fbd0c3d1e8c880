import type { TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { obisGroups } from "./context";
import { supplyAtStart, type TPhaseSupply, type TSupply } from "./supply";

/**
 * What the value of a Register, Extended register or Demand register holds, chosen by its OBIS code
 * (IEC 62056-6-1 value groups C and D) as electricity meters type them: cumulative energies and
 * counters double-long-unsigned, voltages, currents and frequency long-unsigned, signed quantities
 * (power factor, phase angles) long, durations and periods in seconds double-long-unsigned. The
 * physical value is the one at start-up: a freshly installed meter, every energy and counter at zero,
 * the supply values from supplyAtStart.
 */

export type TNumericType = "unsigned" | "long-unsigned" | "double-long-unsigned" | "integer" | "long" | "double-long";

export interface TQuantity {
  type: TNumericType;
  /** The physical value (in the unit of the object's scalerUnit), before scaling. */
  physical: number;
}

const RANGES: Record<TNumericType, readonly [number, number]> = {
  unsigned: [0, 0xff],
  "long-unsigned": [0, 0xffff],
  "double-long-unsigned": [0, 0xffffffff],
  integer: [-0x80, 0x7f],
  long: [-0x8000, 0x7fff],
  "double-long": [-0x80000000, 0x7fffffff],
};

/** A raw integer of a numeric type; throws when it does not fit (a value the profile cannot hold). */
export function numeric(type: TNumericType, raw: number): TData {
  const [min, max] = RANGES[type];
  if (!Number.isInteger(raw) || raw < min || raw > max) throw new RangeError(`${raw} does not fit a ${type} (${min}..${max})`);
  return { type, value: raw };
}

/** The raw value of a physical one under a scaler: value / 10^scaler, rounded to an integer. */
export function scaled(physical: number, scaler: number): number {
  const raw = scaler <= 0 ? physical * 10 ** -scaler : physical / 10 ** scaler;
  return Math.round(raw);
}

const U16 = "long-unsigned";
const U32 = "double-long-unsigned";
const I16 = "long";

/** Voltage, current and power quantities per phase: C of L1, L2, L3 is the total's C + 20, 40, 60. */
const phaseOf = (c: number): number | undefined => (c >= 21 && c <= 80 ? Math.floor((c - 1) / 20) - 1 : undefined);
const baseOf = (c: number): number => (c >= 21 && c <= 80 ? ((c - 1) % 20) + 1 : c);

/** Instantaneous values (D = 7). */
function instantaneous(c: number, e: number, supply: TSupply): TQuantity | undefined {
  const phase = phaseOf(c);
  const one = phase === undefined ? undefined : supply.phases[phase];
  /** The total's value for C of the total, the phase's for C of a phase (zero for a phase the meter lacks). */
  const pick = (total: number, ofPhase: (p: TPhaseSupply) => number): number => (phase === undefined ? total : one ? ofPhase(one) : 0);
  const voltages = supply.phases.map((p) => p.voltage);
  switch (baseOf(c)) {
    case 1:
    case 15:
      return { type: U32, physical: pick(supply.active, (p) => p.active) };
    case 3:
      return { type: U32, physical: pick(supply.reactive, (p) => p.reactive) };
    case 9:
      return { type: U32, physical: pick(supply.apparent, (p) => p.apparent) };
    case 2:
    case 4:
    case 10:
    case 16:
      // Nothing is exported: the supply imports on every phase.
      return { type: U32, physical: 0 };
    case 11:
      return { type: U16, physical: pick(Math.max(...supply.phases.map((p) => p.current)), (p) => p.current) };
    case 12:
      return { type: U16, physical: pick(voltages.reduce((s, v) => s + v, 0) / voltages.length, (p) => p.voltage) };
    case 13:
      return { type: I16, physical: pick(supply.powerFactor, (p) => p.powerFactor) };
    case 14:
      return { type: U16, physical: supply.frequency };
    default:
      break;
  }
  if (c === 91) return { type: U16, physical: supply.neutralCurrent };
  if (c === 81) return { type: I16, physical: phaseAngle(e, supply) };
  return undefined;
}

/**
 * Phase angles 1-0:81.7.E (IEC 62056-6-1: E = 10 × measured + reference, 0..2 the voltages U1..U3,
 * 4..6 the currents I1..I3; 81.7.10 is U2 against U1, 81.7.40 is I1 against U1): voltages 120°
 * apart, each current lagging its voltage by its φ.
 */
function phaseAngle(e: number, supply: TSupply): number {
  const angleOf = (k: number): number | undefined => {
    if (k <= 2) return supply.phases[k] ? 120 * k : undefined;
    const phase = supply.phases[k - 4];
    return k <= 6 && phase ? 120 * (k - 4) + phase.angle : undefined;
  };
  const measured = angleOf(Math.floor(e / 10));
  const reference = angleOf(e % 10);
  if (measured === undefined || reference === undefined) return 0;
  return (((measured - reference) % 360) + 360) % 360;
}

/** Settings and thresholds of electricity (C = 0 and the power-quality thresholds), with the value a meter ships with. */
function setting(c: number, d_: number, e: number, profile: TUserProfile): TQuantity | undefined {
  const el = profile.electrical;
  if (c === 0 && d_ === 6) {
    const nominal = [el.nominalVoltageV, el.basicCurrentA, el.frequencyHz, el.maximumCurrentA, el.nominalVoltageV][e];
    return nominal === undefined ? undefined : { type: U16, physical: nominal };
  }
  if (c === 0 && d_ === 8) return { type: U32, physical: e === 1 ? 60 : 900 };
  if (c === 0 && d_ === 9 && e === 11) return { type: U32, physical: 60 };
  if (c === 0 && d_ === 9 && e === 12) return { type: U32, physical: 3600 };
  if (c === 12 && (d_ === 31 || d_ === 35)) return { type: U16, physical: 10 };
  if (c === 12 && d_ === 39) return { type: U16, physical: 5 };
  if (c === 12 && (d_ === 43 || d_ === 44)) return { type: U32, physical: 5 };
  if (c === 11 && d_ === 35) return { type: U16, physical: el.maximumCurrentA * 0.8 };
  return undefined;
}

/** Power quality records of a phase (D = 32..38): counts and durations, magnitudes of the last event. */
function powerQuality(d_: number): TQuantity | undefined {
  if (d_ === 32 || d_ === 36 || d_ === 33 || d_ === 37) return { type: U32, physical: 0 };
  if (d_ === 34 || d_ === 38) return { type: U16, physical: 0 };
  return undefined;
}

function electricity(c: number, d_: number, e: number, profile: TUserProfile): TQuantity | undefined {
  const supply = supplyAtStart(profile);
  if (d_ === 7) return instantaneous(c, e, supply);
  // Energies, maximum and average demand: nothing consumed yet, no period completed.
  if ([2, 3, 4, 5, 6, 8, 9].includes(d_) && c >= 1 && c <= 80) return { type: U32, physical: 0 };
  if (d_ === 24) return instantaneous(c, e, supply);
  // Irms averaged over the Irms integration period.
  if (d_ === 15) return instantaneous(c, e, supply);
  if (c === 11 && d_ === 36) return { type: U32, physical: 0 };
  return setting(c, d_, e, profile) ?? powerQuality(d_);
}

/** Long power failure time threshold 0-0:96.7.20: 180 s, the EN 50160 boundary of a long interruption. */
const LONG_POWER_FAILURE_S = 180;

function abstract(c: number, d_: number, e: number): TQuantity | undefined {
  if (c === 96 && d_ === 7 && e === 20) return { type: U32, physical: LONG_POWER_FAILURE_S };
  if (c === 96 && d_ === 2 && e === 129) return { type: U32, physical: 10 };
  if (c === 96) return { type: U32, physical: 0 };
  // M-Bus values (0-b:24.2.e): no slave installed yet.
  if (c === 24) return { type: U32, physical: 0 };
  return undefined;
}

/** The type a unit suggests, for registers no OBIS rule covers. */
function byUnit(unit: string | undefined): TQuantity {
  switch (unit) {
    case "V":
    case "A":
    case "Hz":
    case "%":
      return { type: U16, physical: 0 };
    case "°":
      return { type: I16, physical: 0 };
    default:
      return { type: U32, physical: 0 };
  }
}

/** The type and start-up physical value of a register's value (Register, Extended and Demand register). */
export function registerQuantity(object: TProfileObject, profile: TUserProfile): TQuantity {
  const [a, , c, d_, e] = obisGroups(object.obis);
  const found = a === 1 ? electricity(c, d_, e, profile) : a === 0 ? abstract(c, d_, e) : undefined;
  return found ?? byUnit(object.scalerUnit?.unit);
}

/** The raw value a register holds for a physical value, in its type and scaled by its scaler. */
export function registerRaw(object: TProfileObject, profile: TUserProfile, physical: number): TData {
  const { type } = registerQuantity(object, profile);
  return numeric(type, scaled(physical, object.scalerUnit?.scaler ?? 0));
}

/** The register's value when the meter starts. */
export function registerValueAtStart(object: TProfileObject, profile: TUserProfile): TData {
  return registerRaw(object, profile, registerQuantity(object, profile).physical);
}

