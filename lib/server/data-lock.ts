import { hostname } from "node:os";
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";

/**
 * One process at a time opens an embedded database folder. Two PGlite instances on one folder
 * each run happily on their own copy in memory and overwrite each other's files, so the second
 * would lose the first one's data. The lock is a file next to the folder holding the owner's
 * pid; a lock whose process is gone (killed with -9, a crash) is stale and taken over.
 */
export class DataFolderLockedError extends Error {
  constructor(readonly folder: string, readonly holder: TLockHolder) {
    super(
      `The embedded database in ${folder} is in use by process ${holder.pid}${holder.command ? ` (${holder.command})` : ""} since ${holder.since}. ` +
        `Only one process may open it: stop that process first, or set PRIME_PLUS_DATA_DIR to another folder.`,
    );
    this.name = "DataFolderLockedError";
  }
}

export type TLockHolder = { pid: number; host: string; since: string; command: string };
export type TDataLock = { file: string; release: () => void };

/** Lock files this process holds: a pid found in a lock file is ours only if it is listed here (a container restarts with the same pid). */
const held = globalThis as unknown as { __primePlusLocks?: Set<string> };
const heldLocks = () => (held.__primePlusLocks ??= new Set());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): TLockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<TLockHolder>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, host: String(parsed.host ?? ""), since: String(parsed.since ?? ""), command: String(parsed.command ?? "") } : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs: on this host, by its pid (ours counts only when this process took the lock). */
function holderRuns(holder: TLockHolder, file: string): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldLocks().has(file);
  return alive(holder.pid);
}

/** Takes the lock of `folder` for this process, or throws DataFolderLockedError naming the holder. */
export function lockDataFolder(folder: string, command: string): TDataLock {
  const file = `${folder.replace(/\/+$/, "")}.lock`;
  const me: TLockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      heldLocks().add(file);
      const release = () => {
        if (!heldLocks().delete(file)) return;
        if (readHolder(file)?.pid === process.pid) unlinkSync(file);
      };
      process.once("exit", release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(file);
    // A file without a readable holder is one being written this instant, or a torn write after a crash.
    if (holder && holderRuns(holder, file)) throw new DataFolderLockedError(folder, holder);
    if (!holder && attempt < 2) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    try {
      unlinkSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  throw new Error(`Could not take the lock ${file} of the embedded database in ${folder}.`);
}
