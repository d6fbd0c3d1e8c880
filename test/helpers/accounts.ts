import { randomBytes } from "node:crypto";
import type { TDatabase } from "@/lib/server/db";

/**
 * Accounts for route-handler tests: a user signed up through better-auth (the same code the
 * sign-up page reaches), optionally owning a new workspace, and the Cookie header its session
 * gives. Import after setting PRIME_PLUS_DATA_DIR / DATABASE_URL: it uses the process's database.
 */
export type TTestAccount = { userId: string; name: string; email: string; password: string; cookie: string; workspaceId: string | null };

export const TEST_PASSWORD = "correct horse battery staple";

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

export async function signUp(options: { name?: string; email?: string; password?: string; workspace?: string | null; origin?: string } = {}): Promise<TTestAccount> {
  const { getAuth } = await import("@/lib/server/auth");
  const { createWorkspace } = await import("@/lib/server/workspaces");
  const origin = options.origin ?? "http://test";
  const email = options.email ?? `person-${randomBytes(5).toString("hex")}@utility.example`;
  const name = options.name ?? "Ana Test";
  const password = options.password ?? TEST_PASSWORD;
  const auth = await getAuth(new Headers(), origin);
  const { headers, response } = await auth.api.signUpEmail({ body: { name, email, password }, returnHeaders: true });
  const cookie = cookieFrom(headers);
  let workspaceId: string | null = null;
  if (options.workspace !== null) {
    const request = new Request(`${origin}/api/workspaces`, { method: "POST", headers: { cookie, "content-type": "application/json" } });
    workspaceId = (await createWorkspace(request, { name: options.workspace ?? `${name}'s utility` })).id;
  }
  return { userId: response.user.id, name, email: email.toLowerCase(), password, cookie, workspaceId };
}

/** A request carrying the account's session cookie (JSON body when given). */
export function as(account: TTestAccount | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Request {
  const h: Record<string, string> = { ...headers };
  if (account) h.cookie = account.cookie;
  if (body !== undefined && !h["content-type"]) h["content-type"] = "application/json";
  return new Request(url, { method, headers: h, ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}) });
}

/** A workspace row for repository tests that need one (no user, no session). */
export async function workspaceRow(db: TDatabase, name = "Utility A"): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  return (await db.prisma.organization.create({ data: { id, name, slug: `ws-${id.toLowerCase()}` } })).id;
}

/** The author every repository-test version names. */
export const TEST_AUTHOR = { id: "AuthorOfTheVersion000A", name: "Ana Test" };
