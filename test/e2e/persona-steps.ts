import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { TUserProfile } from "@/lib/profile/schema";
import { waitSaved, type TServer } from "./harness";

/** What the persona tests do through the questionnaire, as a person would: by labels, headings and buttons. */
export async function startNew(page: Page, server: TServer): Promise<string> {
  await page.goto(server.url);
  await page.getByRole("button", { name: "Start a new questionnaire" }).click();
  await page.waitForURL(/\/questionnaires\/[A-Za-z0-9_-]+\/contact$/);
  await page.getByRole("heading", { name: "Contact information", level: 2 }).waitFor();
  return page.url().replace(/\/contact$/, "");
}

export async function fillContact(page: Page, who: { name: string; email: string; company: string; customer: string }) {
  await page.getByLabel("Name and surname").fill(who.name);
  await page.getByLabel("Email address").fill(who.email);
  await page.getByLabel("Company", { exact: true }).fill(who.company);
  await page.getByRole("group", { name: "PRIME Alliance member" }).getByLabel("Yes").check();
  await page.getByLabel("Utility final customer").fill(who.customer);
}

/** Presses "Save and continue" and waits for the next step, at its own address. */
export async function next(page: Page, heading: string, step: string) {
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
  await page.waitForURL(new RegExp(`/${step}$`));
}

export const group = (page: Page, question: string) => page.getByRole("group", { name: question, exact: true });

export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export async function expectAccessible(page: Page, where: string) {
  expect(await seriousViolations(page), where).toEqual([]);
}

/** Submits from the review step and returns the profile the server built, through its download link (with the page's session). */
export async function submitAndReadProfile(page: Page, server: TServer): Promise<{ url: string; profile: TUserProfile }> {
  await waitSaved(page);
  await page.getByRole("button", { name: "Submit and build my profile" }).click();
  await page.waitForURL(/\/profiles\/[A-Za-z0-9_-]+$/);
  const href = await page.getByRole("link", { name: "profile.json", exact: true }).getAttribute("href");
  return { url: page.url(), profile: (await (await page.request.get(`${server.url}${href}`)).json()) as TUserProfile };
}

export const profileEntries = (profile: TUserProfile, object: string) => ({
  parameter: profile.parameters.find((p) => p.object.id === object && p.id === "profileEntries")?.value,
  attribute: profile.objects.find((o) => o.id === object)?.attributes.find((a) => a.name === "profile_entries")?.value,
});
