import "server-only";
import type { TDatabase } from "./db";
import { UnavailableError } from "./errors";
import type { Prisma } from "./generated/prisma/client";

/**
 * Multi-statement transactions. PostgreSQL runs them side by side on its own connections and
 * settles races with row locks. The embedded PGlite has one connection: a transaction holds it
 * whole, so transactions are queued here, one at a time, and Prisma is given time enough for a
 * turn. A queue longer than a busy moment is refused with a 503 at once instead of piling up.
 */
const MAX_WAITING = 64;
const MAX_WAIT_MS = 15_000;
const BUSY = "The server is busy with other changes to the embedded database. Nothing was changed; please try again in a moment.";

type TQueue = { tail: Promise<void>; waiting: number };
const queues = new WeakMap<object, TQueue>();

async function inTurn<T>(key: object, run: () => Promise<T>): Promise<T> {
  let queue = queues.get(key);
  if (!queue) {
    queue = { tail: Promise.resolve(), waiting: 0 };
    queues.set(key, queue);
  }
  if (queue.waiting >= MAX_WAITING) throw new UnavailableError(BUSY, 2);
  const q = queue;
  const previous = q.tail;
  let release!: () => void;
  q.tail = new Promise<void>((resolve) => (release = resolve));
  q.waiting++;
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), MAX_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!waited) {
      // Our turn still comes after `previous`: pass it on rather than break the chain.
      void previous.then(release);
      throw new UnavailableError(BUSY, 5);
    }
    try {
      return await run();
    } finally {
      release();
    }
  } finally {
    q.waiting--;
  }
}

/** Runs `run` in one transaction: every query in it must go through `tx`, never `db.prisma`. */
export function transaction<T>(db: TDatabase, run: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (db.kind === "postgresql") return db.prisma.$transaction(run);
  return inTurn(db.prisma, () => db.prisma.$transaction(run, { maxWait: MAX_WAIT_MS, timeout: 30_000 }));
}
