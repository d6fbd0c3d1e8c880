import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { TDocumentModel, TPart } from "./model";
import { workerFile } from "../workers/file";

/**
 * A small pool of render workers (engine/render-worker.mjs). One job per worker at a time; jobs
 * wait in a queue. Workers start on first use (or on `warm()`), stay for the next document and
 * end after a minute idle, so a server does not keep their memory for nothing. A pending job keeps
 * the process alive; an idle worker does not.
 */

export type TWorkerRequest = { kind: "part"; part: TPart } | { kind: "merge"; model: TDocumentModel; parts: { part: TPart; pdf: Uint8Array }[] };
type TWorkerResponse = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; error: string } | { ready: true };

type TJob = { id: number; request: TWorkerRequest; resolve: (pdf: Uint8Array) => void; reject: (e: Error) => void };
type TSlot = { worker: Worker; job: TJob | null; idleTimer: NodeJS.Timeout | null; ready: Promise<void>; isReady: boolean };

const WORKER_FILE = workerFile("lib/documents/engine/render-worker.mjs");
/** More workers than cores only adds memory (a large part takes up to ~1 GB) without speed. */
const MAX_WORKERS = 4;
const IDLE_MS = 60_000;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
}

export class RenderPool {
  private readonly slots: TSlot[] = [];
  private readonly queue: TJob[] = [];
  private nextId = 1;

  constructor(readonly size: number = defaultPoolSize()) {}

  /**
   * Starts every worker now, so that loading react-pdf (about a second) overlaps other work.
   * With `warmUp`, each worker also renders a small sample part (engine/warmup.ts) so that V8 has
   * optimised react-pdf before the first real document: worth it at a server's start-up, not
   * just before a document is needed (it would only delay it). Resolves when every worker is
   * ready; nobody needs to wait for it, jobs queue meanwhile.
   */
  warm(options: { warmUp?: boolean } = {}): Promise<void> {
    while (this.slots.length < this.size) this.slots.push(this.spawn(options.warmUp ?? false));
    return Promise.all(this.slots.map((s) => s.ready)).then(() => undefined);
  }

  /** Workers that have loaded the renderer (and rendered the sample part when warmed up). */
  get readyWorkers(): number {
    return this.slots.filter((s) => s.isReady).length;
  }

  run(request: TWorkerRequest): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(warmUp = false): TSlot {
    const worker = new Worker(WORKER_FILE, {
      workerData: { warmUp },
      // react and react-pdf skip their development checks; the parent's NODE_ENV (e.g. "test") stays as it is.
      env: { ...process.env, NODE_ENV: "production" },
      // A larger young generation halves the garbage collector's share of a render (react-pdf allocates a lot of short-lived objects).
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    let resolveReady = () => {};
    const slot: TSlot = { worker, job: null, idleTimer: null, ready: new Promise((resolve) => (resolveReady = resolve)), isReady: false };
    const ready = () => {
      slot.isReady = true;
      resolveReady();
    };
    worker.unref();
    worker.on("message", (message: TWorkerResponse) => {
      if ("ready" in message) return ready();
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.finish(slot);
      if (message.ok) job.resolve(message.pdf);
      else job.reject(new Error(`document render failed in a worker: ${message.error}`));
    });
    const fail = (error: Error) => {
      ready();
      const job = slot.job;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.job = null;
      job?.reject(error);
      this.dispatch();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`document render worker exited with code ${code}`)));
    return slot;
  }

  private finish(slot: TSlot) {
    slot.job = null;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !slot.job) {
        this.slots.splice(index, 1);
        void slot.worker.terminate();
      }
    }, IDLE_MS);
    slot.idleTimer.unref();
    this.dispatch();
  }

  private dispatch() {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) {
        slot = this.spawn();
        this.slots.push(slot);
      }
      if (!slot) return;
      const job = this.queue.shift()!;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.job = job;
      slot.worker.ref();
      const transfer = job.request.kind === "merge" ? job.request.parts.map((p) => p.pdf.buffer as ArrayBuffer) : [];
      try {
        slot.worker.postMessage({ id: job.id, request: job.request }, transfer);
      } catch (e) {
        slot.job = null;
        job.reject(e as Error);
      }
    }
  }
}

let shared: RenderPool | undefined;

/** The process-wide pool the render functions use. */
export function getRenderPool(): RenderPool {
  shared ??= new RenderPool();
  return shared;
}
