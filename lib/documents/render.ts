import type { TUserProfile } from "../profile/schema";
import type { TTestbook } from "../testbook/testbook-schema";
import { DEFAULT_CACHE_DIR, documentKey, getDocumentCache, type DocumentCache } from "./cache";
import type { TDocumentModel } from "./model";
import { renderModelPdf, type TPartMerger, type TPartRenderer } from "./pipeline";
import { getRenderPool, type RenderPool } from "./pool";
import { buildProfileDocument, type TProfileDocumentOptions } from "./profile-document";
import { buildTestbookDocument, type TTestbookDocumentOptions } from "./testbook-document";

/**
 * The PDF documents of a profile and of a testbook, as Buffers. Parts render in parallel worker
 * threads and are merged in a worker, so the calling thread (a request handler) stays free; the
 * result is cached by content hash in memory and on disk.
 *
 * Environments without worker threads use engine/in-thread.ts: the same parts, rendered one after
 * the other on the calling thread, give the same bytes.
 */

/** Part of every cache key: bump it whenever a change to lib/documents changes the output. */
export const RENDERER_VERSION = "1.5.0";

/** What engine/in-thread.ts provides; passed in, so that this module never loads react-pdf on the calling thread. */
export type TInThreadRenderer = { renderPart: TPartRenderer; mergeParts: (model: TDocumentModel, parts: Parameters<TPartMerger>[0]) => Promise<Uint8Array> };

export type TRenderOptions = {
  /** Directory of the on-disk cache; default `<os tmpdir>/prime-plus-documents`; null for memory only. */
  cacheDir?: string | null;
  /** Renders on the calling thread instead of the worker pool (see engine/in-thread.ts). */
  inThread?: TInThreadRenderer;
  /** The pool to use instead of the process-wide one (tests, benchmarks). */
  pool?: RenderPool;
  /** `hashJson(input)` when the caller already has it (stored with the record): spares hashing megabytes of JSON on every request. */
  inputHash?: string;
  /** The cache to use instead of the one of `cacheDir` (a server's shared store). */
  cache?: DocumentCache;
  /** Runs a render that the cache could not spare (a server bounds how many run at once). */
  admit?: (render: () => Promise<Buffer>) => Promise<Buffer>;
};

export type TProfilePdfOptions = TProfileDocumentOptions & TRenderOptions;
export type TTestbookPdfOptions = TTestbookDocumentOptions & TRenderOptions;

async function renderWithPool(model: TDocumentModel, pool: RenderPool): Promise<Buffer> {
  // Parts go to the workers; the merge too, since it parses and writes the whole file.
  const pdf = await renderModelPdf(model, (part) => pool.run({ kind: "part", part }), (parts) => pool.run({ kind: "merge", model, parts }));
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

async function renderCached(kind: TDocumentModel["kind"], input: object, documentOptions: Record<string, unknown>, options: TRenderOptions, build: () => TDocumentModel): Promise<Buffer> {
  const key = documentKey(kind, RENDERER_VERSION, input, documentOptions, options.inputHash);
  const cache = options.cache ?? getDocumentCache(options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir);
  const admit = options.admit ?? ((render: () => Promise<Buffer>) => render());
  const pdf = await cache.getOrRender(key, () => admit(() => {
    const inThread = options.inThread;
    if (inThread) {
      const model = build();
      return renderModelPdf(model, inThread.renderPart, (parts) => inThread.mergeParts(model, parts)).then((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    }
    const pool = options.pool ?? getRenderPool();
    // Workers that are not running yet start loading the renderer while this thread builds the model.
    void pool.warm();
    return renderWithPool(build(), pool);
  }));
  // A copy: the cached bytes must survive a caller that writes into its buffer.
  return Buffer.from(pdf);
}

export async function renderProfilePdf(profile: TUserProfile, options: TProfilePdfOptions = {}): Promise<Buffer> {
  // Only what changes the document goes into the cache key.
  const documentOptions: TProfileDocumentOptions = { answersVersion: options.answersVersion, generatedAt: options.generatedAt, groupNames: options.groupNames };
  return renderCached("profile", profile, documentOptions, options, () => buildProfileDocument(profile, documentOptions));
}

export async function renderTestbookPdf(testbook: TTestbook, options: TTestbookPdfOptions = {}): Promise<Buffer> {
  const documentOptions: TTestbookDocumentOptions = { generatedAt: options.generatedAt, maxTestsPerRequirement: options.maxTestsPerRequirement };
  return renderCached("testbook", testbook, documentOptions, options, () => buildTestbookDocument(testbook, documentOptions));
}

/**
 * A document built elsewhere (the conformance run report), rendered once: such a document is made
 * of one run's results and never asked for twice, so it is not cached.
 */
export async function renderDocumentPdf(model: TDocumentModel, options: Pick<TRenderOptions, "inThread" | "pool"> = {}): Promise<Buffer> {
  const inThread = options.inThread;
  if (inThread) {
    const pdf = await renderModelPdf(model, inThread.renderPart, (parts) => inThread.mergeParts(model, parts));
    return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }
  const pool = options.pool ?? getRenderPool();
  void pool.warm();
  return renderWithPool(model, pool);
}

/** Starts the render workers ahead of the first document; a server at start-up passes `warmUp: true` (see RenderPool.warm). */
export function warmRenderPool(options: { warmUp?: boolean } = {}): void {
  void getRenderPool().warm(options);
}
