import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newBrowserAccount, openPage, startServer, type TBrowserSession, type TServer } from "./harness";

const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let server: TServer;
let browser: Browser;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("accounts, workspaces and roles in the browser", () => {
  const owner = newBrowserAccount("Olga Owner");
  const colleague = newBrowserAccount("Victor Viewer");
  let ownerSession: TBrowserSession;
  let profileUrl: string;
  let questionnaireId: string;
  let invitationLink: string;

  test("the first visit to a fresh install creates the first account, which owns the workspace", async () => {
    const page = await openPage(browser);
    await page.goto(server.url);
    await page.getByRole("link", { name: "Create the first account" }).click();
    await page.getByRole("heading", { name: "Create the first account", level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create the first account" }).click();
    await page.getByText("Your name: enter the name colleagues know you by.").waitFor();
    await page.getByText(/^Password: at least 10 characters/).waitFor();
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("Email address").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByLabel("Utility").fill("Utility A");
    await page.getByRole("button", { name: "Create the first account" }).click();
    await page.getByRole("heading", { name: "Questionnaires of Utility A" }).waitFor();
    await page.getByRole("link", { name: "Members of Utility A" }).waitFor();
    await page.getByLabel("Import an answers file").setInputFiles(join(EXAMPLES, "three-phase-hls-cellular.answers.json"));
    await page.getByRole("button", { name: "Import and open" }).click();
    await page.waitForURL(/\/questionnaires\/[A-Za-z0-9_-]+\/review$/);
    questionnaireId = page.url().split("/").at(-2)!;
    await page.getByRole("button", { name: "Submit and build my profile" }).click();
    await page.waitForURL(/\/profiles\/[A-Za-z0-9_-]+$/);
    profileUrl = page.url();
    await page.getByRole("link", { name: /Edit the answers/ }).waitFor();
    await page.getByRole("button", { name: "Create a read-only link for a laboratory" }).waitFor();
    await expect(page.getByRole("heading", { name: "Activity" }).count()).resolves.toBe(1);
    await expect(page.locator("table").filter({ hasText: "submitted version 1" }).count()).resolves.toBe(1);
    const cookies = await page.context().cookies();
    const sessionCookie = cookies.find((c) => c.name.includes("session_token"))!;
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe("Lax");
    ownerSession = { cookies, header: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
    await page.context().close();
  });

  test("the owner invites a colleague as viewer and copies the invitation link", async () => {
    const page = await openPage(browser, ownerSession);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto(`${server.url}/workspace/members`);
    await page.getByRole("heading", { name: "Members of Utility A" }).waitFor();
    await page.getByRole("button", { name: "Create the invitation" }).click();
    await page.getByText("Email address: enter your email address.").waitFor();
    await page.getByLabel("Colleague's email address").fill(colleague.email);
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Create the invitation" }).click();
    const link = page.locator("[data-invitation-link]");
    await link.waitFor();
    invitationLink = (await link.textContent())!;
    expect(invitationLink).toMatch(new RegExp(`^${server.url}/invitations/[A-Za-z0-9_-]{22}$`));
    await page.getByRole("button", { name: "Copy the link", exact: true }).click();
    await page.getByText("The invitation link is copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(invitationLink);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  test("the colleague signs up through the link, reads the profile without edit controls, and the API refuses edits", async () => {
    const page = await openPage(browser);
    await page.goto(invitationLink);
    await page.getByRole("heading", { name: "Join Utility A" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: `Create an account with ${colleague.email}` }).click();
    await expect(page.getByLabel("Email address").inputValue()).resolves.toBe(colleague.email);
    await expect(page.getByLabel("Utility", { exact: true }).count()).resolves.toBe(0);
    await page.getByLabel("Your name").fill(colleague.name);
    await page.getByLabel("Password").fill(colleague.password);
    await page.getByRole("button", { name: "Create the account" }).click();
    await page.getByRole("heading", { name: "Questionnaires of Utility A" }).waitFor();
    await expect(page.getByRole("button", { name: "Start a new questionnaire" }).count()).resolves.toBe(0);

    await page.goto(profileUrl);
    await page.getByText("Read-only: you are a viewer in this workspace").waitFor();
    await expect(page.getByRole("link", { name: /Edit the answers/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Create a read-only link for a laboratory" }).count()).resolves.toBe(0);
    await page.goto(`${profileUrl}/testbook`);
    await page.getByRole("heading", { name: "Laboratory results" }).waitFor();
    await expect(page.getByRole("button", { name: "Create a results link" }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/questionnaires/${questionnaireId}/review`);
    await page.waitForURL(`${server.url}/questionnaires/${questionnaireId}`);
    await page.getByText("You are a viewer in this workspace").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const versionId = profileUrl.split("/").pop()!;
    const statuses = await page.evaluate(
      async ({ questionnaireId, versionId }) => {
        const send = (url: string, method: string, body: unknown) => fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.status);
        return {
          save: await send(`/api/questionnaires/${questionnaireId}/draft`, "PUT", { revision: 0, draft: { formatVersion: "1.0", step: "review", values: {} } }),
          submit: await send(`/api/questionnaires/${questionnaireId}/submit`, "POST", { revision: 0 }),
          share: await send(`/api/profiles/${versionId}/share`, "POST", {}),
          read: await fetch(`/api/profiles/${versionId}/profile.json`).then((r) => r.status),
        };
      },
      { questionnaireId, versionId },
    );
    expect(statuses).toEqual({ save: 403, submit: 403, share: 403, read: 200 });

    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(profileUrl);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  test("a signed-out visitor with the version id gets the sign-in page and the API gets 401", async () => {
    const page = await openPage(browser);
    await page.goto(profileUrl);
    await page.waitForURL(/\/sign-in\?next=%2Fprofiles%2F/);
    const versionId = profileUrl.split("/").pop()!;
    expect((await fetch(`${server.url}/api/profiles/${versionId}/profile.json`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/profiles/${versionId}/profile.json`, { headers: { cookie: ownerSession.header } })).status).toBe(200);
    await page.context().close();
  });
});
