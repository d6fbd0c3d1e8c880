import "server-only";
import { Duplex } from "node:stream";
import { Worker } from "node:worker_threads";
import { Pool } from "pg";
import { workerFile } from "../workers/file";

/**
 * The embedded PGlite in a thread of its own (lib/workers/pglite-worker.mjs), reached over the
 * PostgreSQL wire protocol: `connection()` gives a stream that node-postgres uses as its socket.
 * The thread runs one connection's query at a time; a transaction keeps the database to its
 * connection until it ends, and a connection that closes in one rolls it back.
 */
type TFromWorker =
  | { kind: "ready" }
  | { kind: "bytes"; connection: number; data: Uint8Array }
  | { kind: "failed"; connection: number; error: string };

/** A node-postgres socket whose other end is the database thread. */
class ThreadConnection extends Duplex {
  constructor(
    private readonly thread: PGliteThread,
    readonly id: number,
  ) {
    super();
  }

  connect(): this {
    process.nextTick(() => this.emit("connect"));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    this.thread.hold(this, true);
    return this;
  }

  unref(): this {
    this.thread.hold(this, false);
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.thread.send(this.id, chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.push(null);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.thread.ended(this);
    done(error);
  }
}

const threadEnded = () => new Error("The embedded database's thread ended: restart the server.");

export class PGliteThread {
  private readonly connections = new Map<number, ThreadConnection>();
  private readonly held = new Set<ThreadConnection>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (message: TFromWorker) => this.received(message));
    worker.on("error", (e) => this.failAll(e));
    worker.on("exit", () => {
      this.exited = true;
      this.failAll(threadEnded());
    });
    worker.unref();
  }

  /** Opens the database in `dataDir` (in memory without one); resolves once it accepts connections. */
  static start(dataDir: string | undefined): Promise<PGliteThread> {
    const worker = new Worker(workerFile("lib/workers/pglite-worker.mjs"), { workerData: { dataDir } });
    return new Promise((resolve, reject) => {
      const failed = (e: Error) => reject(e);
      worker.once("error", failed);
      worker.once("message", (message: TFromWorker) => {
        worker.off("error", failed);
        if (message.kind === "ready") resolve(new PGliteThread(worker));
        else reject(new Error("The embedded database did not start."));
      });
    });
  }

  /**
   * A node-postgres pool on the database. Several connections, so that one's query runs while
   * the request thread reads another's answer; PGlite's one role and database are `postgres`.
   */
  pool(): Pool {
    return new Pool({ max: 4, user: "postgres", database: "postgres", stream: () => this.connection(), allowExitOnIdle: true });
  }

  /** A new connection, for node-postgres's `stream` option. */
  connection(): Duplex {
    const connection = new ThreadConnection(this, this.nextId++);
    // A thread that ended answers nothing: its connections fail at once instead of waiting forever.
    if (this.exited) {
      process.nextTick(() => connection.destroy(threadEnded()));
      return connection;
    }
    this.connections.set(connection.id, connection);
    this.hold(connection, true);
    return connection;
  }

  /** Stops the database after its pending work; the pool must have been ended first. */
  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      this.worker.ref();
      this.worker.once("exit", () => resolve());
      this.worker.postMessage({ kind: "close" });
    });
    return this.closing;
  }

  /** @internal The bytes a connection writes. */
  send(connection: number, chunk: Buffer): void {
    const data = new Uint8Array(chunk.byteLength);
    data.set(chunk);
    this.worker.postMessage({ kind: "bytes", connection, data }, [data.buffer]);
  }

  /** @internal A connection that ended: the thread rolls back its transaction, if one is open. */
  ended(connection: ThreadConnection): void {
    if (!this.connections.delete(connection.id)) return;
    this.hold(connection, false);
    this.worker.postMessage({ kind: "end", connection: connection.id });
  }

  /** @internal A connection in use keeps the process alive, as a socket would; an idle one does not. */
  hold(connection: ThreadConnection, hold: boolean): void {
    if (hold && this.connections.has(connection.id)) this.held.add(connection);
    else this.held.delete(connection);
    if (this.held.size > 0 || this.closing) this.worker.ref();
    else this.worker.unref();
  }

  private received(message: TFromWorker) {
    if (message.kind === "bytes") this.connections.get(message.connection)?.push(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
    else if (message.kind === "failed") this.connections.get(message.connection)?.destroy(new Error(`The embedded database failed: ${message.error}`));
  }

  private failAll(error: Error) {
    for (const connection of [...this.connections.values()]) connection.destroy(error);
  }
}
