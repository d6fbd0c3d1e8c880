import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, hashJson, sha256Hex } from "../json/canonical";

/**
 * Rendered documents by content hash: in memory (bounded, least recently used first out) and on
 * disk, so a second request, even after a restart, skips the render. Concurrent requests for
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

export class DocumentCache {
  private readonly memory = new Map<string, Buffer>();
  private memoryBytes = 0;
  private readonly pending = new Map<string, Promise<Buffer>>();

  constructor(readonly dir: string | null) {}

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
    const file = this.dir ? join(this.dir, `${key}.pdf`) : null;
    if (file) {
      const bytes = await readFile(file).catch(() => null);
      if (bytes && looksWhole(bytes)) {
        this.remember(key, bytes);
        return bytes;
      }
    }
    const bytes = await render();
    this.remember(key, bytes);
    if (file) await this.store(file, bytes);
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

  /** Written under a temporary name and renamed, so a reader never sees half a file. A full or read-only disk only costs the disk copy. */
  private async store(file: string, bytes: Buffer) {
    try {
      await mkdir(this.dir!, { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    } catch (e) {
      console.warn(`document cache: could not write ${file}: ${(e as Error).message}`);
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
