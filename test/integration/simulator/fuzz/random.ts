/**
 * The fuzz tests' only source of randomness: a seeded generator (mulberry32), so that a failing
 * run is repeated exactly by setting FUZZ_SEED to the seed it printed.
 */
export const DEFAULT_FUZZ_SEED = 0x5eed_2026;

/** FUZZ_SEED from the environment (decimal or 0x hex), or the fixed default. */
export function fuzzSeed(): number {
  const text = process.env.FUZZ_SEED;
  if (text === undefined || text === "") return DEFAULT_FUZZ_SEED;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`FUZZ_SEED must be a whole number from 0 to 4294967295, not "${text}"`);
  return n;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator of its own for one part of a run, so that changing one part leaves the others' inputs alone. */
  fork(label: string): Random {
    let h = this.state ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Random(h >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** 0 ≤ n < below. */
  int(below: number): number {
    return below <= 1 ? 0 : this.u32() % below;
  }

  /** from ≤ n ≤ to. */
  between(from: number, to: number): number {
    return from + this.int(to - from + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** Lengths skewed towards the small: most fuzz inputs should be short, some long. */
  length(max: number): number {
    const r = this.int(4);
    if (r === 0) return this.int(Math.min(8, max) + 1);
    if (r === 1) return this.int(Math.min(64, max) + 1);
    return this.int(max + 1);
  }
}
