import type { TUserProfile } from "../profile/schema";
import type { TClientId } from "../vocabulary";
import type { TSecrets } from "../secrets/schema";
import type { TAutomation, TAutomationFile } from "../testbook/automation";
import type { TTestbook, TTestInstance } from "../testbook/testbook-schema";
import { testVerdict, type TCheck, type TCheckVerdict } from "./check";
import type { TOperator, TP1Source, TRunEnvironment } from "./environment";
import { PROCEDURES } from "./procedures";
import { Readings } from "./readings";
import { Sessions, type TRunTarget } from "./sessions";
import { RunCancelled, TestRun } from "./test-run";
import { identifyMeter, type TMeterIdentity } from "./identify";
import { secretPatterns, TrafficLog, type TRunTraffic } from "./traffic";

/**
 * The conformance run: every test of a profile's testbook that can be automated, against a
 * meter, with verdicts and evidence. A pure procedure over the DLMS client: the CLI and the web
 * page both call it, with their own target, operator and progress display.
 */
export const RUNNER_VERSION = "1.0.0";

export interface TRunOptions {
  profile: TUserProfile;
  testbook: TTestbook;
  secrets: TSecrets;
  automation: TAutomationFile;
  target: TRunTarget;
  framing: "wrapper" | "hdlc";
  /** Chapter ids, case ids or test ids (a prefix before "/" matches every instance). */
  only?: string[];
  operator?: TOperator;
  p1?: TP1Source;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
  onEvent?: (event: TRunEvent) => void;
}

export type TRunEvent =
  | { type: "start"; tests: number }
  | { type: "test"; index: number; test: TTestInstance }
  | { type: "check"; check: TCheck }
  | { type: "test-done"; index: number; testId: string; verdict: TCheckVerdict }
  | { type: "done"; result: TRunResult };

export interface TTestOutcome {
  testId: string;
  caseId: string;
  chapter: string;
  title: string;
  mode: TAutomation["mode"] | "unknown";
  verdict: TCheckVerdict;
  checks: TCheck[];
}

export interface TRunResult {
  runnerVersion: string;
  meter: { address: string; framing: "wrapper" | "hdlc"; identity: TMeterIdentity };
  /** What the run was limited to (--only), and whether an operator answered the assisted tests. */
  only: string[];
  operator: boolean;
  profile: { id: string; company: string };
  clientNames: Partial<Record<TClientId, string>>;
  testbook: { id: string };
  startedAt: string;
  finishedAt: string;
  cancelled: boolean;
  tests: TTestOutcome[];
  traffic: TRunTraffic[];
  stats: { checks: number; executed: number; roundTrips: number; bytes: number; associations: number; reads: number; seconds: number };
}

/** The --only selections that name no chapter, case or test of the testbook: wrong usage, to be refused before a run. */
export function unknownSelections(testbook: TTestbook, only: readonly string[]): string[] {
  const known = new Set(testbook.chapters.flatMap((c) => [c.id, ...c.tests.flatMap((t) => [t.id, t.caseId])]));
  return only.filter((o) => !known.has(o));
}

export function selects(only: string[] | undefined, test: TTestInstance): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === test.chapter || o === test.caseId || o === test.id || test.id.startsWith(`${o}/`));
}

export async function runConformance(options: TRunOptions): Promise<TRunResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const signal = options.signal ?? new AbortController().signal;
  const traffic = new TrafficLog(started, now, secretPatterns(options.secrets));
  const sessions = new Sessions(options.profile, options.secrets, options.target, traffic, options.timeoutMs ?? 5000);
  const env: TRunEnvironment = {
    profile: options.profile,
    testbook: options.testbook,
    secrets: options.secrets,
    sessions,
    readings: new Readings(sessions, traffic),
    traffic,
    framing: options.framing,
    ...(options.operator ? { operator: options.operator } : {}),
    ...(options.p1 ? { p1: options.p1 } : {}),
    now,
    startedAt: started,
    signal,
    onCheck: (check) => options.onEvent?.({ type: "check", check }),
  };
  const tests = options.testbook.chapters.flatMap((c) => c.tests).filter((t) => selects(options.only, t));
  options.onEvent?.({ type: "start", tests: tests.length });
  const outcomes: TTestOutcome[] = [];
  const identity = await identifyMeter(env);
  let cancelled = false;
  for (const [index, test] of tests.entries()) {
    if (signal.aborted) {
      cancelled = true;
      break;
    }
    options.onEvent?.({ type: "test", index, test });
    const automation = options.automation.cases[test.caseId];
    const run = new TestRun(env, test);
    try {
      await runTest(env, run, automation);
    } catch (e) {
      if (!(e instanceof RunCancelled)) throw e;
      cancelled = true;
    } finally {
      for (const problem of await run.cleanUp()) run.push("INCONCLUSIVE", "meter put back as it was", `the meter may not be as before the test: ${problem}`);
    }
    const verdict = testVerdict(run.checks);
    outcomes.push({ testId: test.id, caseId: test.caseId, chapter: test.chapter, title: test.title, mode: automation?.mode ?? "unknown", verdict, checks: run.checks });
    options.onEvent?.({ type: "test-done", index, testId: test.id, verdict });
    if (cancelled) break;
  }
  await sessions.releaseAll();
  const link = sessions.linkTotals();
  const checks = outcomes.flatMap((o) => o.checks);
  const result: TRunResult = {
    runnerVersion: RUNNER_VERSION,
    meter: { address: options.target.description, framing: options.framing, identity },
    only: options.only ?? [],
    operator: options.operator !== undefined,
    profile: { id: options.profile.id, company: options.profile.utility.company },
    clientNames: Object.fromEntries(options.profile.clients.map((c) => [c.id, c.name])),
    testbook: { id: options.testbook.id },
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(now()).toISOString(),
    cancelled,
    tests: outcomes,
    traffic: traffic.entries,
    stats: {
      checks: checks.length,
      executed: checks.filter((c) => c.verdict !== "NOT-RUN").length,
      roundTrips: link.roundTrips,
      bytes: link.bytes,
      associations: sessions.associations,
      reads: env.readings.reads,
      seconds: (now() - started) / 1000,
    },
  };
  options.onEvent?.({ type: "done", result });
  return result;
}

async function runTest(env: TRunEnvironment, run: TestRun, automation: TAutomation | undefined): Promise<void> {
  if (!automation) {
    run.notRun(run.test.title, "the catalogue gives no automation for this case");
    return;
  }
  if (automation.mode === "manual") {
    run.notRun(run.test.title, `manual test: ${automation.reason}`);
    return;
  }
  if (automation.mode === "assisted" && !env.operator) {
    run.notRun(run.test.title, `assisted test: needs an operator to answer "${automation.question}" (run with --operator)`);
    return;
  }
  const procedure = PROCEDURES[automation.procedure];
  if (!procedure) {
    run.inconclusive(run.test.title, `the runner has no procedure "${automation.procedure}"`);
    return;
  }
  try {
    await procedure(env, run, automation.mode === "assisted" ? automation.question : undefined);
  } catch (e) {
    if (e instanceof RunCancelled) throw e;
    run.inconclusive(run.test.title, `the procedure stopped: ${(e as Error).message}`);
  }
  if (run.checks.length === 0) run.notRun(run.test.title, "nothing of this test applies to what the meter offers");
}
