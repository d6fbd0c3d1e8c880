import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements, ownerAc } from "better-auth/plugins/organization/access";
import { requestHost } from "../http/request-guard";
import { getDatabase, type TDatabase } from "./db";
import { getEnv } from "./env";
import { cookieValue, liveSession, verifiedToken } from "./session-lookup";
import { consumeAccountAttempt } from "./sign-in-limit";

/**
 * Accounts through better-auth on our database: email + password (the library's scrypt hashing),
 * sessions in httpOnly SameSite=Lax cookies, sign-in rate limits stored in the database (so they
 * hold across instances), and workspaces as the organization plugin's organizations. Who may do
 * what is decided in access.ts; the plugin's own role checks agree with it (only owners manage).
 */
export const WORKSPACE_ROLES = ["owner", "editor", "viewer"] as const;
export type TWorkspaceRole = (typeof WORKSPACE_ROLES)[number];

const ac = createAccessControl(defaultStatements);
const noMemberRights = { organization: [], member: [], invitation: [], team: [], ac: ["read"] } as const;
const roles = { owner: ownerAc, editor: ac.newRole(noMemberRights), viewer: ac.newRole(noMemberRights) };

export const INVITATION_DAYS = 7;
/** Bad sign-ins per client address allowed in a window; the next one gets a 429. */
export const SIGN_IN_LIMIT = { window: 60, max: 5 } as const;

/** Sessions last two weeks, extended at most once a day by use. */
const SESSION_RULES = { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 } as const;

const SECRET_NAME = "better-auth";

/** BETTER_AUTH_SECRET, or the one this install generated at first start and keeps in the database. */
export async function authSecret(db: TDatabase): Promise<string> {
  const fromEnv = getEnv().BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  // Several instances may start at once: the first insert wins and everyone reads it back.
  await db.prisma.serverSecret.createMany({ data: [{ name: SECRET_NAME, value: randomBytes(32).toString("base64url") }], skipDuplicates: true });
  const row = await db.prisma.serverSecret.findUniqueOrThrow({ where: { name: SECRET_NAME }, select: { value: true } });
  return row.value;
}

/** A better-auth instance on a database; the app uses `getAuth`, tests build one on each kind of database. */
export function createAuth(db: TDatabase, secret: string, secure: boolean) {
  const env = getEnv();
  return betterAuth({
    appName: "PRIME+ profile tool",
    secret,
    ...(env.BETTER_AUTH_URL ? { baseURL: env.BETTER_AUTH_URL } : {}),
    basePath: "/api/auth",
    database: prismaAdapter(db.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, autoSignIn: true },
    // No cookie cache: a session is looked up on every request, so that a signed-out (or stolen
    // and then signed-out) cookie opens nothing at once, at the cost of one query per request.
    session: SESSION_RULES,
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": SIGN_IN_LIMIT, "/sign-up/email": { window: 60, max: 10 } },
    },
    advanced: { useSecureCookies: secure, database: { generateId: () => randomBytes(16).toString("base64url") } },
    telemetry: { enabled: false },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: "owner",
        invitationExpiresIn: INVITATION_DAYS * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
        // Emails are not verified (SMTP is optional): the invitation link, sent to that address, is the proof.
        requireEmailVerificationOnInvitation: false,
      }),
    ],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

const holder = globalThis as unknown as { __primePlusAuth?: Map<string, Promise<TAuth>> };

/**
 * The auth instance for a request: cookies are Secure when the public address is https
 * (BETTER_AUTH_URL, or the request itself, directly or as a proxy reports it with X-Forwarded-Proto).
 */
export function getAuth(headers: Headers, url?: string): Promise<TAuth> {
  const configured = getEnv().BETTER_AUTH_URL;
  const secure = configured ? configured.startsWith("https://") : url?.startsWith("https://") === true || headers.get("x-forwarded-proto") === "https";
  const key = secure ? "https" : "http";
  holder.__primePlusAuth ??= new Map();
  let auth = holder.__primePlusAuth.get(key);
  if (!auth) {
    auth = getDatabase().then(async (db) => createAuth(db, await authSecret(db), secure));
    auth.catch(() => holder.__primePlusAuth?.delete(key));
    holder.__primePlusAuth.set(key, auth);
  }
  return auth;
}

export type TSessionUser = { id: string; name: string; email: string; activeWorkspaceId: string | null };

/**
 * The signed-in person of a request (from its session cookie), or null. A live session that
 * is not yet due for its daily extension is read in one query (session-lookup.ts); an expired
 * one, or one due for extension, goes through better-auth, which deletes or extends it.
 */
export async function sessionUser(headers: Headers, url?: string): Promise<TSessionUser | null> {
  const cookies = headers.get("cookie");
  if (!cookies) return null;
  const auth = await getAuth(headers, url);
  const context = await auth.$context;
  const value = cookieValue(cookies, context.authCookies.sessionToken.name);
  const token = value === null ? null : verifiedToken(value, context.secret);
  if (!token) return null;
  const live = await liveSession(await getDatabase(), token);
  const dueForExtension = live && live.expiresAt.getTime() - (SESSION_RULES.expiresIn - SESSION_RULES.updateAge) * 1000 <= Date.now();
  if (live && !dueForExtension) return { id: live.userId, name: live.name, email: live.email, activeWorkspaceId: live.activeWorkspaceId };
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  return { id: session.user.id, name: session.user.name, email: session.user.email, activeWorkspaceId: active };
}

/** The library's endpoints this app serves; the organization plugin's are reached only through our routes, after access.ts. */
const SERVED_PATHS = new Set(["/sign-up/email", "/sign-in/email", "/sign-out", "/get-session"]);

/** The email a sign-in names, read from a copy of its body; null when it names none. */
async function signInEmail(request: Request): Promise<string | null> {
  try {
    const body = (await request.clone().json()) as { email?: unknown } | null;
    return typeof body?.email === "string" && body.email.length <= 254 ? body.email : null;
  } catch {
    return null;
  }
}

/** The handler behind /api/auth/*. */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname.replace(/^\/api\/auth/, "");
  if (!SERVED_PATHS.has(path)) return Response.json({ error: "No such account operation." }, { status: 404, headers: { "cache-control": "no-store" } });
  if (path === "/sign-in/email" && request.method === "POST") {
    const email = await signInEmail(request);
    const wait = email ? await consumeAccountAttempt(await getDatabase(), email) : null;
    if (wait !== null) {
      return Response.json(
        { code: "TOO_MANY_ATTEMPTS", message: "Too many sign-in attempts for this account. Wait a few minutes, then try again." },
        { status: 429, headers: { "cache-control": "no-store", "x-retry-after": String(wait), "retry-after": String(wait) } },
      );
    }
  }
  return (await getAuth(request.headers, request.url)).handler(asAddressed(request));
}

/**
 * Without BETTER_AUTH_URL, better-auth takes our address from the request's URL, which Next.js
 * builds from its own host name ("localhost" for `next start -H 127.0.0.1`), and then refuses the
 * browser's Origin. The address the browser used is the right one: proxy.ts has already refused
 * every state-changing request whose Origin is not that address.
 */
function asAddressed(request: Request): Request {
  if (getEnv().BETTER_AUTH_URL) return request;
  const host = requestHost(request.headers);
  if (!host) return request;
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto") === "https" || url.protocol === "https:" ? "https" : "http";
  let addressed: URL;
  try {
    addressed = new URL(`${url.pathname}${url.search}`, `${proto}://${host}`);
  } catch {
    return request;
  }
  if (addressed.href === url.href) return request;
  return new Request(addressed, { method: request.method, headers: request.headers, body: request.body, duplex: "half" } as RequestInit);
}
