import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newBrowserAccount, openPage, signUpInBrowser, startServer, waitSaved, type TServer } from "./harness";
import { expectAccessible, fillContact, group, next, profileEntries, startNew, submitAndReadProfile } from "./persona-steps";

/**
 * A grid metering engineer at a Spanish utility: single-phase PRIME PLC meters, passwords, hourly
 * load profile kept 120 days. Through the UI only, in Chromium, with axe on every step.
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

describe("persona: single-phase PLC meters with passwords", () => {
  test("gets the profile meant, with remote reading on PLC, no three-phase alarms and the depth asked", async () => {
    const page = await openPage(browser);
    await signUpInBrowser(page, server, newBrowserAccount("Lucía Fernández"), { workspace: "Distribuidora del Sur" });
    const base = await startNew(page, server);

    // A brand-new questionnaire: no error badge, no error message, the app's name in the title.
    await expect(page.locator(".badge.error").count()).resolves.toBe(0);
    await expect(page.locator(".error-message").count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe("Contact information · Questionnaire · PRIME+ profile tool");
    await expectAccessible(page, "contact");

    // Calm validation: an error appears once the field is edited, and goes as soon as it is fixed.
    await page.getByLabel("Email address").fill("lucia@");
    const emailError = page.locator('[data-field="contact.email"] .error-message');
    await expect(emailError.textContent()).resolves.toBe("Email address must be a valid email address");
    await fillContact(page, { name: "Lucía Fernández", email: "lucia@distribuidora.example", company: "Distribuidora del Sur", customer: "Residential customers of the south network" });
    await expect(emailError.count()).resolves.toBe(0);
    await next(page, "Technical electrical information", "electrical");
    await expectAccessible(page, "electrical");
    await page.getByLabel("Basic or reference current (A)").fill("10");
    await expect(page.getByText("(A) (A)").count()).resolves.toBe(0);

    await next(page, "Communication profiles", "communication");
    await expectAccessible(page, "communication");
    await expect(group(page, "PRIME power-line communication").getByLabel("Yes").isChecked()).resolves.toBe(true);

    await next(page, "Clients and access", "clients");
    await expectAccessible(page, "clients");
    // Remote reading by default: Reading and Management can use the power line as well as the optical port.
    for (const client of ["Reading", "Management"]) {
      await expect(group(page, `${client} client ports`).getByLabel("PRIME power line (remote)").isChecked(), client).resolves.toBe(true);
    }
    await expect(page.getByText("No client but the Public client can reach the meter").count()).resolves.toBe(0);
    // Taking PLC away from both shows the warning on the step; putting it back removes it.
    await group(page, "Reading client ports").getByLabel("PRIME power line (remote)").uncheck();
    await group(page, "Management client ports").getByLabel("PRIME power line (remote)").uncheck();
    await page.getByText("No client but the Public client can reach the meter over PRIME PLC").waitFor();
    await group(page, "Reading client ports").getByLabel("PRIME power line (remote)").check();
    await group(page, "Management client ports").getByLabel("PRIME power line (remote)").check();
    await expect(page.getByText("No client but the Public client can reach the meter").count()).resolves.toBe(0);
    // SAPs are expert values behind "Advanced"; a SAP used twice shows on the SAP just changed.
    await page.getByText("Advanced settings").click();
    await page.getByLabel("Reading client SAP").fill("1");
    await waitSaved(page);
    await page.locator('[data-field="clients.reading.sap"] .error-message').getByText("Reading client SAP: SAP 1 is already used by the Management client").waitFor();
    await expect(page.locator('[data-field="clients.management.sap"] .error-message').count()).resolves.toBe(0);
    await page.getByLabel("Reading client SAP").fill("2");
    await expect(page.locator('[data-field="clients.reading.sap"] .error-message').count()).resolves.toBe(0);

    await next(page, "Security", "security");
    await expectAccessible(page, "security");
    // Passwords stay (the persona's choice), with warnings a non-expert understands.
    await page.locator('[data-field="security.management.securityPolicy"] .warning-message').getByText("without encryption").waitFor();
    await page.getByText("The Reading and Management clients both log in with a password").waitFor();
    await expect(page.getByText("Anyone on the line can read the messages and change them on the way.").count()).resolves.toBeGreaterThan(0);

    // Back and Forward move between steps.
    await page.goBack();
    await page.getByRole("heading", { name: "Clients and access", level: 2 }).waitFor();
    expect(page.url()).toBe(`${base}/clients`);
    await page.goForward();
    await page.getByRole("heading", { name: "Security", level: 2 }).waitFor();
    expect(page.url()).toBe(`${base}/security`);

    await next(page, "Energy and tariffs", "energy");
    await expectAccessible(page, "energy");
    await next(page, "Demand and load profiles", "demand");
    await expectAccessible(page, "demand");
    await expect(page.getByText("Instantaneous phase angles").count()).resolves.toBe(0);
    await page.getByLabel("Load profile 1 depth (days)").fill("120");
    await expect(page.getByText("(days) (days)").count()).resolves.toBe(0);
    await next(page, "Billing and disconnector", "billing");
    await expectAccessible(page, "billing");
    await next(page, "Other functions", "functions");
    await expectAccessible(page, "functions");
    await next(page, "Events and logs", "events");
    await expectAccessible(page, "events");
    await next(page, "Alarms", "alarms");
    await expectAccessible(page, "alarms");
    // Only alarms a single-phase meter without M-Bus or public lighting can raise are offered.
    const alarms = group(page, "Events raised as alarms");
    await alarms.getByLabel("Voltage sag L1").waitFor();
    for (const absent of ["Voltage sag L2", "Voltage swell L3", "Phase outage L2", "Phase sequence reversal", "M-Bus fraud attempt channel 1", "Public lighting relay failure"]) {
      await expect(alarms.getByLabel(absent, { exact: true }).count(), absent).resolves.toBe(0);
    }

    // A reload keeps the progress: visited steps stay complete.
    await waitSaved(page);
    await page.reload();
    await page.getByRole("heading", { name: "Alarms", level: 2 }).waitFor();
    const steps = page.getByRole("navigation", { name: "Questionnaire steps" });
    for (const visited of ["Contact information", "Clients and access", "Demand and load profiles"]) {
      await expect(steps.getByRole("link", { name: new RegExp(visited) }).textContent(), visited).resolves.toMatch(/complete$/);
    }
    await expect(steps.getByRole("link", { name: /Regulatory limits/ }).textContent()).resolves.toMatch(/not visited$/);

    await next(page, "Regulatory limits", "regulatory");
    await expectAccessible(page, "regulatory");
    await next(page, "Review and submit", "review");
    await expectAccessible(page, "review");
    // The security warnings are on the review page too; they do not stop the submission.
    await page.getByText(/answers to check: you can submit anyway/).waitFor();
    await page.getByText("Every answer is complete and consistent").waitFor();

    const { url, profile } = await submitAndReadProfile(page, server);
    const ports = Object.fromEntries(profile.clients.map((c) => [c.id, c.ports]));
    expect(ports.reading).toContain("plc");
    expect(ports.management).toContain("plc");
    expect(profile.communication.find((c) => c.family === "plc")?.clients.map((c) => c.id)).toEqual(expect.arrayContaining(["reading", "management"]));
    const bits = profile.alarms.registers.flatMap((r) => r.bits.map((b) => b.id));
    expect(bits.filter((id) => /-l[23]$|phase-outage|phase-sequence|mbus|public-lighting/.test(id))).toEqual([]);
    // 120 days of hourly rows.
    expect(profileEntries(profile, "load-profile-1")).toEqual({ parameter: 2880, attribute: 2880 });

    // The compare view shows the depth against the PRIME+ defaults (90 days of hourly rows).
    await page.goto(`${url}/compare`);
    await expect(page.locator('[id="change-parameter-load-profile-1.profileEntries"]').textContent()).resolves.toContain("2160 → 2880");
    await expectAccessible(page, "compare");
    // "Alarms let through" by name.
    await page.goto(`${url}/communication`);
    const filter = page.locator("#parameter-alarm-filter-1-alarmsRaised");
    await expect(filter.textContent()).resolves.toContain("Clock invalid");
    await expect(filter.textContent()).resolves.not.toContain("[");
  });
});
