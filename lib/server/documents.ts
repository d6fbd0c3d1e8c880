import "server-only";
import { DocumentCache, type TDocumentStore } from "../documents/cache";
import { renderProfilePdf, renderTestbookPdf, type TRenderOptions } from "../documents/render";
import { getBaseline } from "../baseline/prime-plus";
import { getDatabase } from "./db";
import { UnavailableError } from "./errors";
import { log } from "./log";
import { testbookOf, type TLoadedVersion } from "./profiles";

/**
 * Rendered documents are kept in the database (table document_cache, by the same content-hash
 * keys as in memory), so a restart keeps them and every server on one PostgreSQL database
 * renders a document once for all of them.
 */
const databaseStore: TDocumentStore = {
  async read(key) {
    const row = await (await getDatabase()).prisma.documentCacheEntry.findUnique({ where: { key }, select: { bytes: true } });
    return row ? Buffer.from(row.bytes) : null;
  },
  async write(key, bytes) {
    await (await getDatabase()).prisma.documentCacheEntry.upsert({ where: { key }, create: { key, bytes: new Uint8Array(bytes) }, update: {} });
  },
};
const holder = globalThis as unknown as { __primePlusDocuments?: DocumentCache };
const cache = () => (holder.__primePlusDocuments ??= new DocumentCache(databaseStore));

/**
 * Renders that no cache spares, at most this many at once: one large document takes about a
 * core and a gigabyte for seconds. A person asking past the limit is told to retry (503 with
 * Retry-After) rather than left waiting on a hang; pre-renders wait their turn.
 */
export const MAX_RENDERS = 2;

/** At most `max` renders at once: past it, `run` refuses (503) unless told to wait for a turn. */
export function renderTurns(max: number) {
  let running = 0;
  const turns: (() => void)[] = [];
  return async function run(render: () => Promise<Buffer>, wait: boolean): Promise<Buffer> {
    if (running >= max) {
      if (!wait) throw new UnavailableError("The server is preparing other documents right now. This one will be ready shortly: please try again in a few seconds.", 10);
      await new Promise<void>((resolve) => turns.push(resolve));
    } else {
      running++;
    }
    try {
      return await render();
    } finally {
      // The turn passes to a waiting pre-render, or is given back.
      const next = turns.shift();
      if (next) next();
      else running--;
    }
  };
}
const inRenderTurn = renderTurns(MAX_RENDERS);

const renderOptions = (wait: boolean): TRenderOptions => ({ cache: cache(), admit: (render) => inRenderTurn(render, wait) });

export function profilePdf(version: TLoadedVersion, options: { wait?: boolean } = {}): Promise<Buffer> {
  return renderProfilePdf(version.profile, {
    answersVersion: version.number,
    generatedAt: version.createdAt,
    groupNames: Object.fromEntries(getBaseline().groups.map((g) => [g.id, g.name])),
    inputHash: version.profile.id,
    ...renderOptions(options.wait ?? false),
  });
}

export function testbookPdf(version: TLoadedVersion, options: { wait?: boolean } = {}): Promise<Buffer> {
  const testbook = testbookOf(version.profile);
  return renderTestbookPdf(testbook, { generatedAt: version.createdAt, inputHash: testbook.id, ...renderOptions(options.wait ?? false) });
}

/** Renders both documents of a new version in the background, so that a person never waits for them. */
export function prerenderDocuments(version: TLoadedVersion): void {
  void profilePdf(version, { wait: true })
    .then(() => testbookPdf(version, { wait: true }))
    .catch((e: unknown) => log.error({ error: e instanceof Error ? e.name : typeof e, versionId: version.id }, "pre-rendering the documents of a version failed"));
}
