import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startExampleMeter, type TTestMeter } from "../helpers/simulator";
import { tempDir } from "../helpers/temp-dir";
import { firstOwner, launchBrowser, openPage, startServer, type TBrowserSession, type TServer } from "./harness";

/**
 * A laboratory engineer tests a meter from the browser: the simulator of the single-phase example
 * listens on a free port; the engineer opens "Test a meter" on the profile, types the address,
 * pastes the secrets, runs two chapters, answers the assisted questions, ends on the verdicts,
 * finds the run in the testbook's results history and downloads its evidence; a second run is
 * cancelled; a share link watches without the form.
 */
const NAME = "single-phase-plc";
const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
const LAB = "Laboratorio de Medida Sur";
let server: TServer;
let browser: Browser;
let meter: TTestMeter;
let versionId: string;
let shareToken: string;
let session: TBrowserSession;

const api = (path: string) => `${server.url}/api${path}`;
/** The owner's requests, with the session of the account it signed up in beforeAll. */
const postJson = (path: string, body: unknown) =>
  fetch(api(path), { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie: session.header }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

async function fillForm(page: Page, chapters: string[]) {
  await page.getByLabel("Meter address").pressSequentially(meter.wrapper);
  for (const c of chapters) await page.getByRole("checkbox", { name: c }).check();
  await page.getByLabel("Laboratory").fill(LAB);
  await page.getByLabel("Secrets file (JSON)").fill(JSON.stringify(meter.secrets, null, 2));
}

const status = (page: Page) => page.locator('[role="status"][data-phase]');
const progressValue = async (page: Page) => Number(await page.locator("progress").getAttribute("value"));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ session } = await firstOwner(browser, server));
  meter = await startExampleMeter(NAME);
  const imported = (await (await postJson("/questionnaires/import", readFileSync(join(EXAMPLES, `${NAME}.answers.json`), "utf8"))).json()) as { id: string; revision: number };
  const submitted = (await (await postJson(`/questionnaires/${imported.id}/submit`, { revision: imported.revision })).json()) as { versionId: string };
  versionId = submitted.versionId;
  shareToken = ((await (await postJson(`/profiles/${versionId}/share`, {})).json()) as { token: string }).token;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await meter?.close();
});

describe("Test a meter", () => {
  test("typed address, pasted secrets, live progress, assisted questions answered, verdicts, results set and archive", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${server.url}/profiles/${versionId}/testbook`);
    await page.getByRole("link", { name: "Test a meter" }).first().click();
    await page.getByRole("heading", { name: "Test a meter" }).waitFor();
    expect(await violations(page)).toEqual([]);

    await page.getByRole("button", { name: "Start the run" }).click();
    await page.getByText("give the meter's address, such as tcp://192.168.1.20:4059").waitFor();
    await page.getByText("upload or paste the meter's secrets file (JSON)").waitFor();

    await fillForm(page, ["1. Application associations (10 tests)", "10. Disconnect control and load limitation (10 tests)"]);
    await page.getByRole("button", { name: "Start the run" }).click();
    await page.waitForURL(/\/test-meter\?run=/);
    await status(page).getByText(/of 20 tests/).waitFor();

    const question = page.getByRole("group", { name: /Question for the operator/ });
    await question.getByText("Did the breaker open, with no voltage on the load side?").waitFor({ timeout: 60_000 });
    const midway = await progressValue(page);
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(20);
    await expect(page.getByRole("table", { name: "Verdicts, test by test" }).locator("tbody tr").count()).resolves.toBe(midway);
    expect(await violations(page)).toEqual([]);
    await question.getByRole("button", { name: "Yes" }).click();
    await question.getByText("The breaker is armed: press the meter's button now. Did the breaker close?").waitFor({ timeout: 60_000 });
    expect(await progressValue(page)).toBeGreaterThan(midway);
    await question.getByRole("button", { name: "Skip" }).click();

    await status(page).getByText("Finished").waitFor({ timeout: 90_000 });
    await page.getByText(/^Stored as results set 1 \(Laboratorio de Medida Sur\) for meter \S+: \d+ PASS, 0 FAIL/).waitFor({ timeout: 30_000 });
    expect(await progressValue(page)).toBe(20);
    const rows = page.getByRole("table", { name: "Verdicts, test by test" }).locator("tbody tr");
    await expect(rows.count()).resolves.toBe(20);
    await expect(page.locator('tr[data-test^="DISC-002"] td').nth(2).innerText()).resolves.toBe("PASS");
    expect(await violations(page)).toEqual([]);

    const report = await page.request.get(`${server.url}${await page.getByRole("link", { name: "Run report (PDF)" }).getAttribute("href")}`);
    expect(report.headers()["content-type"]).toBe("application/pdf");

    await page.getByRole("link", { name: "Results set 1 in the testbook's results history" }).click();
    await page.waitForURL(/\/testbook#set-1$/);
    const history = page.locator("#set-1 td");
    await expect(history.nth(1).innerText()).resolves.toBe(LAB);
    await expect(history.nth(2).innerText()).resolves.toBe("conformance runner");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#set-1").getByRole("link", { name: "evidence.zip" }).click()]);
    const saved = join(tempDir("test-meter-e2e"), "evidence.zip");
    await download.saveAs(saved);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(saved)))).map((n) => n.replace(/^[^/]+\//, "")).sort();
    expect(names).toEqual(["SHA256SUMS", "junit.xml", "profile.json", "report.html", "report.pdf", "results.json", "run.json", "summary.json", "testbook.json", "traffic.jsonl"]);
  });

  test("a second run of the whole testbook is cancelled and still stored; a share link watches it without the form", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${server.url}/profiles/${versionId}/test-meter`);
    await fillForm(page, []);
    await page.getByLabel("Skip them: they are NOT-RUN").check();
    await page.getByRole("button", { name: "Start the run" }).click();
    await page.waitForURL(/\/test-meter\?run=/);
    await status(page).getByText(/: [1-9]\d* of 343 tests/).waitFor();
    await page.getByRole("button", { name: "Cancel the run" }).click();
    await status(page).getByText("Cancelled: what had run is stored").waitFor({ timeout: 120_000 });
    await page.getByText(/^Stored as results set \d+ \(Laboratorio de Medida Sur\)/).waitFor();
    const ran = await page.getByRole("table", { name: "Verdicts, test by test" }).locator("tbody tr").count();
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(343);

    const shared = await openPage(browser);
    await shared.goto(`${server.url}/shared/${shareToken}/test-meter`);
    await shared.getByRole("table", { name: "Runs on this server" }).waitFor();
    await expect(shared.getByRole("table", { name: "Runs on this server" }).locator("tbody tr").count()).resolves.toBe(2);
    await expect(shared.getByRole("button", { name: "Start the run" }).count()).resolves.toBe(0);
    await shared.getByRole("table", { name: "Runs on this server" }).getByRole("link").first().click();
    await shared.getByText(/^Stored as results set \d+/).waitFor();
    await expect(shared.getByRole("button", { name: "Cancel the run" }).count()).resolves.toBe(0);
    expect(await violations(shared)).toEqual([]);

    await shared.goto(`${server.url}/shared/${shareToken}/test-meter?run=not-a-run`);
    await shared.getByText(/^This run is no longer on the server/).waitFor();
  });
});
