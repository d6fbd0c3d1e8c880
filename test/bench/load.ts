import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { signUpOverHttp, startServer, type TServer } from "../e2e/harness";
import { emptyPostgresDatabase } from "../helpers/postgres";

/**
 * A busy morning on loopback: USERS people each autosave the full answers (one answer changed,
 * differently for each person, so that no two drafts share a status) every second, against a production server on the embedded PGlite and on PostgreSQL. The first
 * WARMUP_SECONDS after the server's start (its code still being compiled to machine code) are
 * reported apart; the targets are judged on the SECONDS that follow. Bounded: every save gives
 * up after TIMEOUT_MS; the run stops at its end.
 */
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 10);
const TIMEOUT_MS = 10_000;
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);

type TFigures = { saves: number; errors: number; timeouts: number; latencies: number[]; seconds: number };

type TPhases = { warmup: TFigures; measured: TFigures; measureFrom: number };

async function user(server: TServer, cookie: string, values: Record<string, unknown>, until: number, phases: TPhases, offsetMs: number): Promise<void> {
  const headers = { "content-type": "application/json", origin: server.url, cookie };
  const created = (await (await fetch(`${server.url}/api/questionnaires`, { method: "POST", headers, body: "{}" })).json()) as { id: string; revision: number };
  let revision = created.revision;
  await new Promise((r) => setTimeout(r, offsetMs));
  for (let n = 0; Date.now() < until; n++) {
    const started = performance.now();
    const into = Date.now() < phases.measureFrom ? phases.warmup : phases.measured;
    const draft = { formatVersion: "1.0", step: "contact", values: { ...values, contact: { ...(values.contact as object), name: `Person ${created.id.slice(0, 8)} ${n}` } } };
    try {
      const response = await fetch(`${server.url}/api/questionnaires/${created.id}/draft`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ revision, draft }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await response.json()) as { revision?: number };
      into.latencies.push(performance.now() - started);
      if (response.ok && body.revision !== undefined) {
        revision = body.revision;
        into.saves++;
      } else {
        into.errors++;
      }
    } catch (e) {
      if ((e as Error).name === "TimeoutError") into.timeouts++;
      else into.errors++;
    }
    const wait = 1000 - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

async function run(server: TServer): Promise<TPhases> {
  const values = JSON.parse(readFileSync(join(import.meta.dirname, "../../profiles/examples/full.answers.json"), "utf8")) as Record<string, unknown>;
  const empty = (seconds: number): TFigures => ({ saves: 0, errors: 0, timeouts: 0, latencies: [], seconds });
  // One utility's editors, each on their own questionnaire (sign-up is rate limited per address).
  const cookie = await signUpOverHttp(server);
  const start = Date.now() + 2_000;
  const phases: TPhases = { warmup: empty(WARMUP_SECONDS), measured: empty(SECONDS), measureFrom: start + WARMUP_SECONDS * 1000 };
  const until = phases.measureFrom + SECONDS * 1000;
  await Promise.all(Array.from({ length: USERS }, (_, i) => user(server, cookie, values, until, phases, start - Date.now() + (i * 1000) / USERS)));
  return phases;
}

function figures(f: TFigures): string {
  const sorted = [...f.latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0) : "-");
  return `${(f.saves / f.seconds).toFixed(0)} saves/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  ${f.errors} errors  ${f.timeouts} timeouts`;
}

function report(label: string, phases: TPhases, target: string) {
  line(`${label}: first ${WARMUP_SECONDS} s after start`, figures(phases.warmup));
  line(`${label}: the ${SECONDS} s after`, `${figures(phases.measured)}  (${target})`);
}

export async function benchLoad(): Promise<void> {
  const label = (db: string) => `load: ${USERS} users autosaving every second, ${db}`;
  const pglite = await startServer();
  try {
    report(label("PGlite"), await run(pglite), "target p99 < 500 ms, 0 errors");
  } finally {
    await pglite.stop();
  }
  const database = await emptyPostgresDatabase("prime_plus_bench");
  const postgresql = await startServer(undefined, { DATABASE_URL: database.url });
  try {
    report(label("PostgreSQL"), await run(postgresql), "target ≥ 150 saves/s, p99 < 500 ms, 0 errors");
  } finally {
    await postgresql.stop();
    await database.drop();
  }
}
