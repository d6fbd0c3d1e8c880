import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, hashJson, sha256Hex } from "../json/canonical";

/**
 * Rendered documents by content hash: in memory (bounded, least recently used first out) and in
 * a store (a folder or a shared table), so a second request, even after a restart or on another
 * server, skips the render. Concurrent requests for
 * the same key share one render.
 */

export const DEFAULT_CACHE_DIR = join(tmpdir(), "prime-plus-documents");
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/**
 * The cache key: sha256 of the document kind, the renderer version, the options and the hash of
 * the input, which is `hashJson(input)` (sha256 of its canonical JSON: keys sorted at every level,
 * so a profile read back from a jsonb column with its keys reordered still hits). Hashing takes
 * about 15 ms for the full profile and 40 ms for the full testbook (8 MB of JSON) on the 2-core
 * machine measured, so a caller that stored `hashJson(input)` with the record may pass it instead.
 * Not memoised per object: a caller may change an object in place.
 */
export function documentKey(kind: string, rendererVersion: string, input: object, options: Record<string, unknown>, inputHash: string = hashJson(input)): string {
  return sha256Hex(`${canonicalJson({ kind, rendererVersion, options })}\n${inputHash}`);
}

/** A PDF read back from disk is used only if it is whole: a crash while writing leaves no half file, but a disk can. */
const looksWhole = (bytes: Buffer) => bytes.subarray(0, 5).toString("latin1") === "%PDF-" && bytes.subarray(-8).toString("latin1").includes("%%EOF");

/**
 * Where rendered documents are kept beyond this process's memory, by cache key: a folder (one
 * server, and the CLI) or a database table that several servers share (see lib/server/documents.ts).
 */
export type TDocumentStore = {
  read(key: string): Promise<Buffer | null>;
  write(key: string, bytes: Buffer): Promise<void>;
};

/** Documents as files named by their key, written under a temporary name and renamed, so a reader never sees half a file. */
export function folderStore(dir: string): TDocumentStore {
  return {
    async read(key) {
      return readFile(join(dir, `${key}.pdf`)).catch(() => null);
    },
    async write(key, bytes) {
      const file = join(dir, `${key}.pdf`);
      await mkdir(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    },
  };
}

export class DocumentCache {
  private readonly memory = new Map<string, Buffer>();
  private memoryBytes = 0;
  private readonly pending = new Map<string, Promise<Buffer>>();
  private readonly store: TDocumentStore | null;

  /** `store` is a folder's path, a store, or null to keep documents in memory only. */
  constructor(store: string | TDocumentStore | null) {
    this.store = typeof store === "string" ? folderStore(store) : store;
  }

  /** The cached document, or the one `render` makes (once, however many callers ask at the same time). */
  async getOrRender(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.memory.get(key);
    if (hit) {
      // Map order is the eviction order: a hit moves to the back.
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const running = this.pending.get(key);
    if (running) return running;
    const job = this.load(key, render).finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }

  private async load(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    if (this.store) {
      const bytes = await this.store.read(key).catch(() => null);
      if (bytes && looksWhole(bytes)) {
        this.remember(key, bytes);
        return bytes;
      }
    }
    const bytes = await render();
    this.remember(key, bytes);
    if (this.store) await this.keep(key, bytes);
    return bytes;
  }

  private remember(key: string, bytes: Buffer) {
    if (bytes.length > MAX_MEMORY_BYTES / 4) return;
    this.memory.set(key, bytes);
    this.memoryBytes += bytes.length;
    for (const [k, v] of this.memory) {
      if (this.memoryBytes <= MAX_MEMORY_BYTES) break;
      this.memory.delete(k);
      this.memoryBytes -= v.length;
    }
  }

  /** A full or read-only disk, or a database that refuses, only costs the stored copy. */
  private async keep(key: string, bytes: Buffer) {
    try {
      await this.store!.write(key, bytes);
    } catch (e) {
      console.warn(`document cache: could not store ${key}: ${(e as Error).message}`);
    }
  }
}

const caches = new Map<string, DocumentCache>();

/** One cache per directory in the process, so that callers passing the same directory share renders in progress. */
export function getDocumentCache(dir: string | null): DocumentCache {
  const name = dir ?? "";
  let cache = caches.get(name);
  if (!cache) {
    cache = new DocumentCache(dir);
    caches.set(name, cache);
  }
  return cache;
}
