import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getBaseline } from "../../lib/baseline/prime-plus";
import { buildUserProfile } from "../../lib/profile/build";
import { validateProfileSchema } from "../../lib/schemas/ajv";

/**
 * Prints the figures the issues set targets for. Run with `npm run bench`.
 * Target: the full profile built and schema-validated in a median under 5 ms.
 */
const root = join(import.meta.dirname, "../..");
const runs = Number(process.env.BENCH_RUNS ?? 200);

function measure(label: string, fn: () => void, target?: string) {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(58)} median ${at(0.5)} ms  p95 ${at(0.95)} ms  (${runs} runs${target ? `, target ${target}` : ""})`);
}

const loadStart = performance.now();
const baseline = getBaseline();
console.log(`${"baseline load and integrity check (cold)".padEnd(58)} ${(performance.now() - loadStart).toFixed(1)} ms, ${baseline.objects.length} objects`);

for (const name of ["single-phase-plc", "three-phase-hls-cellular", "full"]) {
  const answers = JSON.parse(readFileSync(join(root, `profiles/examples/${name}.answers.json`), "utf8")) as unknown;
  const profile = buildUserProfile(answers, baseline);
  measure(
    `profile ${name} (${profile.summary.objects} objects) build + schema validation`,
    () => {
      const p = buildUserProfile(answers, baseline);
      if (validateProfileSchema(p).length > 0) throw new Error("invalid profile");
    },
    name === "full" ? "< 5 ms" : undefined,
  );
}
