import AxeBuilder from "@axe-core/playwright";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emitP1Frame, emitP1Telegram } from "@/lib/p1/emit";
import { p1Layout } from "@/lib/p1/layout";
import { buildTelegram } from "@/lib/p1/telegram";
import { tempDir } from "../helpers/temp-dir";
import { exampleProfile, meterAt, P1_HEADER, P1_KEY, P1_NEW_KEY_HEX, P1_KEY_HEX, P1_SYSTEM_TITLE, sendTime } from "../helpers/p1-meter";
import { firstOwner, launchBrowser, openPage, startServer, type TBrowserSession, type TServer } from "./harness";

const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let server: TServer;
let browser: Browser;
let session: TBrowserSession;
let profileUrl: string;
const files = tempDir("p1-e2e");

/** A .jsonl capture of encrypted frames from the test meter, one every 10 s, the request 300 ms before the first. */
function writeCapture(name: string, edit: (telegram: string, i: number) => string = (t) => t): string {
  const layout = p1Layout(exampleProfile("three-phase-hls-cellular"))!;
  const lines = [JSON.stringify({ t: sendTime(0) - 300, event: "request" })];
  for (let i = 0; i < 4; i++) {
    const telegram = edit(emitP1Telegram(layout, meterAt(sendTime(i)), { header: P1_HEADER }).telegram, i);
    const frame = emitP1Frame(telegram, { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 300 + i });
    lines.push(JSON.stringify({ t: sendTime(i) + 80, hex: Buffer.from(frame).toString("hex") }));
  }
  const file = join(files, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function check(page: Page, capture: string, key: string) {
  await page.getByLabel("Capture file").setInputFiles(capture);
  await page.getByLabel("P1 encryption key").fill(key);
  await page.getByRole("button", { name: "Check the capture" }).click();
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

describe("Check P1 output page", () => {
  test("a good capture shows PASS lines, each telegram next to the readout list, and its verdicts save as a results set", async () => {
    const page = await openPage(browser, session);
    await page.goto(profileUrl);
    await page.getByRole("link", { name: "Check P1 output" }).click();
    await page.getByRole("heading", { name: "Check P1 output" }).waitFor();
    await check(page, writeCapture("good.jsonl"), P1_KEY_HEX);
    await page.getByRole("heading", { name: "Conformant" }).waitFor();
    await expect(page.locator('tr[data-check="telegram.crc"][data-status="PASS"]').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-check="frame.decryption"][data-status="PASS"]').count()).resolves.toBe(1);
    await expect(page.locator("#p1-unit-1 tbody tr").count()).resolves.toBe(15);
    await expect(page.locator("#p1-unit-1 tbody").textContent()).resolves.toContain("Total imported energy register (P+)(F9(3,3) *kWh)");
    const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(violations.map((v) => v.id)).toEqual([]);
    await page.getByRole("button", { name: /Save the verdicts as a results set/ }).click();
    await page.getByText(/^Saved as a results set: \d+ PASS, 0 FAIL, \d+ INCONCLUSIVE/).waitFor();
    await page.goto(`${profileUrl}/testbook`);
    await page.getByText(/Imported .* from PRIME\+ P1 checker/).waitFor();
  });

  test("a read-only share link checks a capture but offers no way to store its verdicts", async () => {
    const page = await openPage(browser, session);
    await page.goto(profileUrl);
    const versionId = new URL(profileUrl).pathname.split("/")[2]!;
    const shared = await page.request.post(`${server.url}/api/profiles/${versionId}/share`, { data: {}, headers: { origin: server.url } });
    expect(shared.status()).toBe(201);
    const { path } = (await shared.json()) as { path: string };
    await page.goto(`${server.url}${path}/p1`);
    await check(page, writeCapture("shared.jsonl"), P1_KEY_HEX);
    await page.getByRole("heading", { name: "Conformant" }).waitFor();
    await expect(page.getByRole("button", { name: /Save the verdicts/ }).count()).resolves.toBe(0);
  });

  test("a capture with defects shows its FAIL lines highlighted with the evidence", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/p1`);
    const broken = writeCapture("broken.jsonl", (t, i) => (i === 2 ? t.replace("1-0:1.8.0(", "1-0:1.8.1(") : t));
    await check(page, broken, P1_KEY_HEX);
    await page.getByRole("heading", { name: "Not conformant" }).waitFor();
    const crc = page.locator('tr[data-check="telegram.crc"][data-status="FAIL"]');
    await expect(crc.textContent()).resolves.toMatch(/received [0-9A-F]{4}, computed [0-9A-F]{4}; likely cause: a changed character/);
    await expect(page.locator('tr[data-check="content.outside"][data-status="WARN"]').textContent()).resolves.toContain("1-0:1.8.1 is not in the readout list; 1-0:1.8.0 is");
    await expect(page.locator("#p1-unit-3 tbody tr", { hasText: "(missing)" }).textContent()).resolves.toContain("1-0:1.8.0");
    expect(await crc.evaluate((row) => getComputedStyle(row).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
  });

  test("a wrong key is diagnosed as a wrong key; a malformed key is refused naming the field", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/p1`);
    await check(page, writeCapture("wrong-key.jsonl"), P1_NEW_KEY_HEX);
    await page.getByRole("heading", { name: "Unreadable" }).waitFor();
    await expect(page.locator('tr[data-check="frame.decryption"][data-status="FAIL"]').textContent()).resolves.toContain("wrong key: with the encryption key given the tag does not verify");
    await check(page, writeCapture("again.jsonl"), "12345");
    await page.locator(".error-summary").getByText(/^Encryption key must be 32 hexadecimal digits/).waitFor();
  });

  test("a plain capture file without times is read too", async () => {
    const page = await openPage(browser, session);
    await page.goto(`${profileUrl}/p1`);
    const file = join(files, "plain.txt");
    writeFileSync(file, buildTelegram(P1_HEADER, ["1-3:0.2.8(50)"]));
    await check(page, file, "");
    await page.getByRole("heading", { name: "Not conformant" }).waitFor();
    await expect(page.locator('tr[data-check="frame.encryption"][data-status="FAIL"]').textContent()).resolves.toContain("telegram 1 is plain text, but the profile protects the P1 port");
  });
});
