import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newBrowserAccount, signUpInBrowser, startServer, waitSaved, type TServer } from "./harness";
import { expectAccessible, fillContact, group, next, profileEntries, startNew, submitAndReadProfile } from "./persona-steps";

/**
 * A grid metering engineer at a Luxembourg-like utility: three-phase meters on PLC and
 * cellular, HLS with encryption, a P1 customer port and a firmware client; on a 390-pixel
 * phone screen, with axe on every step. Through the UI only, in Chromium.
 */
let server: TServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const MOBILE = { width: 390, height: 844 };

/** On a phone the step list is one "Step n of 13" control and the step's first question is on the first screen. */
async function checkStep(page: Page, n: number, title: string) {
  await expect(page.getByRole("button", { name: `Step ${n} of 13: ${title}` }).isVisible(), title).resolves.toBe(true);
  await expect(page.getByRole("navigation", { name: "Questionnaire steps" }).getByRole("link").first().isVisible(), title).resolves.toBe(false);
  const first = page.locator(".step .field").first();
  const box = await first.boundingBox();
  if (box) expect(box.y, `${title}: first question at ${box.y} px`).toBeLessThan(MOBILE.height - 40);
  await expectAccessible(page, `${title} at ${MOBILE.width} px`);
}

describe("persona: three-phase meters on PLC and cellular with HLS, P1 port and firmware client, on a phone", () => {
  test("gets the profile meant", async () => {
    const context = await browser.newContext({ viewport: MOBILE, acceptDownloads: true });
    const page = await context.newPage();
    await signUpInBrowser(page, server, newBrowserAccount("Jean Muller"), { workspace: "Réseau Électrique du Nord" });
    await startNew(page, server);
    await expect(page.locator(".badge.error").count()).resolves.toBe(0);
    await checkStep(page, 1, "Contact information");
    // The control opens the step list and closes it again.
    await page.getByRole("button", { name: /^Step 1 of 13/ }).click();
    await page.getByRole("link", { name: /Technical electrical information/ }).waitFor({ state: "visible" });
    await expectAccessible(page, "step list open on a phone");
    await page.getByRole("button", { name: /^Step 1 of 13/ }).click();

    await fillContact(page, { name: "Marc Weber", email: "m.weber@reseau-nord.example", company: "Réseau Électrique du Nord", customer: "All customers of the northern grid" });
    await next(page, "Technical electrical information", "electrical");
    await checkStep(page, 2, "Technical electrical information");
    await group(page, "Number of phases").getByLabel("Three-phase").check();
    await expect(group(page, "Wiring").getByLabel("Four-wire (three phases and neutral)").isChecked()).resolves.toBe(true);
    // A problem between two answers sits on the one just changed, and goes once it is fixed.
    await page.getByLabel("Basic or reference current (A)").fill("80");
    await waitSaved(page);
    const basic = page.locator('[data-field="electrical.basicCurrentA"] .error-message');
    await expect(basic.textContent()).resolves.toBe("Basic or reference current (A) must not be higher than the maximum current (60 A)");
    await expect(page.locator('[data-field="electrical.maximumCurrentA"] .error-message').count()).resolves.toBe(0);
    await page.getByLabel("Basic or reference current (A)").fill("5");
    await expect(basic.count()).resolves.toBe(0);
    await page.getByLabel("Maximum current (A)").fill("100");

    await next(page, "Communication profiles", "communication");
    await checkStep(page, 3, "Communication profiles");
    await group(page, "PRIME PLC communication profiles").getByLabel("IEC 61334-4-32 LLC (classic PRIME)").uncheck();
    await group(page, "PRIME PLC communication profiles").getByLabel("TCP-UDP over IPv4").check();
    await group(page, "Cellular (2G/3G/4G) communication").getByLabel("Yes").check();
    await page.getByText("This answer does not change your profile.").first().waitFor();
    await page.getByLabel("Access point name (APN)").fill("meters.reseau-nord.example");
    await group(page, "Push alarms to the head end").getByLabel("Yes").check();

    await next(page, "Clients and access", "clients");
    await checkStep(page, 4, "Clients and access");
    // Switching cellular on gave the Reading and Management clients the cellular port as well.
    for (const client of ["Reading", "Management"]) {
      for (const port of ["PRIME power line (remote)", "Cellular 2G/3G/4G (remote)"]) {
        await expect(group(page, `${client} client ports`).getByLabel(port).isChecked(), `${client} ${port}`).resolves.toBe(true);
      }
    }
    await group(page, "Firmware client is used").getByLabel("Yes").check();
    await group(page, "Firmware client ports").getByLabel("PRIME power line (remote)").check();
    await group(page, "Firmware client ports").getByLabel("Cellular 2G/3G/4G (remote)").check();

    await next(page, "Security", "security");
    await checkStep(page, 5, "Security");
    for (const client of ["Reading", "Management"]) {
      await group(page, `${client} client authentication`).getByLabel("Cryptographic challenge (HLS)").check();
      await group(page, `${client} client security policy`).getByLabel(/^Messages authenticated and encrypted/).check();
    }
    // The Firmware client still logs in with a password over the networks: a warning a non-expert understands.
    const firmwareWarning = page.locator('[data-field="security.firmware.authentication"] .warning-message');
    await expect(firmwareWarning.textContent()).resolves.toContain("The Firmware client sends its password unencrypted over PRIME PLC and cellular");
    await group(page, "Firmware client authentication").getByLabel("Cryptographic challenge (HLS)").check();
    await group(page, "Firmware client security policy").getByLabel(/^Messages authenticated and encrypted/).check();
    await expect(firmwareWarning.count()).resolves.toBe(0);
    await expect(page.locator(".warning-message").count()).resolves.toBe(0);
    // The expert values got the PRIME+ defaults: suite 0 and GMAC, behind "Advanced".
    await page.getByText("Advanced settings").click();
    await expect(group(page, "Firmware client security suite").getByLabel("Suite 0: AES-GCM-128").isChecked()).resolves.toBe(true);
    await expect(group(page, "Firmware client HLS mechanism").getByLabel(/^GMAC/).isChecked()).resolves.toBe(true);
    await expectAccessible(page, "security with Advanced open on a phone");

    await next(page, "Energy and tariffs", "energy");
    await checkStep(page, 6, "Energy and tariffs");
    await next(page, "Demand and load profiles", "demand");
    await checkStep(page, 7, "Demand and load profiles");
    await group(page, "Instantaneous phase angles").getByLabel("Yes").check();
    await page.getByLabel("Load profile 1 capture period (s)").selectOption({ label: "15 minutes" });
    await page.getByLabel("Load profile 1 depth (days)").fill("60");
    await next(page, "Billing and disconnector", "billing");
    await checkStep(page, 8, "Billing and disconnector");
    await next(page, "Other functions", "functions");
    await checkStep(page, 9, "Other functions");
    await group(page, "P1 customer port").getByLabel("Yes").check();
    await expect(group(page, "P1 telegrams encrypted (AES-128-GCM)").getByLabel("Yes").isChecked()).resolves.toBe(true);
    await next(page, "Events and logs", "events");
    await checkStep(page, 10, "Events and logs");
    await next(page, "Alarms", "alarms");
    await checkStep(page, 11, "Alarms");
    await group(page, "Events raised as alarms").getByLabel("Voltage sag L2").waitFor();
    await next(page, "Regulatory limits", "regulatory");
    await checkStep(page, 12, "Regulatory limits");
    await next(page, "Review and submit", "review");
    await expectAccessible(page, `review at ${MOBILE.width} px`);
    await page.getByText("Every answer is complete and consistent").waitFor();

    const { url, profile } = await submitAndReadProfile(page, server);
    const client = (id: string) => profile.clients.find((c) => c.id === id);
    for (const id of ["reading", "management", "firmware"]) {
      expect(client(id)?.ports, id).toEqual(expect.arrayContaining(["plc", "cellular"]));
      expect(client(id)?.authentication.level, id).toBe("hls");
      expect(client(id)?.securityPolicy.id, id).toBe("authenticated-encrypted");
      expect(client(id)?.securitySuite, id).toBe(0);
    }
    expect(profile.electrical.phases).toBe(3);
    expect(profile.communication.map((c) => c.id)).toEqual(expect.arrayContaining(["plc-tcp-udp-ipv4", "cellular-tcp-udp-ipv4"]));
    expect(profile.objects.map((o) => o.id)).toContain("phase-angle-voltage-l2");
    expect(profile.objects.filter((o) => o.group === "han-ihd").length).toBeGreaterThan(0);
    // 60 days of quarter-hour rows.
    expect(profileEntries(profile, "load-profile-1")).toEqual({ parameter: 5760, attribute: 5760 });
    await page.goto(`${url}/compare`);
    await expect(page.locator('[id="change-parameter-load-profile-1.profileEntries"]').textContent()).resolves.toContain("2160 → 5760");
    await expectAccessible(page, `compare at ${MOBILE.width} px`);
    await page.goto(`${url}/objects`);
    await expectAccessible(page, `objects at ${MOBILE.width} px`);
    await context.close();
  });
});
