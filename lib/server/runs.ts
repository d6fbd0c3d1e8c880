import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { evidenceArchive, evidenceFiles, redactedRun } from "../conformance/archive";
import type { TP1Source } from "../conformance/environment";
import { probeMeter } from "../conformance/probe";
import { buildRunReportDocument } from "../conformance/report-document";
import { runResultsFile } from "../conformance/results";
import { runConformance, unknownSelections } from "../conformance/run";
import { emptyRunView, reduceRunView, runEnded, RunFeedBuilder, type TRunFeedEntry, type TRunFeedEvent, type TRunPhase, type TRunView } from "../conformance/run-feed";
import { runIssue, ZRunAnswer, ZRunRequest, type TAnswer, type TRunRequest } from "../conformance/run-request";
import { summarizeRun, type TVerdictCounts } from "../conformance/summary";
import { redactSecrets, secretPatterns, type TSecretPatterns } from "../conformance/traffic";
import { renderDocumentPdf } from "../documents/render";
import { captureTcp } from "../p1/sources/tcp";
import type { TUserProfile } from "../profile/schema";
import { missingSecrets, parseSecrets } from "../secrets/parse";
import type { TSecrets } from "../secrets/schema";
import { getAutomation } from "../testbook/automation";
import type { TTestbook } from "../testbook/testbook-schema";
import { parseMeterAddress, type TMeterAddress } from "../transport/address";
import { channelFor } from "../transport/meter-address";
import type { TGrant } from "./access";
import { recordActivity } from "./activity";
import { getDatabase } from "./db";
import { HttpError } from "./http";
import { testbookOf } from "./profiles";
import { addResultsSet } from "./results";

/**
 * Conformance runs started from the web page, held in this server's memory: each run, its feed of
 * events (replayed to a page that connects late or reconnects), the pages listening to it, its
 * pending assisted question, and its secrets, which are dropped when the run ends. Only the results
 * set a run becomes is stored. One run per meter address at a time; finished runs are kept for an
 * hour, at most 20 of them. A server restart loses the runs in progress.
 */
export type TRunRegistryOptions = {
  /** How long an assisted question waits before it counts as skipped: a run never hangs on an absent operator. */
  questionTimeoutMs?: number;
  keepFinishedMs?: number;
  keepFinishedMax?: number;
  activeMax?: number;
};

export type TRunSummary = {
  id: string;
  meter: string;
  laboratory: string;
  phase: TRunPhase;
  createdAt: string;
  finishedAt: string | null;
  total: number | null;
  done: number;
  tests: TVerdictCounts;
  set: { number: number; laboratory: string } | null;
  reason: string | null;
};

/** What a page needs to follow a run: what happened after the event it saw last, and the events to come. */
export type TRunWatch = { replay: TRunFeedEntry[]; ended: boolean; subscribe: (listener: (entry: TRunFeedEntry) => void) => () => void };

type TPending = { questionId: string; settle: (answer: TAnswer, by: "operator" | "timeout" | "cancel") => void };

type TRunRecord = {
  id: string;
  versionId: string;
  addressKey: string;
  createdAt: number;
  finishedAt: number | null;
  entries: TRunFeedEntry[];
  view: TRunView;
  subscribers: Set<(entry: TRunFeedEntry) => void>;
  controller: AbortController;
  pending: TPending | null;
  questions: number;
  patterns: TSecretPatterns;
};

/** `grant`: who started the run, for the questionnaire's activity log. */
type TRunInput = { request: TRunRequest; address: TMeterAddress; secrets: TSecrets; profile: TUserProfile; testbook: TTestbook; grant: TGrant };

export const RUN_GONE =
  "This run is no longer on the server: runs are kept in the server's memory, for an hour after they end, and a restart of the server loses them. A run that finished is in the testbook's results history.";

const QUESTION_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_S = 10;

function badRequest(issues: Array<{ path: string; message: string }>): never {
  throw new HttpError(400, issues[0]!.message, { issues });
}

/** The same meter whatever the framing or the letter case: one TCP endpoint or one serial port. */
const addressKey = (a: TMeterAddress) => (a.kind === "serial" ? `serial:${a.path}` : `tcp:${a.host.toLowerCase()}:${a.port}`);

/** The chapters, cases and tests --only may name that this testbook does not have. */
/** The secrets text as the CLI reads its --secrets file, plus what the profile's clients need. */
function readSecrets(text: string, profile: TUserProfile): TSecrets {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    badRequest([{ path: "secrets", message: `secrets: the secrets file is not valid JSON (${(e as Error).message})` }]);
  }
  const parsed = parseSecrets(value, profile);
  if (!parsed.ok) badRequest(parsed.problems.map((p) => ({ path: "secrets", message: `secrets: ${p}` })));
  const missing = missingSecrets(profile, parsed.secrets);
  if (missing.length > 0) badRequest(missing.map((m) => ({ path: "secrets", message: `secrets: ${m}` })));
  return parsed.secrets;
}

function p1Source(text: string): TP1Source {
  const a = parseMeterAddress(text) as Extract<TMeterAddress, { kind: "wrapper" }>;
  return { description: text, capture: (seconds) => captureTcp(a.host, a.port, seconds) };
}

const summaryOf = (r: TRunRecord): TRunSummary => ({
  id: r.id,
  meter: r.view.meter,
  laboratory: r.view.laboratory,
  phase: r.view.phase,
  createdAt: new Date(r.createdAt).toISOString(),
  finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
  total: r.view.total,
  done: r.view.rows.length,
  tests: r.view.tests,
  set: r.view.set,
  reason: r.view.reason,
});

export class RunRegistry {
  private readonly runs = new Map<string, TRunRecord>();
  private readonly questionTimeoutMs: number;
  private readonly keepFinishedMs: number;
  private readonly keepFinishedMax: number;
  private readonly activeMax: number;

  constructor(options: TRunRegistryOptions = {}) {
    this.questionTimeoutMs = options.questionTimeoutMs ?? QUESTION_TIMEOUT_MS;
    this.keepFinishedMs = options.keepFinishedMs ?? 60 * 60_000;
    this.keepFinishedMax = options.keepFinishedMax ?? 20;
    this.activeMax = options.activeMax ?? 4;
  }

  /** Checks the request against the profile, takes the meter's address and starts the run; it goes on after the answer. */
  start(grant: TGrant, body: unknown): TRunSummary {
    const checked = ZRunRequest.safeParse(body);
    if (!checked.success) badRequest(checked.error.issues.map(runIssue));
    const request = checked.data;
    const address = parseMeterAddress(request.meter) as TMeterAddress;
    if (address.kind === "serial" && !existsSync(address.path)) {
      badRequest([{ path: "meter", message: `meter: this server has no serial port ${address.path}; a serial:// address names a port of the machine the server runs on` }]);
    }
    const profile = grant.version.profile;
    const testbook = testbookOf(profile);
    const unknown = unknownSelections(testbook, request.only);
    if (unknown.length > 0) {
      badRequest([{ path: "only", message: `only: ${unknown.map((u) => `"${u}"`).join(", ")} is no chapter, case or test of this profile's testbook (chapters: ${testbook.chapters.filter((c) => c.tests.length > 0).map((c) => c.id).join(", ")})` }]);
    }
    const secrets = readSecrets(request.secrets, profile);
    this.prune();
    const key = addressKey(address);
    const holder = [...this.runs.values()].find((r) => r.addressKey === key && r.finishedAt === null);
    if (holder) {
      throw new HttpError(409, `meter: ${request.meter} is being tested by run ${holder.id}, started ${new Date(holder.createdAt).toISOString().slice(11, 19)} UTC; one run per meter at a time. Wait for it to end or cancel it.`, { runId: holder.id });
    }
    if ([...this.runs.values()].filter((r) => r.finishedAt === null).length >= this.activeMax) {
      throw new HttpError(429, `This server already runs ${this.activeMax} tests against meters; start this one when one of them has ended.`);
    }
    const record: TRunRecord = {
      id: randomBytes(9).toString("base64url"),
      versionId: grant.version.id,
      addressKey: key,
      createdAt: Date.now(),
      finishedAt: null,
      entries: [],
      view: emptyRunView(),
      subscribers: new Set(),
      controller: new AbortController(),
      pending: null,
      questions: 0,
      patterns: secretPatterns(secrets),
    };
    this.runs.set(record.id, record);
    this.emit(record, { type: "created", meter: request.meter, only: request.only, operator: request.operator, laboratory: request.laboratory });
    void this.execute(record, { request, address, secrets, profile, testbook, grant });
    return summaryOf(record);
  }

  /** The runs of the version the grant opens, newest first. */
  list(grant: TGrant): TRunSummary[] {
    this.prune();
    return [...this.runs.values()].filter((r) => r.versionId === grant.version.id).sort((a, b) => b.createdAt - a.createdAt).map(summaryOf);
  }

  summary(grant: TGrant, runId: string): TRunSummary {
    return summaryOf(this.runOf(grant, runId));
  }

  /** The events after `afterId` and a way to hear the next ones; call both in the same tick so that none is missed. */
  watch(grant: TGrant, runId: string, afterId: number): TRunWatch {
    const record = this.runOf(grant, runId);
    return {
      replay: record.entries.filter((e) => e.id > afterId),
      ended: record.finishedAt !== null,
      subscribe: (listener) => {
        record.subscribers.add(listener);
        return () => record.subscribers.delete(listener);
      },
    };
  }

  answer(grant: TGrant, runId: string, body: unknown): TRunSummary {
    const record = this.runOf(grant, runId);
    const checked = ZRunAnswer.safeParse(body);
    if (!checked.success) badRequest(checked.error.issues.map(runIssue));
    const { questionId, answer } = checked.data;
    if (!record.pending || record.pending.questionId !== questionId) {
      throw new HttpError(409, `questionId: question ${questionId} of this run is not waiting for an answer; it was answered, it timed out, or the run has ended.`);
    }
    record.pending.settle(answer, "operator");
    return summaryOf(record);
  }

  /** Stops the run after its current check; what has run still becomes a results set. */
  cancel(grant: TGrant, runId: string): TRunSummary {
    const record = this.runOf(grant, runId);
    if (record.finishedAt !== null || runEnded(record.view.phase) || record.view.phase === "storing") {
      throw new HttpError(409, `run: run ${runId} has already ended; there is nothing to cancel.`);
    }
    if (!record.controller.signal.aborted) {
      record.controller.abort();
      this.emit(record, { type: "cancelling" });
      record.pending?.settle("skip", "cancel");
    }
    return summaryOf(record);
  }

  private runOf(grant: TGrant, runId: string): TRunRecord {
    const record = this.runs.get(runId);
    if (!record || record.versionId !== grant.version.id) throw new HttpError(404, RUN_GONE);
    return record;
  }

  private emit(record: TRunRecord, event: TRunFeedEvent): void {
    // The runner's messages may quote what a test sent, a wrong password built from the right one for instance.
    const clean = JSON.parse(redactSecrets(JSON.stringify(event), record.patterns)) as TRunFeedEvent;
    const entry: TRunFeedEntry = { id: record.entries.length + 1, at: new Date().toISOString(), event: clean };
    record.entries.push(entry);
    record.view = reduceRunView(record.view, entry);
    for (const listener of record.subscribers) listener(entry);
  }

  private ask(record: TRunRecord, question: string): Promise<boolean | null> {
    if (record.controller.signal.aborted) return Promise.resolve(null);
    const questionId = String(++record.questions);
    this.emit(record, { type: "question", questionId, testId: record.view.current?.testId ?? "", question, expiresAt: new Date(Date.now() + this.questionTimeoutMs).toISOString() });
    return new Promise((resolve) => {
      const timer = setTimeout(() => record.pending?.settle("skip", "timeout"), this.questionTimeoutMs);
      record.pending = {
        questionId,
        settle: (answer, by) => {
          clearTimeout(timer);
          record.pending = null;
          this.emit(record, { type: "answer", questionId, answer, by });
          resolve(answer === "yes" ? true : answer === "no" ? false : null);
        },
      };
    });
  }

  private async execute(record: TRunRecord, input: TRunInput): Promise<void> {
    const { request, address, secrets, profile, testbook } = input;
    const logicalDevice = request.serverAddress ?? 1;
    const timeoutMs = (request.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
    const target = {
      description: request.meter,
      channel: (clientSap: number) => channelFor(address, { clientSap, logicalDevice, ...(request.physicalAddress !== undefined ? { physical: request.physicalAddress } : {}) }),
    };
    try {
      const refused = await probeMeter(profile, secrets, target, timeoutMs);
      if (refused) return this.emit(record, { type: "failed", reason: refused });
      const feed = new RunFeedBuilder();
      const result = await runConformance({
        profile,
        testbook,
        secrets,
        automation: getAutomation(),
        target,
        framing: address.kind === "wrapper" ? "wrapper" : "hdlc",
        only: request.only,
        ...(request.operator === "ask" ? { operator: (question: string) => this.ask(record, question) } : {}),
        ...(request.p1 ? { p1: p1Source(request.p1) } : {}),
        signal: record.controller.signal,
        timeoutMs,
        onEvent: (event) => {
          for (const e of feed.add(event)) this.emit(record, e);
        },
      });
      this.emit(record, { type: "storing" });
      const redacted = redactedRun(result, secrets);
      const pdf = await renderDocumentPdf(buildRunReportDocument(redacted, testbook, summarizeRun(redacted, testbook)));
      const archive = evidenceArchive(evidenceFiles(result, testbook, profile, secrets, pdf, request.laboratory), "evidence", result.finishedAt);
      const db = await getDatabase();
      const set = await addResultsSet(db, record.versionId, { source: "runner", laboratory: request.laboratory, file: runResultsFile(redacted, testbook, request.laboratory), archive });
      const { grant } = input;
      await recordActivity(db, grant.actor, { questionnaireId: grant.version.questionnaireId, action: "run-meter", versionNumber: grant.version.number, detail: `results set ${set.number}, ${set.laboratory}` });
      this.emit(record, { type: "done", cancelled: result.cancelled, identity: result.meter.identity, seconds: result.stats.seconds, set: { number: set.number, laboratory: set.laboratory } });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.error(`Conformance run ${record.id} stopped: ${redactSecrets(message, record.patterns)}`);
      record.pending?.settle("skip", "cancel");
      this.emit(record, { type: "failed", reason: `The run stopped: ${message}. What it had done could not be stored as a results set.` });
    } finally {
      record.finishedAt = Date.now();
      record.patterns = { hex: [], text: [] };
      record.subscribers.clear();
      this.prune();
    }
  }

  /** Forgets finished runs older than the time they are kept, then the oldest past the count kept. */
  private prune(): void {
    const now = Date.now();
    const finished = [...this.runs.values()].filter((r) => r.finishedAt !== null).sort((a, b) => b.finishedAt! - a.finishedAt!);
    for (const [i, r] of finished.entries()) if (i >= this.keepFinishedMax || now - r.finishedAt! > this.keepFinishedMs) this.runs.delete(r.id);
  }
}

const holder = globalThis as unknown as { __primePlusRuns?: RunRegistry };

/** The server's runs (kept across hot reloads in development, like the database). */
export function getRuns(): RunRegistry {
  holder.__primePlusRuns ??= new RunRegistry();
  return holder.__primePlusRuns;
}
