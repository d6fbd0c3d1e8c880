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
 * "cold" is the first document of a new process: the workers start (loading tsx and react-pdf)
 * and V8 runs react-pdf unoptimised at first. "new content, warm pool" is what a running server
 * sees for a document it has not rendered yet. "cached" is the same request again: with the
 * same object, with an equal copy (the cache key hashes the canonical JSON of the input), and with
 * the input hash passed by the caller.
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

export async function benchDocuments(): Promise<void> {
  const profile = JSON.parse(readFileSync(join(root, "profiles/examples/full.profile.json"), "utf8")) as TUserProfile;
  const testbook = buildTestbook(profile, getCatalogue());
  const cacheDir = mkdtempSync(join(tmpdir(), "prime-plus-bench-"));
  const pool = new RenderPool();
  line("document workers", `${pool.size} (CPUs: ${availableParallelism()})`);
  try {
    const options = { answersVersion: 1, generatedAt: "2026-01-01", cacheDir, pool };
    const cold = await time(() => renderProfilePdf(profile, options));
    const pages = await pageCount(cold.value);
    const cached = await time(() => renderProfilePdf(profile, options));
    const copy = JSON.parse(JSON.stringify(profile)) as TUserProfile;
    const cachedCopy = await time(() => renderProfilePdf(copy, options));
    const cachedHash = await time(() => renderProfilePdf(copy, { ...options, inputHash: hashJson(profile) }));
    const warm = await time(() => renderProfilePdf(profile, { ...options, generatedAt: "2026-01-02" }));
    line(`profile PDF full (${pages} pages), cold: new workers`, `${ms(cold.ms)}  ${(pages / (cold.ms / 1000)).toFixed(1)} pages/s  target < 3000 ms: ${verdict(cold.ms, 3000)}`);
    line("profile PDF full, new content, warm pool", `${ms(warm.ms)}  ${(pages / (warm.ms / 1000)).toFixed(1)} pages/s  target < 3000 ms: ${verdict(warm.ms, 3000)}`);
    line("profile PDF full, cached (same object)", `${ms(cached.ms)}  target < 50 ms: ${verdict(cached.ms, 50)}  identical bytes: ${cached.value.equals(cold.value)}`);
    line("profile PDF full, cached (equal copy: key hashed)", `${ms(cachedCopy.ms)}  target < 50 ms: ${verdict(cachedCopy.ms, 50)}`);
    line("profile PDF full, cached (input hash given)", `${ms(cachedHash.ms)}  target < 50 ms: ${verdict(cachedHash.ms, 50)}`);

    const chrome = await chromiumPrint(profile);
    line(`Chromium print of the same content (${chrome.pages} pages)`, `${ms(chrome.printMs)} (+ ${ms(chrome.launchMs)} browser launch)`);
    line(
      "react-pdf / Chromium print time",
      `cold ${(cold.ms / chrome.printMs).toFixed(2)}x, warm pool ${(warm.ms / chrome.printMs).toFixed(2)}x  target <= 1: ${verdict(warm.ms, chrome.printMs + 1e-9)}`,
    );

    const coldPool = new RenderPool();
    try {
      const tbOptions = { generatedAt: "2026-01-01", cacheDir, pool: coldPool };
      const tbCold = await time(() => renderTestbookPdf(testbook, tbOptions));
      const tbPages = await pageCount(tbCold.value);
      const tbCached = await time(() => renderTestbookPdf(testbook, tbOptions));
      const tbCopy = JSON.parse(JSON.stringify(testbook)) as typeof testbook;
      const tbCachedCopy = await time(() => renderTestbookPdf(tbCopy, tbOptions));
      const tbHash = hashJson(testbook);
      const tbCachedHash = await time(() => renderTestbookPdf(tbCopy, { ...tbOptions, inputHash: tbHash }));
      const tbWarm = await time(() => renderTestbookPdf(testbook, { ...tbOptions, generatedAt: "2026-01-02" }));
      const s = testbook.summary;
      line(`testbook PDF full (${s.tests} tests, ${s.steps} steps, ${tbPages} pages), cold`, `${ms(tbCold.ms)}  ${(tbPages / (tbCold.ms / 1000)).toFixed(1)} pages/s  target < 5000 ms: ${verdict(tbCold.ms, 5000)}`);
      line("testbook PDF full, new content, warm pool", `${ms(tbWarm.ms)}  ${(tbPages / (tbWarm.ms / 1000)).toFixed(1)} pages/s  target < 5000 ms: ${verdict(tbWarm.ms, 5000)}`);
      line("testbook PDF full, cached (same object)", `${ms(tbCached.ms)}  target < 50 ms: ${verdict(tbCached.ms, 50)}`);
      line("testbook PDF full, cached (equal copy: key hashed)", `${ms(tbCachedCopy.ms)}  target < 50 ms: ${verdict(tbCachedCopy.ms, 50)}`);
      line("testbook PDF full, cached (input hash given)", `${ms(tbCachedHash.ms)}  target < 50 ms: ${verdict(tbCachedHash.ms, 50)}`);
    } finally {
      await coldPool.close();
    }
  } finally {
    await pool.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchDocuments().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
