import { CHECK_VERDICTS, type TCheck, type TCheckVerdict } from "./check";
import type { TMeterIdentity } from "./identify";
import type { TAnswer, TOperatorMode } from "./run-request";
import type { TRunEvent } from "./run";
import type { TVerdictCounts } from "./summary";

/**
 * What a web page sees of a run while it goes: a few events per test (which test runs, its verdict
 * with the counts of its checks and the first problem), the assisted questions and their answers,
 * and how the run ended. The runner's own events carry every check and the whole result; a page
 * needs far less, and what it gets must be plain JSON it can replay after a reconnect.
 */
export type TRunFeedEvent =
  | { type: "created"; meter: string; only: string[]; operator: TOperatorMode; laboratory: string }
  | { type: "start"; tests: number }
  | { type: "test"; index: number; testId: string; title: string; chapter: string }
  | { type: "test-done"; index: number; testId: string; title: string; chapter: string; verdict: TCheckVerdict; checks: TVerdictCounts; message: string }
  | { type: "question"; questionId: string; testId: string; question: string; expiresAt: string }
  | { type: "answer"; questionId: string; answer: TAnswer; by: "operator" | "timeout" | "cancel" }
  | { type: "cancelling" }
  | { type: "storing" }
  | { type: "done"; cancelled: boolean; identity: TMeterIdentity; seconds: number; set: { number: number; laboratory: string } }
  | { type: "failed"; reason: string };

/** One event as the server keeps and sends it: numbered from 1 in the run, so a reconnect says where it stopped. */
export type TRunFeedEntry = { id: number; at: string; event: TRunFeedEvent };

export const zeroCounts = (): TVerdictCounts => Object.fromEntries(CHECK_VERDICTS.map((v) => [v, 0])) as TVerdictCounts;

/** The check a person should read first in a test: its first FAIL, else its first INCONCLUSIVE, else why it did not run. */
function firstProblem(checks: readonly TCheck[], verdict: TCheckVerdict): string {
  if (verdict === "PASS") return "";
  const c = checks.find((x) => x.verdict === verdict) ?? checks[0];
  return c ? `${c.title}: ${c.message}` : "";
}

/** Turns the runner's events into feed events: the checks of a test are folded into its "test-done". */
export class RunFeedBuilder {
  private checks: TCheck[] = [];
  private current: { testId: string; title: string; chapter: string } | null = null;

  add(event: TRunEvent): TRunFeedEvent[] {
    switch (event.type) {
      case "start":
        return [{ type: "start", tests: event.tests }];
      case "test":
        this.checks = [];
        this.current = { testId: event.test.id, title: event.test.title, chapter: event.test.chapter };
        return [{ type: "test", index: event.index, ...this.current }];
      case "check":
        this.checks.push(event.check);
        return [];
      case "test-done": {
        const counts = zeroCounts();
        for (const c of this.checks) counts[c.verdict]++;
        const test = this.current ?? { testId: event.testId, title: event.testId, chapter: "" };
        return [{ type: "test-done", index: event.index, ...test, testId: event.testId, verdict: event.verdict, checks: counts, message: firstProblem(this.checks, event.verdict) }];
      }
      case "done":
        return [];
    }
  }
}

export type TRunPhase = "connecting" | "running" | "cancelling" | "storing" | "done" | "cancelled" | "failed";

export type TRunVerdictRow = { testId: string; title: string; chapter: string; verdict: TCheckVerdict; message: string };

/** A run as a page shows it: everything folded from its feed. */
export type TRunView = {
  phase: TRunPhase;
  meter: string;
  laboratory: string;
  only: string[];
  operator: TOperatorMode;
  /** Tests the run will go through, once it knows. */
  total: number | null;
  current: { testId: string; title: string } | null;
  tests: TVerdictCounts;
  checks: TVerdictCounts;
  rows: TRunVerdictRow[];
  question: { questionId: string; testId: string; question: string; expiresAt: string } | null;
  set: { number: number; laboratory: string } | null;
  identity: TMeterIdentity | null;
  reason: string | null;
  lastId: number;
};

export const emptyRunView = (): TRunView => ({
  phase: "connecting",
  meter: "",
  laboratory: "",
  only: [],
  operator: "skip",
  total: null,
  current: null,
  tests: zeroCounts(),
  checks: zeroCounts(),
  rows: [],
  question: null,
  set: null,
  identity: null,
  reason: null,
  lastId: 0,
});

const add = (a: TVerdictCounts, b: TVerdictCounts): TVerdictCounts => Object.fromEntries(CHECK_VERDICTS.map((v) => [v, a[v] + b[v]])) as TVerdictCounts;

/** The view after one more entry; an entry seen before (a replay after a reconnect) changes nothing. */
export function reduceRunView(view: TRunView, entry: TRunFeedEntry): TRunView {
  if (entry.id <= view.lastId) return view;
  const next: TRunView = { ...view, lastId: entry.id };
  const e = entry.event;
  switch (e.type) {
    case "created":
      return { ...next, meter: e.meter, only: e.only, operator: e.operator, laboratory: e.laboratory };
    case "start":
      return { ...next, phase: view.phase === "cancelling" ? "cancelling" : "running", total: e.tests };
    case "test":
      return { ...next, current: { testId: e.testId, title: e.title } };
    case "test-done": {
      const tests = { ...view.tests, [e.verdict]: view.tests[e.verdict] + 1 };
      return { ...next, tests, checks: add(view.checks, e.checks), rows: [...view.rows, { testId: e.testId, title: e.title, chapter: e.chapter, verdict: e.verdict, message: e.message }] };
    }
    case "question":
      return { ...next, question: { questionId: e.questionId, testId: e.testId, question: e.question, expiresAt: e.expiresAt } };
    case "answer":
      return { ...next, question: view.question?.questionId === e.questionId ? null : view.question };
    case "cancelling":
      return { ...next, phase: "cancelling" };
    case "storing":
      return { ...next, phase: "storing", current: null, question: null };
    case "done":
      return { ...next, phase: e.cancelled ? "cancelled" : "done", current: null, question: null, set: e.set, identity: e.identity };
    case "failed":
      return { ...next, phase: "failed", current: null, question: null, reason: e.reason };
  }
}

/** Whether the run has ended: nothing more will come. */
export const runEnded = (phase: TRunPhase): boolean => phase === "done" || phase === "cancelled" || phase === "failed";
