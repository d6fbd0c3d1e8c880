import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAjv } from "@/lib/schemas/ajv";
import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { firstOwner, launchBrowser, openPage, startServer, type TBrowserSession, type TServer } from "./harness";
import { tempDir } from "../helpers/temp-dir";

const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let server: TServer;
let browser: Browser;
let profileUrl: string;
let session: TBrowserSession;
const signedIn = () => ({ headers: { cookie: session.header } });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ session } = await firstOwner(browser, server));
  const page = await openPage(browser, session);
  await page.goto(server.url);
  await page.getByLabel("Import an answers file").setInputFiles(join(EXAMPLES, "three-phase-hls-cellular.answers.json"));
  await page.getByRole("button", { name: "Import and open" }).click();
  await page.getByRole("button", { name: "Submit and build my profile" }).click();
  await page.waitForURL(/\/profiles\/[A-Za-z0-9_-]+$/);
  profileUrl = page.url();
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("profile web view", () => {
  test("the access matrix is searchable and filterable by client", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/objects`);
    await page.getByLabel("Search OBIS, name or id").fill("0-0:1.0.0.255");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText("1 of ").waitFor();
    const row = page.locator("#object-clock");
    await expect(row.textContent()).resolves.toMatch(/R 1,2,3,4,5,6,7,8,9 · W 2,3,5,6,7,8,9 · X 1,2,3,4,5,6/);
    await page.goto(`${profileUrl}/objects?client=firmware`);
    const ids = await page.locator("table.matrix tbody tr").evaluateAll((rows) => rows.map((r) => r.id));
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toContain("object-image-transfer");
    expect(ids).not.toContain("object-energy-active-import-total");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("events, communication, left-out items and the comparison with the PRIME+ defaults are shown", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/events`);
    await page.getByText("Standard event log").first().waitFor();
    await page.goto(`${profileUrl}/communication`);
    await page.getByRole("heading", { name: /TCP-UDP/ }).first().waitFor();
    await page.goto(`${profileUrl}/excluded`);
    await page.getByText(/items of the PRIME\+ baseline are not in this profile/).waitFor();
    await page.goto(`${profileUrl}/compare`);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/\d+ differences with the PRIME\+ defaults/);
    await page.getByText("Clients").first().waitFor();
  });

  test("the testbook page filters by chapter and search, and its downloads are valid", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/testbook`);
    await page.getByLabel("Chapter").selectOption("associations");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText(/^\d+ tests match/).waitFor();
    await expect(page.locator("details[id^='test-ASSOC-001']").count()).resolves.toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    const id = profileUrl.split("/").pop();
    const testbook = await (await fetch(`${server.url}/api/profiles/${id}/testbook.json`, signedIn())).json();
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../profiles/schema/testbook.schema.json"), "utf8"));
    expect(createAjv().validate(schema, testbook)).toBe(true);
    const csv = await (await fetch(`${server.url}/api/profiles/${id}/testbook.csv`, signedIn())).text();
    expect(csv.split("\r\n").length).toBeGreaterThan(testbook.summary.steps);
    const objects = await fetch(`${server.url}/api/profiles/${id}/objects.csv`, signedIn());
    expect(objects.headers.get("content-type")).toContain("text/csv");
    const gurux = await (await fetch(`${server.url}/api/profiles/${id}/gurux/management`, signedIn())).text();
    expect(gurux).toContain("<GXDLMSClock>");
  });

  test("a read-only share link opens the profile and testbook without any way to edit", async () => {
    const page = await openPage(browser, session);
    await page.goto(profileUrl);
    await page.getByRole("button", { name: "Create a read-only link for a laboratory" }).click();
    const link = page.getByRole("link", { name: /\/shared\// });
    await link.waitFor();
    const shared = (await link.getAttribute("href"))!;
    const lab = await openPage(browser);
    await lab.goto(shared);
    await lab.getByText("Shared read-only view").waitFor();
    await expect(lab.getByRole("link", { name: /Edit the answers/ }).count()).resolves.toBe(0);
    expect(await lab.content()).not.toContain("/questionnaires/");
    await lab.goto(`${shared}/testbook`);
    await lab.getByRole("heading", { name: "Testbook" }).waitFor();
    const token = shared.split("/").pop();
    expect((await fetch(`${server.url}/api/profiles/${token}/testbook.csv`)).status).toBe(200);
    const again = await fetch(`${server.url}/api/profiles/${token}/share`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: "{}" });
    expect(again.status).toBe(403);
  });

  test("a laboratory fills the results template and imports it back; a results file of another testbook is refused", async () => {
    const id = profileUrl.split("/").pop();
    const template = await (await fetch(`${server.url}/api/profiles/${id}/results-template.json`, signedIn())).json();
    template.laboratory.name = "Laboratorio Central";
    template.results[0].verdict = "PASS";
    template.results[0].tester = "M. Ortega";
    template.results[0].date = "2026-11-20";
    template.results[1].verdict = "FAIL";
    template.results[1].remarks = "AARE rejected with diagnostic no-reason-given";
    const dir = tempDir("results");
    writeFileSync(join(dir, "results.json"), JSON.stringify(template));
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/testbook`);
    await page.getByLabel("Import laboratory results").setInputFiles(join(dir, "results.json"));
    await page.getByRole("button", { name: "Import results" }).click();
    await page.getByText(/1 PASS, 1 FAIL, 0 INCONCLUSIVE/).waitFor();
    await page.getByText("from Laboratorio Central").waitFor();
    template.testbook.id = "0".repeat(64);
    writeFileSync(join(dir, "other.json"), JSON.stringify(template));
    await page.getByLabel("Import laboratory results").setInputFiles(join(dir, "other.json"));
    await page.getByRole("button", { name: "Import results" }).click();
    await page.locator(".error-summary").getByText("testbook.id").waitFor();
  });

  test("the profile and testbook documents download as PDF, the same bytes on every request", async () => {
    const id = profileUrl.split("/").pop();
    const dir = tempDir("pdf");
    for (const name of ["profile.pdf", "testbook.pdf"]) {
      const response = await fetch(`${server.url}/api/profiles/${id}/${name}`, signedIn());
      expect(response.status, name).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      writeFileSync(join(dir, name), Buffer.from(await response.arrayBuffer()));
      const text = spawnSync("pdftotext", ["-layout", join(dir, name), "-"], { encoding: "utf8" }).stdout;
      expect(text, name).toContain("Réseau Électrique du Nord");
      const again = Buffer.from(await (await fetch(`${server.url}/api/profiles/${id}/${name}`, signedIn())).arrayBuffer());
      expect(again.equals(readFileSync(join(dir, name))), `${name} the same document again`).toBe(true);
    }
    const page = await openPage(browser, session);
    await page.goto(profileUrl);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Profile document (PDF)" }).click()]);
    expect(download.suggestedFilename()).toBe("prime-plus-profile-v1.pdf");
  });
});
