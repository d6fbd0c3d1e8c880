import { performance } from "node:perf_hooks";
import { captureFromChunks, type TCapture } from "../../lib/p1/capture";
import { checkP1Capture } from "../../lib/p1/check";
import type { TP1Keys } from "../../lib/p1/decrypt";
import type { TP1Layout } from "../../lib/p1/layout";
import { exampleLayout, frameOf, P1_AUTH_KEY, P1_KEY, plainLayout, sentAt, sendTime, telegramAt, textBytes } from "../helpers/p1-meter";

/**
 * P1 checker throughput: telegrams parsed, CRC-checked and compared with the profile per second
 * (target 20,000/s), and encrypted frames decrypted and checked per second (target 10,000/s).
 * A capture is an hour of output (360 telegrams, with receive times); the figure is the median
 * of repeated whole-capture checks after a warm-up. Printed, never asserted.
 */
const TELEGRAMS = 360;
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);

function rate(capture: TCapture, layout: TP1Layout, keys: TP1Keys | null, target: number): string {
  const run = () => checkP1Capture(capture, layout, { keys, checkedAt: "2026-03-10T12:00:00.000Z" });
  const report = run();
  if (report.verdict !== "conformant") throw new Error(`the bench capture is not conformant: ${report.lines.find((l) => l.status === "FAIL")?.reason}`);
  for (let i = 0; i < 5; i++) run();
  const rates: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    run();
    rates.push(TELEGRAMS / ((performance.now() - start) / 1000));
  }
  const median = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
  return `${Math.round(median).toLocaleString("en")}/s (target ≥ ${target.toLocaleString("en")}/s: ${median >= target ? "ok" : "MISS"})`;
}

export function benchP1(): void {
  for (const name of ["three-phase-hls-cellular", "full"] as const) {
    const plain = plainLayout(name);
    const telegrams = Array.from({ length: TELEGRAMS }, (_, i) => telegramAt(plain, i));
    const bytes = telegrams[0]!.length;
    line(`P1 ${name} (${plain.lines.length} lines, ${bytes} B): telegrams checked`, rate(captureFromChunks("bench", sentAt(telegrams.map(textBytes)), sendTime(0) - 200, null), plain, null, 20_000));
    const secured = exampleLayout(name);
    const frames = telegrams.map((t, i) => frameOf(t, 1000 + i));
    line(`P1 ${name}: encrypted frames decrypted and checked`, rate(captureFromChunks("bench", sentAt(frames), sendTime(0) - 200, null), secured, { encryption: [P1_KEY], authentication: P1_AUTH_KEY }, 10_000));
  }
}
