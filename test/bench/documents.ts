import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { PDFDocument } from "pdf-lib";
import { chromium } from "playwright-core";
import { RenderPool } from "../../lib/documents/pool";
import { hashJson } from "../../lib/json/canonical";
import { buildProfileDocument } from "../../lib/documents/profile-document";
import { modelHtml, modelPrintTemplates } from "../../lib/documents/profile-html";
import { renderProfilePdf, renderTestbookPdf } from "../../lib/documents/render";
import type { TUserProfile } from "../../lib/profile/schema";
import { buildTestbook } from "../../lib/testbook/build";
import { getCatalogue } from "../../lib/testbook/catalogue";

/**
 * PDF generation figures for the `full` example: the user profile and the testbook with
 * react-pdf (parts in parallel worker threads, merged with pdf-lib), and the same profile content
 * printed by headless Chromium. Printed, never asserted; a missed target is printed as MISS.
 *
 * Three ways a document is made without the cache:
 * - "fresh process": the first document of a new process, as the CLI makes it: the workers start
 *   (loading react-pdf) and V8 runs react-pdf unoptimised at first;
 * - "server": the first document of a server, whose workers started and rendered a small sample
 *   at start-up (instrumentation.ts), as a profile submitted to a new server is pre-rendered;
 * - "warm": a document the running server has not rendered before, after others.
 * "cached" is the same request again: with the same object, with an equal copy (the cache key
 * hashes the canonical JSON of the input), and with the input hash passed by the caller, as the
 * server does.
 */
const root = join(import.meta.dirname, "../..");
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);
const ms = (t: number) => `${t.toFixed(t < 100 ? 1 : 0)} ms`;
const verdict = (value: number, target: number) => (value < target ? "ok" : "MISS");

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

const pageCount = async (pdf: Uint8Array) => (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();

async function chromiumPrint(profile: TUserProfile): Promise<{ launchMs: number; printMs: number; pages: number }> {
  const launch = await time(() =>
    chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
  );
  const browser = launch.value;
  try {
    const model = buildProfileDocument(profile, { answersVersion: 1, generatedAt: "2026-01-01" });
    const print = await time(async () => {
      const page = await browser.newPage();
      await page.setContent(modelHtml(model), { waitUntil: "load" });
      const pdf = await page.pdf({ format: "A4", displayHeaderFooter: true, ...modelPrintTemplates(model), margin: { top: "56px", bottom: "50px", left: "42px", right: "42px" } });
      await page.close();
      return pdf;
    });
    return { launchMs: launch.ms, printMs: print.ms, pages: await pageCount(print.value) };
  } finally {
    await browser.close();
  }
}

type TRender = (input: object, options: { pool: RenderPool; generatedAt: string; cacheDir: string; inputHash?: string }) => Promise<Buffer>;
type TFigures = { fresh: number; server: number; warm: number };

/**
 * The three uncached ways and the cached ones for one document. Each way has its own generation
 * date, so its own cache entry.
 */
async function benchDocument(label: string, input: object, render: TRender, target: number, cacheDir: string): Promise<TFigures> {
  const fresh = new RenderPool();
  const server = new RenderPool();
  try {
    const options = (pool: RenderPool, generatedAt: string) => ({ pool, generatedAt, cacheDir });
    const cold = await time(() => render(input, options(fresh, "2026-01-01")));
    const pages = await pageCount(cold.value);
    const cached = await time(() => render(input, options(fresh, "2026-01-01")));
    const copy = JSON.parse(JSON.stringify(input)) as object;
    const cachedCopy = await time(() => render(copy, options(fresh, "2026-01-01")));
    // Computed once and stored with the record, as the server does.
    const inputHash = hashJson(input);
    const cachedHash = await time(() => render(copy, { ...options(fresh, "2026-01-01"), inputHash }));
    const warm = await time(() => render(input, options(fresh, "2026-01-02")));
    await fresh.close();
    await server.warm({ warmUp: true });
    const first = await time(() => render(input, options(server, "2026-01-03")));
    const rate = (t: number) => `${(pages / (t / 1000)).toFixed(1)} pages/s`;
    const goal = (t: number) => `target < ${target} ms: ${verdict(t, target)}`;
    line(`${label} (${pages} pages), fresh process`, `${ms(cold.ms)}  ${rate(cold.ms)}  ${goal(cold.ms)}`);
    line(`${label}, server (workers warmed at start)`, `${ms(first.ms)}  ${rate(first.ms)}  ${goal(first.ms)}`);
    line(`${label}, warm (new content)`, `${ms(warm.ms)}  ${rate(warm.ms)}  ${goal(warm.ms)}`);
    line(`${label}, cached (same object)`, `${ms(cached.ms)}  target < 50 ms: ${verdict(cached.ms, 50)}  identical bytes: ${cached.value.equals(cold.value)}`);
    line(`${label}, cached (equal copy: key hashed)`, `${ms(cachedCopy.ms)}  target < 50 ms: ${verdict(cachedCopy.ms, 50)}`);
    line(`${label}, cached (input hash given: the server)`, `${ms(cachedHash.ms)}  target < 50 ms: ${verdict(cachedHash.ms, 50)}`);
    return { fresh: cold.ms, server: first.ms, warm: warm.ms };
  } finally {
    await fresh.close();
    await server.close();
  }
}

export async function benchDocuments(): Promise<void> {
  const profile = JSON.parse(readFileSync(join(root, "profiles/examples/full.profile.json"), "utf8")) as TUserProfile;
  const testbook = buildTestbook(profile, getCatalogue());
  const cacheDir = mkdtempSync(join(tmpdir(), "prime-plus-bench-"));
  line("document workers", `${new RenderPool().size} (CPUs: ${availableParallelism()})`);
  try {
    const figures = await benchDocument("profile PDF full", profile, (input, options) => renderProfilePdf(input as TUserProfile, { ...options, answersVersion: 1 }), 3000, cacheDir);
    const chrome = await chromiumPrint(profile);
    line(`Chromium print of the same content (${chrome.pages} pages)`, `${ms(chrome.printMs)} (+ ${ms(chrome.launchMs)} browser launch)`);
    const ratio = (t: number) => (t / chrome.printMs).toFixed(2);
    line("react-pdf / Chromium print time", `warm ${ratio(figures.warm)}x, server ${ratio(figures.server)}x  target <= 1: ${verdict(Math.max(figures.warm, figures.server), chrome.printMs + 1e-9)}`);
    line("  from a fresh process: workers start / Chromium launches", `${(figures.fresh / (chrome.launchMs + chrome.printMs)).toFixed(2)}x`);
    line("testbook full", `${testbook.summary.tests} tests, ${testbook.summary.steps} steps`);
    await benchDocument("testbook PDF full", testbook, (input, options) => renderTestbookPdf(input as typeof testbook, options), 5000, cacheDir);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchDocuments().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
