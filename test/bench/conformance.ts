import { performance } from "node:perf_hooks";
import { runConformance, type TRunResult } from "../../lib/conformance/run";
import { getAutomation } from "../../lib/testbook/automation";
import { buildTestbook } from "../../lib/testbook/build";
import { getCatalogue } from "../../lib/testbook/catalogue";
import { channelFor } from "../../lib/transport/meter-address";
import { startCliSimulator, type TCliSimulator } from "./dlms-simulator";

/**
 * The conformance runner's figures (issue 10): the full profile's run against the simulator in a
 * process of its own, over the TCP wrapper at full speed and over HDLC throttled to 9600 baud as an
 * optical head is, with round trips and bytes per executed check and the projection to a PRIME PLC
 * link at 1 s per round trip. BENCH_SKIP_9600=1 leaves out the slow run.
 */
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);
const minutes = (s: number) => `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

async function runOver(sim: TCliSimulator, framing: "wrapper" | "hdlc", onProgress?: (done: number, total: number) => void): Promise<{ result: TRunResult; seconds: number }> {
  const testbook = buildTestbook(sim.profile, getCatalogue());
  const address = framing === "wrapper" ? ({ kind: "wrapper", host: "127.0.0.1", port: sim.wrapperPort } as const) : ({ kind: "hdlc-tcp", host: "127.0.0.1", port: sim.hdlcPort } as const);
  let total = 0;
  const started = performance.now();
  const result = await runConformance({
    profile: sim.profile,
    testbook,
    secrets: sim.secrets,
    automation: getAutomation(),
    target: { description: `simulator ${framing}`, channel: (clientSap) => channelFor(address, { clientSap }) },
    framing,
    timeoutMs: framing === "hdlc" ? 60_000 : 10_000,
    onEvent: (e) => {
      if (e.type === "start") total = e.tests;
      if (e.type === "test-done") onProgress?.(e.index + 1, total);
    },
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}

const failed = (r: TRunResult) => r.tests.flatMap((t) => t.checks).filter((c) => c.verdict === "FAIL").length;

export async function benchConformance(): Promise<void> {
  const fast = await startCliSimulator("full");
  try {
    const { result, seconds } = await runOver(fast, "wrapper");
    const s = result.stats;
    line("conformance run, full profile, simulator over the wrapper", `${s.checks} checks, ${s.executed} executed, ${failed(result)} FAIL, ${seconds.toFixed(1)} s, target < 30 s`);
    line("  checks per second", `${Math.round(s.executed / seconds)} executed checks/s, target ≥ 200`);
    line("  round trips per executed check", `${(s.roundTrips / s.executed).toFixed(3)} (${s.roundTrips} round trips, ${s.associations} associations), target ≤ 0.5`);
    line("  bytes on the wire per executed check", `${(s.bytes / s.executed).toFixed(1)} B (${(s.bytes / 1e6).toFixed(2)} MB in all)`);
    line("  projected over PRIME PLC at 1 s per round trip", `${minutes(s.roundTrips)} (${s.roundTrips} round trips, associations included)`);
  } finally {
    await fast.stop();
  }
  if (process.env.BENCH_SKIP_9600 === "1") {
    line("conformance run over HDLC at 9600 baud", "skipped (BENCH_SKIP_9600=1)");
    return;
  }
  const slow = await startCliSimulator("full", { extraArgs: ["--baud", "9600"] });
  try {
    let shown = 0;
    const { result, seconds } = await runOver(slow, "hdlc", (done, total) => {
      if (done * 10 >= (shown + 1) * total) {
        shown++;
        process.stderr.write(`  9600-baud HDLC run: ${done}/${total} tests\n`);
      }
    });
    line("conformance run, full profile, HDLC at 9600 baud", `${minutes(seconds)} for ${result.stats.executed} executed checks, ${failed(result)} FAIL, target < 20 min`);
    for (const c of result.tests.flatMap((t) => t.checks).filter((c) => c.verdict === "FAIL").slice(0, 10)) line(`  FAIL ${c.id}`, c.message);
  } finally {
    await slow.stop();
  }
}
