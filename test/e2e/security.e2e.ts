import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, openPage, signUpOverHttp, startServer, type TServer } from "./harness";


/** A last day a results link may have (at most a year ahead). */
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * The site under its Content-Security-Policy in Chromium: every kind of page still works (its
 * scripts carry the nonce) and none reports a violation; requests from other sites and methods
 * the app does not serve are refused before any route runs.
 */
const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let server: TServer;
let browser: Browser;
let questionnaireId: string;
let versionId: string;
let shareToken: string;
let resultsToken: string;
let cookie: string;

const api = (path: string) => `${server.url}/api${path}`;
const sameSite = () => ({ "content-type": "application/json", origin: server.url, cookie });
const postJson = async <T>(path: string, body: unknown) =>
  (await (await fetch(api(path), { method: "POST", headers: sameSite(), body: typeof body === "string" ? body : JSON.stringify(body) })).json()) as T;

/** A page that records every CSP violation and script error it meets. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await openPage(browser);
  await page.context().addCookies(cookie.split("; ").map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: server.url })));
  const problems: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, problems };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cookie = await signUpOverHttp(server);
  const imported = await postJson<{ id: string; revision: number }>("/questionnaires/import", readFileSync(join(EXAMPLES, "single-phase-plc.answers.json"), "utf8"));
  questionnaireId = imported.id;
  versionId = (await postJson<{ versionId: string }>(`/questionnaires/${imported.id}/submit`, { revision: imported.revision })).versionId;
  shareToken = (await postJson<{ token: string }>(`/profiles/${versionId}/share`, {})).token;
  resultsToken = (await postJson<{ token: string }>(`/profiles/${versionId}/results-links`, { laboratory: "Laboratorio Central", expiresOn: inAMonth() })).token;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("Content-Security-Policy in Chromium", () => {
  test("every page kind renders, hydrates and reports no violation", async () => {
    const { page, problems } = await watchedPage();
    for (const path of ["/", `/questionnaires/${questionnaireId}/contact`, `/profiles/${versionId}`, `/profiles/${versionId}/objects`, `/profiles/${versionId}/testbook`, `/shared/${shareToken}`, `/results/${resultsToken}`, "/no-such-page"]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      await page.waitForLoadState("networkidle");
    }
    expect(problems).toEqual([]);
  });

  test("the questionnaire's scripts run: a change is autosaved", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${server.url}/questionnaires/${questionnaireId}/contact`);
    // The field holds the imported name: typing before the form has hydrated would add to it.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Name and surname").fill("Lucía Fernández");
    await page.waitForSelector('[data-save-state="saved"]', { timeout: 15_000 });
    const saved = (await (await fetch(api(`/questionnaires/${questionnaireId}`), { headers: { cookie } })).json()) as { draft: { values: { contact: { name: string } } } };
    expect(saved.draft.values.contact.name).toBe("Lucía Fernández");
    expect(problems).toEqual([]);
  });

  test("the PDF opens from the profile page without a violation", async () => {
    const { page, problems } = await watchedPage();
    const response = await page.request.get(api(`/profiles/${versionId}/profile.pdf`));
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(response.headers()["content-type"]).toBe("application/pdf");
    await page.goto(`${server.url}/profiles/${versionId}`);
    // Headless Chromium either shows the PDF or downloads it; neither may meet the policy.
    const download = page.waitForEvent("download", { timeout: 5_000 }).catch(() => null);
    await page.goto(api(`/profiles/${versionId}/profile.pdf`)).catch(() => null);
    await download;
    expect(problems).toEqual([]);
  });
});

describe("requests refused before any route", () => {
  test("a text/plain POST from another site creates nothing (415), nor a JSON one (403)", async () => {
    const plain = await fetch(api("/questionnaires"), { method: "POST", headers: { "content-type": "text/plain", origin: "http://evil.example", cookie }, body: "{}" });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: string }).error).toMatch(/application\/json/);
    const json = await fetch(api("/questionnaires"), { method: "POST", headers: { "content-type": "application/json", origin: "http://evil.example", cookie }, body: "{}" });
    expect(json.status).toBe(403);
    const noOrigin = await fetch(api(`/questionnaires/${questionnaireId}/submit`), { method: "POST", headers: { "content-type": "application/json", cookie }, body: "{}" });
    expect(noOrigin.status).toBe(403);
  });

  test("an undecodable path is a 400 and TRACE a 405 with Allow", async () => {
    expect((await fetch(`${server.url}/questionnaires/%zz`)).status).toBe(400);
    expect((await fetch(api("/questionnaires/%zz/draft"))).status).toBe(400);
    const { request } = await import("node:http");
    const trace = await new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
      const r = request(`${server.url}/`, { method: "TRACE" }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, allow: res.headers.allow });
      });
      r.on("error", reject);
      r.end();
    });
    expect(trace).toEqual({ status: 405, allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE" });
  });

  test("every response carries the security headers; HSTS only under https", async () => {
    for (const path of ["/", "/favicon.svg", `/api/profiles/${versionId}/objects.csv`, "/api/questionnaires/nope"]) {
      const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers.get("strict-transport-security")).toBeNull();
    }
    const https = await fetch(`${server.url}/`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  test.each(["profile.pdf", "profile.json", "objects.csv", "testbook.json", "testlink.xml"])("%s is never kept by the browser", async (file) => {
    const r = await fetch(api(`/profiles/${versionId}/${file}`), { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
  });
});
