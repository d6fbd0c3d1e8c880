import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { browserSession, launchBrowser, openPage, signUpOverHttp, startServer } from "../e2e/harness";

/**
 * Profile pages that must stay fast (issue 13): the Objects page of the full example profile,
 * its HTML size (target under 150 KB) and its first paint in Chromium (target under 1 s),
 * median of repeated cold loads in fresh browser contexts. Printed, never asserted.
 */
const root = join(import.meta.dirname, "../..");
const LOADS = 7;
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function submitExample(url: string, name: string, cookie: string): Promise<string> {
  const answers = readFileSync(join(root, `profiles/examples/${name}.answers.json`), "utf8");
  const headers = { "content-type": "application/json", origin: url, cookie };
  const created = await fetch(`${url}/api/questionnaires/import`, { method: "POST", headers, body: answers });
  const { id, revision } = (await created.json()) as { id: string; revision: number };
  const submitted = await fetch(`${url}/api/questionnaires/${id}/submit`, { method: "POST", headers, body: JSON.stringify({ revision }) });
  return ((await submitted.json()) as { versionId: string }).versionId;
}

export async function benchPages(): Promise<void> {
  if (!existsSync(join(root, ".next/BUILD_ID"))) {
    line("profile Objects page", "skipped: run `npm run build` first");
    return;
  }
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const cookie = await signUpOverHttp(server);
    const versionId = await submitExample(server.url, "full", cookie);
    const pageUrl = `${server.url}/profiles/${versionId}/objects`;
    const html = Buffer.from(await (await fetch(pageUrl, { headers: { cookie } })).arrayBuffer());
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    line("profile Objects page, full example: HTML", `${kb(html.length)} (${kb(gzipSync(html).length)} gzip), target < 150 KB: ${html.length < 150 * 1024 ? "ok" : "MISS"}`);

    const paints: number[] = [];
    let height = 0;
    for (let i = 0; i < LOADS; i++) {
      const page = await openPage(browser, browserSession(server, cookie));
      await page.goto(pageUrl, { waitUntil: "load" });
      // A string, not a function: the TypeScript loader would add helpers the page does not have.
      const paint = (await page.evaluate(`(async () => {
        for (let i = 0; i < 100; i++) {
          const entry = performance.getEntriesByName("first-contentful-paint")[0];
          if (entry) return entry.startTime;
          await new Promise((r) => setTimeout(r, 20));
        }
        return NaN;
      })()`)) as number;
      height = (await page.evaluate("document.documentElement.scrollHeight")) as number;
      paints.push(paint);
      await page.context().close();
    }
    const first = median(paints);
    line("profile Objects page, full example: first contentful paint", `median ${first.toFixed(0)} ms over ${LOADS} cold loads, page ${height} px tall, target < 1000 ms: ${first < 1000 ? "ok" : "MISS"}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
