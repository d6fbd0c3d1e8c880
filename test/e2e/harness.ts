import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Cookie, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ROOT = join(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type TServer = {
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
  /** Ends the server at once with SIGKILL, as a crash or `kill -9` would: no clean-up runs. */
  kill: () => Promise<void>;
  /** What the server printed so far. */
  output: () => string;
};

/**
 * Starts the production build on a free port with a fresh embedded database, or with the
 * database `env.DATABASE_URL` names.
 */
function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

export async function startServer(dataDir = mkdtempSync(join(tmpdir(), "prime-plus-e2e-")), env: Record<string, string> = {}): Promise<TServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    // The public address, as a deployment configures it (better-auth checks Origin against it).
    env: { ...process.env, PRIME_PLUS_DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => output,
    stop: () => ended(child, "SIGTERM"),
    kill: () => ended(child, "SIGKILL"),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Waits until the autosave status says everything is saved. */
export async function waitSaved(page: Page): Promise<void> {
  await page.waitForSelector('[data-save-state="saved"]', { timeout: 15_000 });
}

/** A page in its own context (axe-core needs one), accepting downloads; signed in when given a session's cookies. */
export async function openPage(browser: Browser, session?: TBrowserSession): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  if (session) await context.addCookies(session.cookies);
  return context.newPage();
}

export type TBrowserAccount = { name: string; email: string; password: string };
/** A browser's signed-in session: its cookies (for new contexts) and the Cookie header (for fetch). */
export type TBrowserSession = { cookies: Cookie[]; header: string };

export function newBrowserAccount(name = "Ana Test"): TBrowserAccount {
  return { name, email: `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@utility.example`, password: "correct horse battery staple" };
}

/** A session signed up over HTTP (its Cookie header), for browser contexts on that server. */
export function browserSession(server: TServer, header: string): TBrowserSession {
  const domain = new URL(server.url).hostname;
  const cookies = header.split("; ").map((pair): Cookie => {
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1), domain, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" };
  });
  return { cookies, header };
}

async function sessionOf(page: Page): Promise<TBrowserSession> {
  const cookies = await page.context().cookies();
  return { cookies, header: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
}

/**
 * Signs up through the sign-up page in the page's browser context: with `workspace`, the
 * account's own new workspace; with `invitation`, joining the invited one. Leaves the page
 * on the home page and returns the session.
 */
export async function signUpInBrowser(page: Page, server: TServer, account: TBrowserAccount, options: { workspace?: string; invitation?: string } = {}): Promise<TBrowserSession> {
  await page.goto(options.invitation ? `${server.url}/sign-up?invitation=${options.invitation}` : `${server.url}/sign-up`);
  await page.getByLabel("Your name").fill(account.name);
  if (!options.invitation) await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  if (!options.invitation) await page.getByLabel("Utility").fill(options.workspace ?? `${account.name}'s utility`);
  await page.getByRole("button", { name: /^Create the (first )?account$/ }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByRole("link", { name: "Sign out" }).waitFor();
  return sessionOf(page);
}

/** Signs in through the sign-in page; returns the session. */
export async function signInInBrowser(page: Page, server: TServer, account: TBrowserAccount): Promise<TBrowserSession> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Sign out" }).waitFor();
  return sessionOf(page);
}

/** A fresh server's owner: the first account, signed up in the browser, with its session for further pages and fetches. */
export async function firstOwner(browser: Browser, server: TServer, name = "Olga Owner"): Promise<{ account: TBrowserAccount; session: TBrowserSession }> {
  const page = await openPage(browser);
  const account = newBrowserAccount(name);
  const session = await signUpInBrowser(page, server, account, { workspace: "Utility A" });
  await page.context().close();
  return { account, session };
}

/**
 * A new account on the server, signed up over HTTP as the sign-up page does, owning a new
 * workspace; returns the Cookie header of its session.
 */
export async function signUpOverHttp(server: TServer, name = "Ana Test"): Promise<string> {
  const headers = { "content-type": "application/json", origin: server.url };
  const email = `person-${Math.random().toString(36).slice(2)}@utility.example`;
  const signedUp = await fetch(`${server.url}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify({ name, email, password: "correct horse battery staple" }) });
  if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.status} ${await signedUp.text()}`);
  const cookie = signedUp.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
  const workspace = await fetch(`${server.url}/api/workspaces`, { method: "POST", headers: { ...headers, cookie }, body: JSON.stringify({ name: `${name}'s utility` }) });
  if (!workspace.ok) throw new Error(`creating a workspace failed: ${workspace.status} ${await workspace.text()}`);
  return cookie;
}
