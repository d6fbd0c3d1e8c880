import { MAX_FRAME_COUNTER } from "../frame";
import type { TP1Finding } from "../report";

/** The frame counters across a capture (P1-014, P1-015). */
export type TCounted = {
  unit: number;
  counter: number;
  /** Index of the key the frame decrypts with, null when none of the keys does. */
  keyIndex: number | null;
  at: number | null;
};

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
const show = (n: number) => (n >= 0xffff0000 ? hex(n) : String(n));

/**
 * Judges the counters of consecutive frames. The same key, or no known key, on both frames means
 * no key change can be seen; another key on the later frame is a key change, after which the
 * counter restarts.
 */
export function checkCounters(frames: TCounted[], periodMs: number, captureEndAt: number | null): TP1Finding[] {
  const findings: TP1Finding[] = [];
  if (frames.length === 0) return findings;
  let steps = 0;
  let overflowAt: TCounted | null = null;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!;
    const b = frames[i]!;
    const keyChange = a.keyIndex !== null && b.keyIndex !== null && a.keyIndex !== b.keyIndex;
    const sameKey = a.keyIndex !== null && a.keyIndex === b.keyIndex;
    const pair = `frames ${a.unit} and ${b.unit}`;
    if (keyChange) {
      if (b.counter <= 1) findings.push({ check: "frame.counter-reset", status: "PASS", unit: b.unit, reason: `after the key change at frame ${b.unit} the counter restarts at ${b.counter}` });
      else findings.push({ check: "frame.counter-reset", status: "FAIL", unit: b.unit, reason: `after the key change at frame ${b.unit} the counter is ${show(b.counter)}, not 0: it must restart when the key changes` });
      continue;
    }
    if (a.counter === MAX_FRAME_COUNTER) {
      findings.push({ check: "frame.counter-overflow", status: "FAIL", unit: b.unit, reason: `frame ${b.unit} (counter ${show(b.counter)}) was sent after frame ${a.unit} reached 0xFFFFFFFF: the port must stop sending` });
      overflowAt = null;
      continue;
    }
    if (b.counter === a.counter + 1) {
      steps++;
      if (b.counter === MAX_FRAME_COUNTER) overflowAt = b;
      continue;
    }
    if (b.counter === a.counter) {
      findings.push({ check: "frame.counter", status: "FAIL", unit: b.unit, reason: `the counter did not increase: ${pair} both carry ${show(b.counter)}, one IV used twice under the key` });
    } else if (b.counter < a.counter) {
      if (a.counter >= MAX_FRAME_COUNTER - 16 && b.counter <= 16) {
        findings.push({ check: "frame.counter-overflow", status: "FAIL", unit: b.unit, reason: `the counter wrapped from ${show(a.counter)} to ${b.counter} (${pair}) instead of the port stopping at 0xFFFFFFFF` });
      } else if (b.counter <= 1) {
        const evidence = sameKey ? `frame ${b.unit} decrypts with the same key as frame ${a.unit}` : "no key change can be seen (neither frame decrypts with a given key)";
        findings.push({ check: "frame.counter-reset", status: sameKey ? "FAIL" : "INCONCLUSIVE", unit: b.unit, reason: `the counter reset from ${show(a.counter)} to ${b.counter} without a key change: ${evidence}` });
      } else {
        findings.push({ check: "frame.counter", status: "FAIL", unit: b.unit, reason: `the counter did not increase: it fell from ${show(a.counter)} to ${show(b.counter)} (${pair})` });
      }
    } else {
      const gap = b.counter - a.counter - 1;
      const withinPeriod = a.at !== null && b.at !== null && b.at - a.at < 1.5 * periodMs;
      const reason = `the counter rose by ${gap + 1}, from ${show(a.counter)} to ${show(b.counter)} (${pair})`;
      if (withinPeriod) findings.push({ check: "frame.counter", status: "FAIL", unit: b.unit, reason: `${reason} within one period: the meter skipped ${gap} counter${gap === 1 ? "" : "s"}` });
      else findings.push({ check: "frame.counter", status: "WARN", unit: b.unit, reason: `${reason}: ${gap} frame${gap === 1 ? " is" : "s are"} missing from the capture, or the meter skipped counters` });
    }
  }
  if (!findings.some((f) => f.check === "frame.counter")) {
    const first = frames[0]!;
    const last = frames[frames.length - 1]!;
    findings.push({ check: "frame.counter", status: "PASS", reason: frames.length === 1 ? `one frame, counter ${show(first.counter)}` : `the counter rises by one per frame (${steps} steps, ${show(first.counter)} to ${show(last.counter)})`, ...(frames.length === 1 ? { unit: first.unit } : {}) });
  }
  const last = frames[frames.length - 1]!;
  if (last.counter === MAX_FRAME_COUNTER) overflowAt = last;
  if (overflowAt && overflowAt === last) {
    const quiet = captureEndAt !== null && last.at !== null ? captureEndAt - last.at : null;
    if (quiet !== null && quiet >= 2 * periodMs) {
      findings.push({ check: "frame.counter-overflow", status: "PASS", unit: last.unit, reason: `after frame ${last.unit} with counter 0xFFFFFFFF nothing was sent for ${(quiet / 1000).toFixed(1)} s, to the end of the capture` });
    } else {
      findings.push({ check: "frame.counter-overflow", status: "INCONCLUSIVE", unit: last.unit, reason: `frame ${last.unit} carries counter 0xFFFFFFFF and is the last one, but the capture does not show two periods of silence after it` });
    }
  }
  return findings;
}
