import AxeBuilder from "@axe-core/playwright";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toCsv } from "@/lib/export/csv";
import { TESTBOOK_CSV_COLUMNS } from "@/lib/export/testbook-csv";
import { readCsvRows } from "../helpers/csv";
import { tempDir } from "../helpers/temp-dir";
import { firstOwner, launchBrowser, openPage, startServer, type TBrowserSession, type TServer } from "./harness";

/**
 * A laboratory's journey in Chromium: the owner gives it the read-only share link and a results
 * link; it opens the share link, downloads the testbook.csv, fills in its results, opens the
 * results link, uploads the CSV and sees its verdicts next to the set it sent before.
 */
const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let server: TServer;
let browser: Browser;
let versionId: string;
let sharedUrl: string;
let resultsUrl: string;
let tests: string[];
let session: TBrowserSession;

const api = (path: string) => `${server.url}/api${path}`;
const postJson = (path: string, body: unknown, cookie?: string) =>
  fetch(api(path), { method: "POST", headers: { "content-type": "application/json", origin: server.url, ...(cookie ? { cookie } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ session } = await firstOwner(browser, server));
  const imported = (await (await postJson("/questionnaires/import", readFileSync(join(EXAMPLES, "three-phase-hls-cellular.answers.json"), "utf8"), session.header)).json()) as { id: string; revision: number };
  const submitted = (await (await postJson(`/questionnaires/${imported.id}/submit`, { revision: imported.revision }, session.header)).json()) as { versionId: string };
  versionId = submitted.versionId;

  // The owner creates the laboratory's results link on the testbook page, and shares the profile.
  const owner = await openPage(browser, session);
  await owner.goto(`${server.url}/profiles/${versionId}/testbook`);
  await owner.getByLabel("Laboratory name").fill("Laboratorio Central");
  await owner.getByRole("button", { name: "Create a results link" }).click();
  const link = owner.getByRole("status").getByRole("link", { name: /\/results\// });
  await link.waitFor();
  resultsUrl = (await link.getAttribute("href"))!;
  expect(resultsUrl).toMatch(/^\/results\/[A-Za-z0-9_-]+$/);
  resultsUrl = `${server.url}${resultsUrl}`;
  const share = (await (await postJson(`/profiles/${versionId}/share`, {}, session.header)).json()) as { path: string };
  sharedUrl = `${server.url}${share.path}`;
  await owner.close();

  // The laboratory's first campaign, sent earlier through its results link as a results file.
  const token = resultsUrl.split("/").pop()!;
  const template = (await (await fetch(api(`/profiles/${token}/results-template.json`))).json()) as { laboratory: { name: string }; results: { testId: string; verdict: string | null }[] };
  tests = template.results.map((r) => r.testId);
  template.results[0]!.verdict = "FAIL";
  template.results[1]!.verdict = "PASS";
  const earlier = await postJson(`/profiles/${token}/results`, template);
  expect(earlier.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a laboratory's journey", () => {
  test("share link → testbook.csv → results link → filled CSV uploaded → verdicts next to the earlier set", async () => {
    const page = await openPage(browser);
    const dir = tempDir("lab-e2e");

    await page.goto(`${sharedUrl}/testbook`);
    await page.getByText("Shared read-only view").waitFor();
    await expect(page.getByLabel("Import laboratory results").count()).resolves.toBe(0);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "testbook.csv" }).click()]);
    expect(download.suggestedFilename()).toBe("prime-plus-testbook-v1.csv");
    const downloaded = join(dir, "testbook.csv");
    await download.saveAs(downloaded);

    const rows = readCsvRows(readFileSync(downloaded, "utf8"), TESTBOOK_CSV_COLUMNS);
    const firstStep = (id: string) => rows.find((r) => r.test_id === id && r.step === "1")!;
    Object.assign(firstStep(tests[0]!), { result: "pass", tester: "M. Ortega", date: "21/11/2026", remarks: "AARE accepted after the firmware fix" });
    Object.assign(firstStep(tests[1]!), { result: "Failed", tester: "M. Ortega", date: "2026-11-21", remarks: "object list misses 0-0:42.0.0.255" });
    Object.assign(firstStep(tests[2]!), { result: "inconclusive", tester: "Ana Pérez", date: "2026-11-21" });
    const filled = join(dir, "testbook-filled.csv");
    writeFileSync(filled, toCsv([[...TESTBOOK_CSV_COLUMNS], ...rows.map((r) => TESTBOOK_CSV_COLUMNS.map((c) => r[c]))]));

    await page.goto(resultsUrl);
    await page.getByText("Results link for Laboratorio Central").waitFor();
    await page.getByRole("heading", { name: /Results for the testbook of Réseau Électrique du Nord/ }).waitFor();
    expect(await page.content()).not.toContain(`/profiles/${versionId}`);
    await page.getByLabel("Import laboratory results").setInputFiles(filled);
    await page.getByRole("button", { name: "Import results" }).click();
    await page.getByText("Stored as results set 2 (Laboratorio Central).").waitFor();

    const table = page.getByRole("table", { name: "Verdicts of set 2 next to set 1" });
    await table.waitFor();
    const verdicts = async (id: string) => (await table.locator(`tr[data-test="${id}"] td`).allInnerTexts()).slice(2);
    expect(await verdicts(tests[0]!)).toEqual(["FAIL", "PASS"]);
    expect(await verdicts(tests[1]!)).toEqual(["PASS", "FAIL"]);
    expect(await verdicts(tests[2]!)).toEqual(["not run", "INCONCLUSIVE"]);
    await page.getByText(/Set 2 \(Laboratorio Central\) next to set 1 \(Laboratorio Central\): 3 tests changed verdict, 1 now PASS, 1 no longer PASS\./).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The owner sees both sets: the newest per laboratory, and the history where the first is kept.
    const owner = await openPage(browser, session);
    await owner.goto(`${server.url}/profiles/${versionId}/testbook`);
    await owner.getByText(/Imported .* from Laboratorio Central as results set 2 \(testbook\.csv\): 1 PASS, 1 FAIL, 1 INCONCLUSIVE/).waitFor();
    const history = owner.locator("details", { hasText: "History of results sets (2)" });
    await expect(history.locator("tbody tr").count()).resolves.toBe(2);
    await expect(history.locator("#set-1 td").nth(2).innerText()).resolves.toBe("results file");
    await expect(owner.getByRole("table", { name: "Verdicts of set 2 next to set 1" }).locator("tbody tr").count()).resolves.toBe(3);
    await expect(owner.getByRole("cell", { name: "1 of 20" }).count()).resolves.toBe(0);
    await owner.getByRole("cell", { name: "2 of 20" }).waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
  });

  test("the results link is refused everything else, and stops once revoked", async () => {
    const token = resultsUrl.split("/").pop()!;
    expect((await fetch(api(`/profiles/${token}/profile.json`))).status).toBe(403);
    expect((await fetch(`${server.url}/profiles/${token}`)).status).toBe(404);
    expect((await fetch(`${server.url}/shared/${token}`)).status).toBe(404);
    const shareToken = sharedUrl.split("/").pop()!;
    expect((await fetch(`${server.url}/results/${shareToken}`)).status).toBe(404);
    expect((await fetch(`${server.url}/results/${versionId}`)).status).toBe(404);
    expect((await postJson(`/profiles/${shareToken}/results`, "{}")).status).toBe(403);

    const owner = await openPage(browser, session);
    await owner.goto(`${server.url}/profiles/${versionId}/testbook`);
    await owner.getByRole("button", { name: "Revoke the results link of Laboratorio Central" }).click();
    await owner.getByText("The results link of Laboratorio Central is revoked.").waitFor();
    const lab = await openPage(browser);
    await lab.goto(resultsUrl);
    await lab.getByText(/^This results link was revoked on \d{4}-\d\d-\d\d\. Ask Réseau Électrique du Nord for a new one\.$/).waitFor();
    await expect(lab.getByLabel("Import laboratory results").count()).resolves.toBe(0);
  });
});
