import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getBaseline } from "../../lib/baseline/prime-plus";
import { buildUserProfile } from "../../lib/profile/build";
import { validateProfileSchema } from "../../lib/schemas/ajv";
import { buildTestbook } from "../../lib/testbook/build";
import { getCatalogue } from "../../lib/testbook/catalogue";
import { browserSession, launchBrowser, openPage, signUpOverHttp, startServer, type TBrowserSession } from "../e2e/harness";

/**
 * Prints the figures the issues set targets for (`npm run bench`). Timings are medians over
 * repeated runs after a warm-up; targets are printed next to the figures, never asserted.
 */
const root = join(import.meta.dirname, "../..");
const runs = Number(process.env.BENCH_RUNS ?? 200);
const line = (label: string, figures: string) => console.log(`${label.padEnd(62)} ${figures}`);
const readExample = (name: string) => JSON.parse(readFileSync(join(root, `profiles/examples/${name}.answers.json`), "utf8")) as unknown;

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `median ${at(0.5)} ms  p95 ${at(0.95)} ms  (${sorted.length} runs`;
}

function measure(label: string, fn: () => void, target?: string) {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  line(label, `${stats(times)}${target ? `, target ${target}` : ""})`);
}

async function benchAutosave() {
  if (!existsSync(join(root, ".next/BUILD_ID"))) {
    line("autosave round trip", "skipped: run `npm run build` first");
    return;
  }
  const server = await startServer();
  try {
    const cookie = await signUpOverHttp(server);
    const created = (await (await fetch(`${server.url}/api/questionnaires`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie }, body: "{}" })).json()) as { id: string; revision: number };
    const values = readExample("full");
    let revision = created.revision;
    const save = async () => {
      const response = await fetch(`${server.url}/api/questionnaires/${created.id}/draft`, {
        method: "PUT",
        headers: { "content-type": "application/json", origin: server.url, cookie },
        body: JSON.stringify({ revision, draft: { formatVersion: "1.0", step: "metering", values } }),
      });
      revision = ((await response.json()) as { revision: number }).revision;
    };
    for (let i = 0; i < 10; i++) await save();
    const times: number[] = [];
    const count = Math.min(runs, 100);
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await save();
      times.push(performance.now() - start);
    }
    line("autosave round trip (HTTP, full answers, embedded PGlite)", `${stats(times)}, target median < 50 ms)`);
    await benchStepSwitch(server.url, created.id, browserSession(server, cookie));
  } finally {
    await server.stop();
  }
}

/** Time from a click on a section in the questionnaire's progress list to that section on screen, in Chromium. */
async function benchStepSwitch(url: string, id: string, session: TBrowserSession) {
  const browser = await launchBrowser();
  try {
    const page = await openPage(browser, session);
    await page.goto(`${url}/questionnaires/${id}`);
    await page.getByRole("heading", { name: /PRIME\+ questionnaire/ }).waitFor();
    const sections = ["Technical electrical information", "Communication profiles", "Clients and access", "Security", "Energy and tariffs", "Regulatory limits", "Contact information"];
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const name of sections) {
        // A string, not a function: the TypeScript loader would add helpers the page does not have.
        const elapsed = (await page.evaluate(`(async () => {
          const button = Array.from(document.querySelectorAll("nav.progress li a")).find((b) => b.textContent.includes(${JSON.stringify(name)}));
          const start = performance.now();
          button.click();
          await new Promise((resolve) => {
            const check = () => (document.querySelector("#step-heading")?.textContent === ${JSON.stringify(name)} ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(check));
            check();
          });
          return performance.now() - start;
        })()`)) as number;
        times.push(elapsed);
      }
    }
    line("questionnaire step switch (click to painted section, Chromium)", `${stats(times)}, target < 100 ms)`);
  } finally {
    await browser.close();
  }
}

async function main() {
  const loadStart = performance.now();
  const baseline = getBaseline();
  line("baseline load and integrity check (cold)", `${(performance.now() - loadStart).toFixed(1)} ms, ${baseline.objects.length} objects`);
  const catalogueStart = performance.now();
  const catalogue = getCatalogue();
  line("testbook catalogue load (cold)", `${(performance.now() - catalogueStart).toFixed(1)} ms, ${catalogue.chapters.reduce((n, c) => n + c.cases.length, 0)} cases`);

  for (const name of ["single-phase-plc", "three-phase-hls-cellular", "full"]) {
    const answers = readExample(name);
    const profile = buildUserProfile(answers, baseline);
    measure(
      `profile ${name} (${profile.summary.objects} objects) build + schema validation`,
      () => {
        if (validateProfileSchema(buildUserProfile(answers, baseline)).length > 0) throw new Error("invalid profile");
      },
      name === "full" ? "median < 5 ms" : undefined,
    );
  }
  const fullProfile = buildUserProfile(readExample("full"), baseline);
  const fullTestbook = buildTestbook(fullProfile, catalogue);
  measure(`testbook full tailoring (${fullTestbook.summary.tests} tests, ${fullTestbook.summary.steps} steps)`, () => buildTestbook(fullProfile, catalogue), "median < 20 ms");

  await benchAutosave();
  if (existsSync(join(root, process.env.PRIME_PLUS_DIST_DIR || ".next", "BUILD_ID"))) await (await import("./load")).benchLoad();
  else line("load (200 users autosaving)", "skipped: run `npm run build` first");

  await (await import("./dlms")).benchDlms();
  await (await import("./p1")).benchP1();
  await (await import("./pages")).benchPages();
  await (await import("./conformance")).benchConformance();

  const documentsBench = join(import.meta.dirname, "documents.ts");
  if (existsSync(documentsBench)) {
    const { benchDocuments } = (await import("./documents")) as { benchDocuments: () => Promise<void> };
    await benchDocuments();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
