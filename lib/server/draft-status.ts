import "server-only";
import { Worker } from "node:worker_threads";
import { hashJson } from "../json/canonical";
import type { TDraftStatus } from "../questionnaire/status";
import { statusJob } from "../questionnaire/status-job";
import { workerFile } from "../workers/file";
import { UnavailableError } from "./errors";
import { log } from "./log";

/**
 * A draft's status (its problems and the size of the profile it would build) takes a preview
 * profile and a test count, about 15 ms for full answers: too much for the request thread on
 * every autosave of every user. So a save only stores the draft, and the status is computed in a
 * worker thread after the response (each questionnaire's latest draft only) and kept by content
 * hash: the next GET of the status (or of the questionnaire) finds it ready, or has it computed
 * ahead of the background queue.
 */
export type { TDraftStatus };

const MAX_KEPT = 2_000;
/**
 * Statuses a poll may queue behind (about half a second of the worker's time): past it, a poll
 * is refused at once rather than waiting ever longer while more saves arrive. The browser asks
 * again after its next save.
 */
const MAX_POLL_BACKLOG = 32;
const BUSY = "The server is busy checking drafts just now: this draft's problems and profile size follow with its next save.";
/** A status that takes longer than this means the worker is stuck: it is replaced. */
const JOB_TIMEOUT_MS = 20_000;
/**
 * After each background job, a pause twice as long: on a small machine the worker then takes at
 * most a third of a core from the request thread and the database, however many saves arrive.
 */
const PAUSE_FACTOR = 2;

type TReply = { id: number; ok: true; status: TDraftStatus } | { id: number; ok: false; error: string };
type TPending = { resolve: (status: TDraftStatus) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** One worker thread, started on first use and again after it fails; computes in this thread when it cannot start at all. */
class StatusThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, TPending>();
  private nextId = 1;
  private unusable = false;

  /** Statuses handed to the worker and not yet back. */
  get backlog(): number {
    return this.pending.size;
  }

  /** Starts the worker now, so that the first status does not wait for it to load. */
  warm(): void {
    if (!this.unusable) this.started();
  }

  run(values: unknown): Promise<TDraftStatus> {
    if (this.unusable) return Promise.resolve(statusJob(values));
    const worker = this.started();
    if (!worker) return Promise.resolve(statusJob(values));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new UnavailableError("Checking the draft takes too long just now; try again in a moment.", 2)), JOB_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, values });
    });
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(workerFile("lib/workers/status-worker.mjs"), { env: { ...process.env, NODE_ENV: "production" } });
    } catch (e) {
      this.unusable = true;
      log.error({ error: e instanceof Error ? e.name : typeof e }, "the draft status worker cannot start; statuses are computed on the request thread");
      return null;
    }
    worker.unref();
    worker.on("message", (reply: TReply) => this.settle(reply));
    worker.on("error", (e) => {
      log.error({ error: e.name }, "the draft status worker failed; it is started again on the next status");
      this.fail(new UnavailableError("Checking the draft failed for a moment; try again.", 1));
    });
    worker.on("exit", () => {
      if (this.worker === worker) this.fail(new UnavailableError("Checking the draft failed for a moment; try again.", 1));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: TReply) {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    clearTimeout(job.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) job.resolve(reply.status);
    else job.reject(new Error(`computing a draft's status failed: ${reply.error}`));
  }

  /** Ends the worker and every job it had: their callers get `error`; the next job starts a new worker. */
  private fail(error: Error) {
    const worker = this.worker;
    this.worker = null;
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.pending.clear();
    void worker?.terminate();
  }
}

const thread = new StatusThread();
const kept = new Map<string, TDraftStatus>();
/** Statuses being computed, by content hash: a GET and the background queue share one computation. */
const computing = new Map<string, Promise<TDraftStatus>>();
/** Per questionnaire, the latest draft whose status is still to compute: a newer save replaces an older one. */
const waiting = new Map<string, { hash: string; values: unknown }>();
let pumping = false;

function keep(hash: string, status: TDraftStatus): TDraftStatus {
  kept.delete(hash);
  kept.set(hash, status);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
  return status;
}

function computed(hash: string, values: unknown, whenBusy: "wait" | "refuse"): Promise<TDraftStatus> {
  const known = kept.get(hash);
  if (known) return Promise.resolve(known);
  let job = computing.get(hash);
  if (!job) {
    if (whenBusy === "refuse" && thread.backlog >= MAX_POLL_BACKLOG) return Promise.reject(new UnavailableError(BUSY, 1));
    job = thread.run(values).then(
      (status) => {
        computing.delete(hash);
        return keep(hash, status);
      },
      (e: unknown) => {
        computing.delete(hash);
        throw e;
      },
    );
    computing.set(hash, job);
  }
  return job;
}

/** Starts the status worker (at the server's start, so that the first saves do not wait for it). */
export function warmDraftStatus(): void {
  thread.warm();
}

/**
 * The status of these answers, from the kept ones or computed now, ahead of the background queue.
 * A poll (`whenBusy: "refuse"`) is refused with a 503 when the worker is far behind.
 */
export function draftStatus(values: unknown, whenBusy: "wait" | "refuse" = "wait"): Promise<TDraftStatus> {
  return computed(hashJson(values), values, whenBusy);
}

function pump() {
  const next = waiting.entries().next();
  if (next.done) {
    pumping = false;
    return;
  }
  const [questionnaireId, job] = next.value;
  waiting.delete(questionnaireId);
  const started = performance.now();
  computed(job.hash, job.values, "wait").then(
    () => setTimeout(pump, (performance.now() - started) * PAUSE_FACTOR),
    (e: unknown) => {
      log.error({ error: e instanceof Error ? e.name : typeof e, questionnaireId }, "computing a draft's status failed");
      setTimeout(pump, 1000);
    },
  );
}

/**
 * The status of a questionnaire's newly saved answers if it is known already (a save of the same
 * content again); otherwise null, and it is computed after the response has gone.
 */
export function statusOrSchedule(questionnaireId: string, values: unknown): TDraftStatus | null {
  const hash = hashJson(values);
  const known = kept.get(hash);
  if (known) return known;
  waiting.delete(questionnaireId);
  waiting.set(questionnaireId, { hash, values });
  if (!pumping) {
    pumping = true;
    setTimeout(pump, 0);
  }
  return null;
}
