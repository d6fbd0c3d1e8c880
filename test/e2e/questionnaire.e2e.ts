import AxeBuilder from "@axe-core/playwright";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateProfileSchema } from "@/lib/schemas/ajv";
import { firstOwner, launchBrowser, openPage, startServer, waitSaved, type TBrowserSession, type TServer } from "./harness";
import { tempDir } from "../helpers/temp-dir";

const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");

let server: TServer;
let browser: Browser;
let session: TBrowserSession;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ session } = await firstOwner(browser, server));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = () => openPage(browser, session);

async function startNew(page: Page): Promise<string> {
  await page.goto(server.url);
  await page.getByRole("button", { name: "Start a new questionnaire" }).click();
  await page.waitForURL(/\/questionnaires\/[A-Za-z0-9_-]+\/contact$/);
  await page.getByRole("heading", { name: "Contact information" }).waitFor();
  return page.url().replace(/\/contact$/, "");
}

async function fillContact(page: Page) {
  await page.getByLabel("Name and surname").fill("Lucía Fernández");
  await page.getByLabel("Email address").fill("lucia@distribuidora.example");
  await page.getByLabel("Company", { exact: true }).fill("Distribuidora del Sur");
  await page.getByRole("group", { name: "PRIME Alliance member" }).getByLabel("Yes").check();
  await page.getByLabel("Utility final customer").fill("Residential customers of the south network");
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

describe("questionnaire in the browser", () => {
  test("a new user completes the questionnaire from the home page to the profile", async () => {
    const page = await newPage();
    await startNew(page);
    await fillContact(page);
    for (const next of ["Technical electrical information", "Communication profiles", "Clients and access", "Security", "Energy and tariffs", "Demand and load profiles", "Billing and disconnector", "Other functions", "Events and logs", "Alarms", "Regulatory limits", "Review and submit"]) {
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page.getByRole("heading", { name: next, level: 2 }).waitFor();
    }
    await waitSaved(page);
    await page.getByText("Every answer is complete and consistent").waitFor();
    await expect(page.locator('[data-count="objects"]').textContent()).resolves.toMatch(/\d+ objects/);
    await page.getByRole("button", { name: "Submit and build my profile" }).click();
    await page.waitForURL(/\/profiles\/[A-Za-z0-9_-]+$/);
    await page.getByRole("heading", { name: "User profile of Distribuidora del Sur" }).waitFor();
    const href = await page.getByRole("link", { name: "profile.json", exact: true }).getAttribute("href");
    const profile = await (await fetch(`${server.url}${href}`, { headers: { cookie: session.header } })).json();
    expect(validateProfileSchema(profile)).toEqual([]);
    expect(profile.utility.company).toBe("Distribuidora del Sur");
  });

  test("a reload in the middle loses nothing", async () => {
    const page = await newPage();
    const url = await startNew(page);
    await fillContact(page);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.getByRole("group", { name: "Number of phases" }).getByLabel("Three-phase").check();
    await page.getByLabel("Nominal voltage (V, phase to neutral)").fill("220");
    await waitSaved(page);
    await page.reload();
    await page.getByRole("heading", { name: "Technical electrical information" }).waitFor();
    await expect(page.getByRole("group", { name: "Number of phases" }).getByLabel("Three-phase").isChecked()).resolves.toBe(true);
    await expect(page.getByLabel("Nominal voltage (V, phase to neutral)").inputValue()).resolves.toBe("220");
    await page.goto(url);
    await page.getByRole("link", { name: /Contact information/ }).click();
    await expect(page.getByLabel("Name and surname").inputValue()).resolves.toBe("Lucía Fernández");
  });

  test("choices change what the profile contains, shown while answering", async () => {
    const page = await newPage();
    await startNew(page);
    await fillContact(page);
    await waitSaved(page);
    const objects = async () => Number((await page.locator('[data-count="objects"]').textContent())?.match(/\d+/)?.[0]);
    await page.locator('[data-count="objects"]').waitFor();
    const single = await objects();
    await page.getByRole("link", { name: /Technical electrical information/ }).click();
    await page.getByRole("group", { name: "Number of phases" }).getByLabel("Three-phase").check();
    await waitSaved(page);
    await expect.poll(objects).toBeGreaterThan(single);
    await expect(page.locator('[data-count="objects"]').textContent()).resolves.toMatch(/\+\d+ with your last change/);
  });

  test("an imported answers file round-trips through the download", async () => {
    const page = await newPage();
    await page.goto(server.url);
    await page.getByLabel("Import an answers file").setInputFiles(join(EXAMPLES, "full.answers.json"));
    await page.getByRole("button", { name: "Import and open" }).click();
    await page.getByRole("heading", { name: "Review and submit" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the answers file" }).first().click()]);
    const saved = join(tempDir("dl"), "answers.json");
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, "utf8"))).toEqual(JSON.parse(readFileSync(join(EXAMPLES, "full.answers.json"), "utf8")));
  });

  test("a bad import is refused, every problem named by its question", async () => {
    const answers = JSON.parse(readFileSync(join(EXAMPLES, "single-phase-plc.answers.json"), "utf8"));
    answers.security.reading.authentication = "hls";
    answers.regulatory.powerQuality.sagThresholdPercent = 80;
    const file = join(tempDir("bad"), "bad.json");
    writeFileSync(file, JSON.stringify(answers));
    const page = await newPage();
    await page.goto(server.url);
    await page.getByLabel("Import an answers file").setInputFiles(file);
    await page.getByRole("button", { name: "Import and open" }).click();
    const alert = page.locator(".error-summary[role=alert]");
    await alert.getByText("Voltage sag threshold (% below nominal)").waitFor();
    await expect(alert.textContent()).resolves.toContain("must be at most 50 %");
    expect(page.url()).toBe(`${server.url}/`);
  });

  test("two tabs on one draft do not silently overwrite each other", async () => {
    const first = await newPage();
    const url = await startNew(first);
    const second = await newPage();
    await second.goto(url);
    await second.getByRole("heading", { name: "Contact information" }).waitFor();
    await first.getByLabel("Name and surname").fill("First tab");
    await waitSaved(first);
    await second.getByLabel("Name and surname").fill("Second tab");
    await second.getByText("changed in another tab or window").waitFor();
    await second.getByRole("button", { name: "Reload the latest answers" }).click();
    await second.getByRole("heading", { name: "Contact information" }).waitFor();
    await expect(second.getByLabel("Name and surname").inputValue()).resolves.toBe("First tab");
  });

  test("the wizard works with the keyboard only, and errors are linked to their fields", async () => {
    const page = await newPage();
    await startNew(page);
    await page.getByLabel("Name and surname").focus();
    await page.keyboard.type("Keyboard User");
    await page.keyboard.press("Tab");
    await page.keyboard.type("not-an-email");
    await page.getByRole("button", { name: "Save and continue" }).focus();
    await page.keyboard.press("Enter");
    const summary = page.locator("#error-summary");
    await summary.getByText("Email address must be a valid email address").waitFor();
    await expect(page.getByLabel("Email address").getAttribute("aria-invalid")).resolves.toBe("true");
    const describedBy = await page.getByLabel("Email address").getAttribute("aria-describedby");
    await expect(page.locator(`#${describedBy?.split(" ").pop()}`).textContent()).resolves.toContain("valid email address");
    await page.getByLabel("Email address").fill("keyboard@user.example");
    await page.getByLabel("Company", { exact: true }).focus();
    await page.keyboard.type("Keys Inc");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.getByLabel("Utility final customer").focus();
    await page.keyboard.type("Everyone");
    await page.getByRole("button", { name: "Save and continue" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Technical electrical information" }).waitFor();
  });

  test("axe finds no serious accessibility violations on the home, questionnaire, review and profile pages", async () => {
    const page = await newPage();
    await page.goto(server.url);
    expect(await seriousViolations(page)).toEqual([]);
    await startNew(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /Security/ }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /Review and submit/ }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(server.url);
    await page.getByLabel("Import an answers file").setInputFiles(join(EXAMPLES, "three-phase-hls-cellular.answers.json"));
    await page.getByRole("button", { name: "Import and open" }).click();
    await page.getByRole("button", { name: "Submit and build my profile" }).click();
    await page.waitForURL(/\/profiles\//);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("no page ships more than 250 KB of compressed JavaScript", async () => {
    const page = await newPage();
    const scripts = new Map<string, number>();
    page.on("response", async (response) => {
      if (response.request().resourceType() === "script") {
        const body = await response.body().catch(() => Buffer.alloc(0));
        scripts.set(response.url(), gzipSync(body).length);
      }
    });
    const measure = async () => {
      await page.waitForLoadState("networkidle");
      const total = [...scripts.values()].reduce((a, b) => a + b, 0);
      scripts.clear();
      return total;
    };
    await page.goto(server.url);
    const home = await measure();
    const url = await startNew(page);
    await measure();
    await page.goto(url);
    const questionnaire = await measure();
    console.log(`compressed JavaScript: home ${(home / 1024).toFixed(1)} KB, questionnaire ${(questionnaire / 1024).toFixed(1)} KB`);
    expect(home).toBeLessThan(250 * 1024);
    expect(questionnaire).toBeLessThan(250 * 1024);
  });
});
