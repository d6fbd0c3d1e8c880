import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { connect, type Association, type TClientCredentials } from "../../lib/dlms/client";
import { describeObjects, readAll } from "../../lib/dlms/inspect";
import { credentialsFor } from "../../lib/secrets/credentials";
import { channelFor } from "../../lib/transport/meter-address";
import type { TClientId } from "../../lib/vocabulary";
import { startGuruxMeter, type TGuruxMeter } from "../helpers/gurux-meter";
import { runGuruxRead, type TGuruxReadOptions, type TGuruxReadOutput } from "../helpers/gurux-read";
import { peersMissing } from "../helpers/peers";
import { startCliSimulator, type TCliSimulator } from "./dlms-simulator";

/**
 * Figures of our DLMS/COSEM stack (issue 9): our client against Gurux's on the Gurux C example
 * meter, Gurux's client on our simulator against the Gurux meter, GET requests per second on one
 * association, and 200 associations at once. The simulator runs as `prime-plus simulate` in a
 * process of its own, the Gurux meter and gurux-read.py too; everything is on loopback. Medians of
 * BENCH_DLMS_RUNS runs (default 5) after a warm-up; printed with their targets, never asserted.
 */
const RUNS = Number(process.env.BENCH_DLMS_RUNS ?? 5);
const SEQUENTIAL_GETS = 5_000;
const CONCURRENT_CLIENTS = 200;
const CONCURRENT_SECONDS = 3;
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };

const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);
const verdict = (ok: boolean) => (ok ? "ok" : "MISS");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

function expectOk<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`);
  return r.value;
}

async function associate(port: number, credentials: TClientCredentials): Promise<Association> {
  const channel = channelFor({ kind: "wrapper", host: "127.0.0.1", port }, { clientSap: credentials.clientSap });
  return expectOk(await connect({ channel, credentials, timeoutMs: 10_000 }), `associating as client ${credentials.clientSap} on port ${port}`);
}

function simulatorCredentials(sim: TCliSimulator, clientId: TClientId): TClientCredentials {
  const client = sim.profile.clients.find((c) => c.id === clientId)!;
  // No invocation counter: the client starts at 0 and, refused, takes the one the meter names.
  return credentialsFor(client, sim.secrets);
}

const GURUX_LLS: TClientCredentials = { clientSap: 17, mechanism: "lls", applicationContext: 1, protection: null, password: new TextEncoder().encode("Gurux") };
const GURUX_READ_LLS = { client: 17, auth: "low", password: "Gurux" } as const;

/** The attributes gurux-read read (a value or an error), as our client names them. */
function guruxReads(out: TGuruxReadOutput): Array<{ classId: number; obis: string; attribute: number }> {
  return out.objects.flatMap((o) =>
    o.attributes
      .filter((a) => a.value !== undefined || a.error !== undefined)
      .map((a) => ({ classId: o.classId, obis: o.obis.replace(/^(\d+)\.(\d+)\.(\d+\.\d+\.\d+\.\d+)$/, "$1-$2:$3"), attribute: a.index })),
  );
}

async function guruxJob(options: TGuruxReadOptions): Promise<{ ms: number; processMs: number; output: TGuruxReadOutput }> {
  const r = await runGuruxRead(options);
  if (r.exitCode !== 0 || !r.json) throw new Error(`gurux-read failed (exit ${r.exitCode}): ${r.stderr.slice(0, 400)} ${JSON.stringify(r.json?.errors ?? [])}`);
  // Its own clock: from its connect to the end of its release, without Python's start-up.
  return { ms: r.json.seconds * 1000, processMs: r.ms, output: r.json };
}

/** What `prime-plus inspect --read` does, from connect to release: object list, then every readable attribute (GET with list where the meter allows). */
async function ourInspection(port: number): Promise<{ ms: number; reads: number }> {
  const start = performance.now();
  const a = await associate(port, GURUX_LLS);
  const list = expectOk(await a.objectList(), "the object list");
  const objects = describeObjects(list, list.find((e) => e.obis === "0-0:40.0.0.255")?.version ?? 1);
  const r = await readAll(a, objects);
  if (r.failure) throw new Error(`reading stopped: ${r.failure.message}`);
  expectOk(await a.release(), "the release");
  return { ms: performance.now() - start, reads: r.reads };
}

/** Exactly gurux-read's job with our client: object list, then the same attributes one GET each, then release. */
async function ourSameReads(port: number, reads: ReadonlyArray<{ classId: number; obis: string; attribute: number }>): Promise<{ ms: number; reads: number }> {
  const start = performance.now();
  const a = await associate(port, GURUX_LLS);
  expectOk(await a.objectList(), "the object list");
  for (const attribute of reads) expectOk(await a.getResult(attribute), `GET ${attribute.obis} ${attribute.attribute}`);
  expectOk(await a.release(), "the release");
  return { ms: performance.now() - start, reads: reads.length };
}

async function benchClients(meter: TGuruxMeter): Promise<void> {
  const port = meter.ports.lnWrapper;
  const first = await guruxJob({ port, ...GURUX_READ_LLS, values: true });
  const reads = guruxReads(first.output);
  await ourInspection(port);
  await ourSameReads(port, reads);
  const gurux: number[] = [];
  const guruxProcess: number[] = [];
  const inspection: number[] = [];
  const same: number[] = [];
  let inspected = 0;
  for (let i = 0; i < RUNS; i++) {
    const g = await guruxJob({ port, ...GURUX_READ_LLS, values: true });
    gurux.push(g.ms);
    guruxProcess.push(g.processMs);
    const o = await ourInspection(port);
    inspection.push(o.ms);
    inspected = o.reads;
    same.push((await ourSameReads(port, reads)).ms);
  }
  const g = median(gurux);
  const gp = median(guruxProcess);
  const label = `Gurux C meter, client 17 LLS, wrapper, ${first.output.objects.length} objects`;
  line(`${label}: gurux-read.py --values (${reads.length} reads)`, `${g.toFixed(0)} ms connect to release (${gp.toFixed(0)} ms with Python's start-up)`);
  for (const [what, times] of [[`our client, the same ${reads.length} reads one GET each`, same], [`our client as inspect --read (${inspected} reads, GET with list)`, inspection]] as const) {
    const ours = median(times);
    line(`  ${what}`, `${ours.toFixed(0)} ms, ${(ours / g).toFixed(2)}× Gurux's (target ≤ 0.5×: ${verdict(ours / g <= 0.5)})`);
  }
}

/** Bytes gurux-read received, from its traffic log. */
const received = (out: TGuruxReadOutput) => (out.traffic ?? []).reduce((n, [direction, hex]) => n + (direction === "rx" ? hex.length / 2 : 0), 0);

/**
 * ms per attribute read by gurux-read: its job with --values less its job without, over the reads;
 * and the bytes per read, since Gurux's parsing time grows with the size of the values.
 */
async function guruxPerRead(options: TGuruxReadOptions): Promise<{ ms: number; reads: number; objects: number; bytesPerRead: number }> {
  await guruxJob({ ...options, values: true });
  const withValues: number[] = [];
  const listOnly: number[] = [];
  let reads = 0;
  let objects = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const v = await guruxJob({ ...options, values: true, traffic: true });
    withValues.push(v.ms);
    reads = guruxReads(v.output).length;
    objects = v.output.objects.length;
    const l = await guruxJob({ ...options, traffic: true });
    listOnly.push(l.ms);
    bytes = received(v.output) - received(l.output);
  }
  return { ms: (median(withValues) - median(listOnly)) / reads, reads, objects, bytesPerRead: bytes / reads };
}

async function benchGuruxOnOurs(meter: TGuruxMeter, sim: TCliSimulator): Promise<void> {
  const client = sim.profile.clients.find((c) => c.id === "management")!;
  const password = sim.secrets.clients.management?.password;
  if (client.authentication.mechanismId !== 1 || !password) throw new Error(`the ${sim.name} management client is not an LLS client`);
  const theirs = await guruxPerRead({ port: meter.ports.lnWrapper, ...GURUX_READ_LLS });
  const ours = await guruxPerRead({ port: sim.wrapperPort, client: client.sap, auth: "low", password });
  line("gurux-read.py per attribute read (--values run less list-only run, the objects differ)", "");
  line(`  on the Gurux C meter (${theirs.reads} reads of ${theirs.objects} objects)`, `${theirs.ms.toFixed(2)} ms/read (${theirs.bytesPerRead.toFixed(0)} bytes received per read)`);
  const ratio = ours.ms / theirs.ms;
  line(`  on our simulator, ${sim.name} LLS (${ours.reads} reads of ${ours.objects} objects)`, `${ours.ms.toFixed(2)} ms/read (${ours.bytesPerRead.toFixed(0)} bytes per read), ${ratio.toFixed(2)}× the Gurux meter's (target ≤ 2×: ${verdict(ratio <= 2)})`);
}

/** Sequential GETs of the clock on one association: the median rate of RUNS runs of SEQUENTIAL_GETS. */
async function benchGetRate(sim: TCliSimulator, clientId: TClientId, what: string): Promise<void> {
  const a = await associate(sim.wrapperPort, simulatorCredentials(sim, clientId));
  const run = async (n: number) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) expectOk(await a.get(CLOCK), "GET clock");
    return n / ((performance.now() - start) / 1000);
  };
  await run(1_000);
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) rates.push(await run(SEQUENTIAL_GETS));
  expectOk(await a.release(), "the release");
  const rate = median(rates);
  line(`GET clock, one association, wrapper, ${what}`, `${Math.round(rate).toLocaleString("en")}/s (${SEQUENTIAL_GETS.toLocaleString("en")} sequential, target ≥ 5,000/s: ${verdict(rate >= 5_000)})`);
}

/** CONCURRENT_CLIENTS associations at once, each reading the clock in a loop: latency of each GET and the total rate. */
async function benchConcurrent(sim: TCliSimulator, clientId: TClientId): Promise<void> {
  const associations: Association[] = [];
  for (let i = 0; i < CONCURRENT_CLIENTS; i += 25) {
    const batch = Math.min(25, CONCURRENT_CLIENTS - i);
    associations.push(...(await Promise.all(Array.from({ length: batch }, () => associate(sim.wrapperPort, simulatorCredentials(sim, clientId))))));
  }
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      associations.map(async (a) => {
        while (performance.now() < end) {
          const t = performance.now();
          expectOk(await a.get(CLOCK), "GET clock");
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), rate: latencies.length / elapsed };
  };
  await run(1);
  const runs = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) runs.push(await run(CONCURRENT_SECONDS));
  await Promise.all(associations.map((a) => a.release()));
  const p99 = median(runs.map((r) => r.p99));
  line(
    `${CONCURRENT_CLIENTS} associations at once (${sim.name} ${clientId}), GET clock`,
    `p99 ${p99.toFixed(1)} ms (target < 50 ms: ${verdict(p99 < 50)}), p50 ${median(runs.map((r) => r.p50)).toFixed(1)} ms, ${Math.round(median(runs.map((r) => r.rate))).toLocaleString("en")} GET/s in total`,
  );
}

export async function benchDlms(): Promise<void> {
  line("DLMS/COSEM stack", `${availableParallelism()} cores, load average ${load()} at the start`);
  const plain = await startCliSimulator("single-phase-plc");
  const hls = await startCliSimulator("three-phase-hls-cellular");
  try {
    const missing = peersMissing();
    if (missing) {
      line("our client vs gurux-read.py on the Gurux C meter", `skipped: ${missing}`);
      line("gurux-read.py on our simulator vs on the Gurux C meter", `skipped: ${missing}`);
    } else {
      const meter = await startGuruxMeter();
      try {
        await benchClients(meter);
        await benchGuruxOnOurs(meter, plain);
      } finally {
        await meter.stop();
      }
    }
    await benchGetRate(plain, "management", "no ciphering (LLS)");
    await benchGetRate(hls, "management", "HLS-GMAC, authenticated-encrypted");
    await benchConcurrent(plain, "public");
  } finally {
    await Promise.all([plain.stop(), hls.stop()]);
  }
  line("", `load average ${load()} at the end`);
}
