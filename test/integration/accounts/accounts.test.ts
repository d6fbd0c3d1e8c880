import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { tempDir } from "../../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder, with no account yet.
process.env.PRIME_PLUS_DATA_DIR = tempDir("accounts");
delete process.env.DATABASE_URL;
delete process.env.BETTER_AUTH_SECRET;
delete process.env.BETTER_AUTH_URL;

const { as, cookieFrom, signUp, TEST_PASSWORD } = await import("../../helpers/accounts");
type TTestAccount = Awaited<ReturnType<typeof signUp>>;
const r = {
  auth: await import("@/app/api/auth/[...all]/route"),
  start: await import("@/app/api/questionnaires/route"),
  importAnswers: await import("@/app/api/questionnaires/import/route"),
  questionnaire: await import("@/app/api/questionnaires/[id]/route"),
  draft: await import("@/app/api/questionnaires/[id]/draft/route"),
  submit: await import("@/app/api/questionnaires/[id]/submit/route"),
  share: await import("@/app/api/profiles/[id]/share/route"),
  profileJson: await import("@/app/api/profiles/[id]/profile.json/route"),
  results: await import("@/app/api/profiles/[id]/results/route"),
  resultsLinks: await import("@/app/api/profiles/[id]/results-links/route"),
  resultsLink: await import("@/app/api/profiles/[id]/results-links/[link]/route"),
  template: await import("@/app/api/profiles/[id]/results-template.json/route"),
  workspaces: await import("@/app/api/workspaces/route"),
  invitations: await import("@/app/api/workspaces/[id]/invitations/route"),
  member: await import("@/app/api/workspaces/[id]/members/[member]/route"),
  accept: await import("@/app/api/invitations/[id]/accept/route"),
};
const { getDatabase } = await import("@/lib/server/db");
const { listActivity } = await import("@/lib/server/activity");

const URL_BASE = "http://app.test";
const p = (id: string) => ({ params: Promise.resolve({ id }) });
const body = async (response: Response) => (await response.json()) as Record<string, any>;
const example = (name: string) => readFileSync(join(EXAMPLES_DIR, `${name}.answers.json`), "utf8");
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const draftOf = (values: Record<string, unknown>) => ({ formatVersion: "1.0", step: "review", values: values as Record<string, never> });

function authRequest(path: string, payload: unknown, options: { base?: string; ip?: string; cookie?: string } = {}): Request {
  const base = options.base ?? URL_BASE;
  const headers: Record<string, string> = { "content-type": "application/json", origin: base };
  if (options.ip) headers["x-forwarded-for"] = options.ip;
  if (options.cookie) headers.cookie = options.cookie;
  return new Request(`${base}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(payload) });
}

async function startFrom(account: TTestAccount, name: string): Promise<{ id: string; revision: number }> {
  const created = await r.importAnswers.POST(as(account, "POST", `${URL_BASE}/api/questionnaires/import`, example(name)));
  expect(created.status).toBe(201);
  return (await body(created)) as { id: string; revision: number };
}

async function submit(account: TTestAccount, id: string): Promise<{ versionId: string; number: number }> {
  const q = await body(await r.questionnaire.GET(as(account, "GET", `${URL_BASE}/api/questionnaires/${id}`), p(id)));
  const submitted = await r.submit.POST(as(account, "POST", `${URL_BASE}/x`, { revision: q.revision }), p(id));
  expect(submitted.status).toBe(201);
  return (await body(submitted)) as { versionId: string; number: number };
}

/** Invites `email` into the owner's workspace and has `account` accept; returns the membership. */
async function joinWorkspace(owner: TTestAccount, account: TTestAccount, role: "editor" | "viewer" | "owner") {
  const invited = await r.invitations.POST(as(owner, "POST", `${URL_BASE}/x`, { email: account.email, role }), p(owner.workspaceId!));
  expect(invited.status).toBe(201);
  const { id } = await body(invited);
  const accepted = await r.accept.POST(as(account, "POST", `${URL_BASE}/x`, {}), p(id as string));
  expect(accepted.status, JSON.stringify(await accepted.clone().json())).toBe(200);
}

let legacyId: string;
let owner: TTestAccount;
let viewer: TTestAccount;
let editor: TTestAccount;
let outsider: TTestAccount;
let questionnaire: { id: string; revision: number };
let version: { versionId: string; number: number };

beforeAll(async () => {
  const db = await getDatabase();
  // A questionnaire from before accounts: no workspace.
  legacyId = "LegacyQuestionnaire01A";
  await db.prisma.questionnaire.create({ data: { id: legacyId, draft: draftOf(JSON.parse(example("single-phase-plc")) as Record<string, unknown>) } });
  owner = await signUp({ name: "Olga Owner", email: "olga@utility-a.example", workspace: "Utility A" });
  viewer = await signUp({ name: "Victor Viewer", email: "victor@utility-a.example", workspace: null });
  editor = await signUp({ name: "Edith Editor", email: "edith@utility-a.example", workspace: null });
  outsider = await signUp({ name: "Oscar Outsider", email: "oscar@utility-b.example", workspace: "Utility B" });
  await joinWorkspace(owner, viewer, "viewer");
  await joinWorkspace(owner, editor, "editor");
  questionnaire = await startFrom(owner, "three-phase-hls-cellular");
  version = await submit(owner, questionnaire.id);
});

describe("the first account", () => {
  test("gets the questionnaires from before accounts into its workspace; later accounts do not", async () => {
    const db = await getDatabase();
    const row = await db.prisma.questionnaire.findUniqueOrThrow({ where: { id: legacyId }, select: { workspaceId: true } });
    expect(row.workspaceId).toBe(owner.workspaceId);
    expect((await r.questionnaire.GET(as(owner, "GET", `${URL_BASE}/x`), p(legacyId))).status).toBe(200);
    expect((await r.questionnaire.GET(as(outsider, "GET", `${URL_BASE}/x`), p(legacyId))).status).toBe(404);
  });

  test("the session secret is generated once and kept in the database when BETTER_AUTH_SECRET is unset", async () => {
    const rows = await (await getDatabase()).prisma.serverSecret.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value.length).toBeGreaterThanOrEqual(32);
  });
});

describe("signed out", () => {
  test.each([
    ["GET questionnaire", () => r.questionnaire.GET(as(null, "GET", `${URL_BASE}/x`), p(questionnaire.id))],
    ["PUT draft", () => r.draft.PUT(as(null, "PUT", `${URL_BASE}/x`, { revision: 0, draft: draftOf({}) }), p(questionnaire.id))],
    ["POST submit", () => r.submit.POST(as(null, "POST", `${URL_BASE}/x`, { revision: 0 }), p(questionnaire.id))],
    ["POST questionnaires", () => r.start.POST(as(null, "POST", `${URL_BASE}/x`, {}))],
    ["GET profile.json by version id", () => r.profileJson.GET(as(null, "GET", `${URL_BASE}/x`), p(version.versionId))],
    ["POST share", () => r.share.POST(as(null, "POST", `${URL_BASE}/x`, {}), p(version.versionId))],
  ])("%s is a 401", async (_, call) => {
    const response = await call();
    expect(response.status).toBe(401);
    expect((await body(response)).error).toMatch(/Sign in/);
  });

  test("a forged or stale cookie is the same as none", async () => {
    const forged = { ...owner, cookie: "better-auth.session_token=forged.c2lnbmF0dXJl" };
    expect((await r.questionnaire.GET(as(forged, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(401);
  });
});

describe("a member of another workspace", () => {
  test("gets the same 404 as for an unknown link, for the version id and the questionnaire", async () => {
    const unknown = await r.profileJson.GET(as(outsider, "GET", `${URL_BASE}/x`), p("NoSuchVersion000000000A"));
    const known = await r.profileJson.GET(as(outsider, "GET", `${URL_BASE}/x`), p(version.versionId));
    expect(known.status).toBe(404);
    expect(await body(known)).toEqual(await body(unknown));
    expect((await r.questionnaire.GET(as(outsider, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(404);
    expect((await r.draft.PUT(as(outsider, "PUT", `${URL_BASE}/x`, { revision: 0, draft: draftOf({}) }), p(questionnaire.id))).status).toBe(404);
    expect((await r.share.POST(as(outsider, "POST", `${URL_BASE}/x`, {}), p(version.versionId))).status).toBe(404);
  });
});

describe("a viewer", () => {
  test("reads the questionnaire and the profile", async () => {
    expect((await r.questionnaire.GET(as(viewer, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(200);
    expect((await r.profileJson.GET(as(viewer, "GET", `${URL_BASE}/x`), p(version.versionId))).status).toBe(200);
  });

  test("cannot save, submit, share, create results links or import results (403), and nothing changes", async () => {
    const db = await getDatabase();
    const before = await db.prisma.questionnaire.findUniqueOrThrow({ where: { id: questionnaire.id }, select: { revision: true } });
    const template = await (await r.template.GET(as(owner, "GET", `${URL_BASE}/x`), p(version.versionId))).json() as Record<string, any>;
    template.results[0].verdict = "pass";
    const attempts: [string, () => Promise<Response>][] = [
      ["save", () => r.draft.PUT(as(viewer, "PUT", `${URL_BASE}/x`, { revision: before.revision, draft: draftOf({}) }), p(questionnaire.id))],
      ["submit", () => r.submit.POST(as(viewer, "POST", `${URL_BASE}/x`, { revision: before.revision }), p(questionnaire.id))],
      ["share", () => r.share.POST(as(viewer, "POST", `${URL_BASE}/x`, {}), p(version.versionId))],
      ["results link", () => r.resultsLinks.POST(as(viewer, "POST", `${URL_BASE}/x`, { laboratory: "Lab", expiresOn: inDays(5) }), p(version.versionId))],
      ["import", () => r.results.POST(as(viewer, "POST", `${URL_BASE}/x`, template), p(version.versionId))],
      ["start a questionnaire", () => r.start.POST(as(viewer, "POST", `${URL_BASE}/x`, {}))],
      ["invite", () => r.invitations.POST(as(viewer, "POST", `${URL_BASE}/x`, { email: "x@utility-a.example", role: "owner" }), p(owner.workspaceId!))],
    ];
    for (const [name, attempt] of attempts) {
      const response = await attempt();
      expect(response.status, name).toBe(403);
      expect((await body(response)).error, name).toMatch(/viewer/);
    }
    expect((await db.prisma.questionnaire.findUniqueOrThrow({ where: { id: questionnaire.id }, select: { revision: true } })).revision).toBe(before.revision);
    expect(await db.prisma.resultsSet.count({ where: { versionId: version.versionId } })).toBe(0);
    expect(await db.prisma.shareLink.count({ where: { versionId: version.versionId } })).toBe(0);
  });
});

describe("an editor", () => {
  test("saves and submits, and the version records its author by name", async () => {
    const q = await body(await r.questionnaire.GET(as(editor, "GET", `${URL_BASE}/x`), p(questionnaire.id)));
    const saved = await r.draft.PUT(as(editor, "PUT", `${URL_BASE}/x`, { revision: q.revision, draft: q.draft }), p(questionnaire.id));
    expect(saved.status).toBe(200);
    const v2 = await submit(editor, questionnaire.id);
    expect(v2.number).toBe(2);
    const row = await (await getDatabase()).prisma.answersVersion.findUniqueOrThrow({ where: { id: v2.versionId }, select: { authorId: true, authorName: true } });
    expect(row).toEqual({ authorId: editor.userId, authorName: "Edith Editor" });
    const v1 = await (await getDatabase()).prisma.answersVersion.findUniqueOrThrow({ where: { id: version.versionId }, select: { authorName: true } });
    expect(v1.authorName).toBe("Olga Owner");
  });

  test("cannot manage members: invite, change a role or remove (403)", async () => {
    const members = await (await getDatabase()).prisma.member.findMany({ where: { organizationId: owner.workspaceId! }, select: { id: true, userId: true, role: true } });
    const viewerMember = members.find((m) => m.userId === viewer.userId)!;
    const ws = owner.workspaceId!;
    expect((await r.invitations.POST(as(editor, "POST", `${URL_BASE}/x`, { email: "new@utility-a.example", role: "viewer" }), p(ws))).status).toBe(403);
    const promote = await r.member.PATCH(as(editor, "PATCH", `${URL_BASE}/x`, { role: "owner" }), { params: Promise.resolve({ id: ws, member: viewerMember.id }) });
    expect(promote.status).toBe(403);
    expect((await body(promote)).error).toMatch(/Only the workspace's owners/);
    expect((await r.member.DELETE(as(editor, "DELETE", `${URL_BASE}/x`), { params: Promise.resolve({ id: ws, member: viewerMember.id }) })).status).toBe(403);
    const after = await (await getDatabase()).prisma.member.findMany({ where: { organizationId: ws }, select: { id: true, userId: true, role: true } });
    expect(after).toEqual(expect.arrayContaining(members));
    expect(after).toHaveLength(members.length);
  });
});

describe("an owner", () => {
  test("invites, changes a role and removes a member; the last owner stays", async () => {
    const ws = owner.workspaceId!;
    const colleague = await signUp({ name: "Carla Colleague", email: "carla@utility-a.example", workspace: null });
    await joinWorkspace(owner, colleague, "viewer");
    const db = await getDatabase();
    const member = await db.prisma.member.findFirstOrThrow({ where: { organizationId: ws, userId: colleague.userId } });
    expect(member.role).toBe("viewer");
    const changed = await r.member.PATCH(as(owner, "PATCH", `${URL_BASE}/x`, { role: "editor" }), { params: Promise.resolve({ id: ws, member: member.id }) });
    expect(changed.status).toBe(200);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: member.id } })).role).toBe("editor");
    const removed = await r.member.DELETE(as(owner, "DELETE", `${URL_BASE}/x`), { params: Promise.resolve({ id: ws, member: member.id }) });
    expect(removed.status).toBe(200);
    expect((await r.questionnaire.GET(as(colleague, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(404);
    const self = await db.prisma.member.findFirstOrThrow({ where: { organizationId: ws, userId: owner.userId } });
    const demote = await r.member.PATCH(as(owner, "PATCH", `${URL_BASE}/x`, { role: "viewer" }), { params: Promise.resolve({ id: ws, member: self.id }) });
    expect(demote.status).toBe(409);
    expect((await body(demote)).error).toMatch(/at least one owner/);
  });

  test("an invitation names the field it refuses", async () => {
    const bad = await r.invitations.POST(as(owner, "POST", `${URL_BASE}/x`, { email: "not an address", role: "boss" }), p(owner.workspaceId!));
    expect(bad.status).toBe(400);
    const messages = ((await body(bad)).issues as { message: string }[]).map((i) => i.message).join(" ");
    expect(messages).toMatch(/email:/);
    expect(messages).toMatch(/role:/);
  });
});

describe("invitations", () => {
  test("accepting with another email is refused and joins nobody", async () => {
    const invited = await body(await r.invitations.POST(as(owner, "POST", `${URL_BASE}/x`, { email: "someone.else@utility-a.example", role: "editor" }), p(owner.workspaceId!)));
    expect(invited.path).toBe(`/invitations/${invited.id}`);
    const refused = await r.accept.POST(as(outsider, "POST", `${URL_BASE}/x`, {}), p(invited.id as string));
    expect(refused.status).toBe(403);
    expect((await body(refused)).error).toMatch(/another email address/);
    expect(await (await getDatabase()).prisma.member.count({ where: { organizationId: owner.workspaceId!, userId: outsider.userId } })).toBe(0);
    expect((await r.accept.POST(as(null, "POST", `${URL_BASE}/x`, {}), p(invited.id as string))).status).toBe(401);
  });

  test("the invited email signs up without a workspace of its own and joins with the invited role", async () => {
    const db = await getDatabase();
    const newcomer = await signUp({ name: "Nina Newcomer", email: "nina@utility-a.example", workspace: null });
    await joinWorkspace(owner, newcomer, "viewer");
    expect(await db.prisma.member.findMany({ where: { userId: newcomer.userId }, select: { organizationId: true, role: true } })).toEqual([{ organizationId: owner.workspaceId, role: "viewer" }]);
  });
});

describe("sign-in", () => {
  test("sets an httpOnly SameSite=Lax session cookie, Secure only under https", async () => {
    const plain = await r.auth.POST(authRequest("/sign-in/email", { email: owner.email, password: TEST_PASSWORD }, { ip: "192.0.2.10" }));
    expect(plain.status).toBe(200);
    const cookie = plain.headers.getSetCookie().find((c) => c.includes("session_token"))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const secure = await r.auth.POST(authRequest("/sign-in/email", { email: owner.email, password: TEST_PASSWORD }, { base: "https://app.test", ip: "192.0.2.11" }));
    expect(secure.status).toBe(200);
    const secureCookie = secure.headers.getSetCookie().find((c) => c.includes("session_token"))!;
    expect(secureCookie).toMatch(/^__Secure-/);
    expect(secureCookie).toMatch(/; Secure/);
    expect(secureCookie).toMatch(/HttpOnly/);
    expect(secureCookie).toMatch(/SameSite=Lax/);
  });

  test("repeated bad passwords from one address get 429, counted in the database", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await r.auth.POST(authRequest("/sign-in/email", { email: owner.email, password: `wrong password ${i}` }, { ip: "198.51.100.7" }));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password waits out the window from that address.
    expect((await r.auth.POST(authRequest("/sign-in/email", { email: owner.email, password: TEST_PASSWORD }, { ip: "198.51.100.7" }))).status).toBe(429);
    const rows = await (await getDatabase()).prisma.rateLimit.findMany({ where: { key: { contains: "198.51.100.7" } } });
    expect(rows.length).toBe(1);
    expect(rows[0]!.count).toBe(5);
  });

  test("guessing one account's password from many addresses is limited per account too", async () => {
    const target = await signUp({ name: "Tina Target", email: "tina@utility-a.example", workspace: null });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await r.auth.POST(authRequest("/sign-in/email", { email: "Tina@Utility-A.example", password: `guess ${i}` }, { ip: `203.0.113.${i + 1}` }));
      statuses.push(response.status);
      if (response.status === 429) expect((await body(response)).code).toBe("TOO_MANY_ATTEMPTS");
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const fresh = await r.auth.POST(authRequest("/sign-in/email", { email: target.email, password: TEST_PASSWORD }, { ip: "203.0.113.99" }));
    expect(fresh.status).toBe(429);
    // Another account is not affected.
    expect((await r.auth.POST(authRequest("/sign-in/email", { email: editor.email, password: TEST_PASSWORD }, { ip: "203.0.113.100" }))).status).toBe(200);
  });

  test("sign-out ends the session: its cookie opens nothing afterwards", async () => {
    const signedIn = await r.auth.POST(authRequest("/sign-in/email", { email: editor.email, password: TEST_PASSWORD }, { ip: "192.0.2.20" }));
    const cookie = cookieFrom(signedIn.headers);
    const session = { ...editor, cookie };
    expect((await r.questionnaire.GET(as(session, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(200);
    const out = await r.auth.POST(authRequest("/sign-out", {}, { cookie, ip: "192.0.2.20" }));
    expect(out.status).toBe(200);
    expect((await r.questionnaire.GET(as(session, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(401);
  });

  async function freshSession(ip: string) {
    const cookie = cookieFrom((await r.auth.POST(authRequest("/sign-in/email", { email: editor.email, password: TEST_PASSWORD }, { ip }))).headers);
    const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1).split(";")[0]!);
    return { session: { ...editor, cookie }, token: value.slice(0, value.lastIndexOf(".")) };
  }
  const expiresAt = async (token: string) => (await (await getDatabase()).prisma.session.findUnique({ where: { token } }))?.expiresAt ?? null;
  const setExpiry = async (token: string, at: Date) => (await getDatabase()).prisma.session.update({ where: { token }, data: { expiresAt: at } });

  test("an expired session opens nothing and is deleted", async () => {
    const { session, token } = await freshSession("192.0.2.21");
    await setExpiry(token, new Date(Date.now() - 1000));
    expect((await r.questionnaire.GET(as(session, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(401);
    expect(await expiresAt(token)).toBeNull();
  });

  test("a session used more than a day after its last extension lasts two weeks from now again", async () => {
    const { session, token } = await freshSession("192.0.2.22");
    const twoWeeks = 14 * 86_400_000;
    await setExpiry(token, new Date(Date.now() + twoWeeks - 86_400_000 - 60_000));
    expect((await r.questionnaire.GET(as(session, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(200);
    expect((await expiresAt(token))!.getTime()).toBeGreaterThan(Date.now() + twoWeeks - 60_000);

    // Within the day, it is read as it is and not written.
    const extended = new Date(Date.now() + twoWeeks - 3_600_000);
    await setExpiry(token, extended);
    expect((await r.questionnaire.GET(as(session, "GET", `${URL_BASE}/x`), p(questionnaire.id))).status).toBe(200);
    expect(await expiresAt(token)).toEqual(extended);
  });

  test("the auth handler serves sign-up, sign-in, sign-out and the session only", async () => {
    const response = await r.auth.POST(authRequest("/organization/create", { name: "Sneaky", slug: "sneaky" }, { cookie: outsider.cookie }));
    expect(response.status).toBe(404);
    expect(await (await getDatabase()).prisma.organization.count({ where: { slug: "sneaky" } })).toBe(0);
  });

  test("sign-up refuses a short password and an existing email with clear messages", async () => {
    const short = await r.auth.POST(authRequest("/sign-up/email", { name: "Short", email: "short@utility-c.example", password: "short" }, { ip: "192.0.2.30" }));
    expect(short.status).toBe(400);
    expect((await body(short)).code).toBe("PASSWORD_TOO_SHORT");
    const taken = await r.auth.POST(authRequest("/sign-up/email", { name: "Again", email: owner.email, password: TEST_PASSWORD }, { ip: "192.0.2.30" }));
    expect(taken.status).toBeGreaterThanOrEqual(400);
    expect(taken.status).toBeLessThan(500);
  });
});

describe("links that need no account", () => {
  test("a share link reads the profile signed out, and a results link uploads signed out", async () => {
    const share = await body(await r.share.POST(as(owner, "POST", `${URL_BASE}/x`, {}), p(version.versionId)));
    expect((await r.profileJson.GET(as(null, "GET", `${URL_BASE}/x`), p(share.token as string))).status).toBe(200);
    const link = await body(await r.resultsLinks.POST(as(owner, "POST", `${URL_BASE}/x`, { laboratory: "Laboratorio Central", expiresOn: inDays(10) }), p(version.versionId)));
    const template = (await (await r.template.GET(as(null, "GET", `${URL_BASE}/x`), p(link.token as string))).json()) as Record<string, any>;
    template.results[0].verdict = "pass";
    const uploaded = await r.results.POST(as(null, "POST", `${URL_BASE}/x`, template), p(link.token as string));
    expect(uploaded.status).toBe(201);
    expect((await body(uploaded)).laboratory).toBe("Laboratorio Central");
  });
});

describe("the activity log", () => {
  test("records who saved (coalesced per quarter-hour), submitted, shared, created and revoked a results link, and imported results", async () => {
    const q = await startFrom(owner, "single-phase-plc");
    let revision = q.revision;
    const draft = (await body(await r.questionnaire.GET(as(owner, "GET", `${URL_BASE}/x`), p(q.id)))).draft;
    for (let i = 0; i < 3; i++) {
      const saved = await body(await r.draft.PUT(as(owner, "PUT", `${URL_BASE}/x`, { revision, draft }), p(q.id)));
      revision = saved.revision as number;
    }
    const v = await submit(owner, q.id);
    await r.share.POST(as(owner, "POST", `${URL_BASE}/x`, {}), p(v.versionId));
    const link = await body(await r.resultsLinks.POST(as(editor, "POST", `${URL_BASE}/x`, { laboratory: "LCOE", expiresOn: inDays(10) }), p(v.versionId)));
    const template = (await (await r.template.GET(as(owner, "GET", `${URL_BASE}/x`), p(v.versionId))).json()) as Record<string, any>;
    template.results[0].verdict = "fail";
    expect((await r.results.POST(as(null, "POST", `${URL_BASE}/x`, template), p(link.token as string))).status).toBe(201);
    expect((await r.resultsLink.DELETE(as(owner, "DELETE", `${URL_BASE}/x`), { params: Promise.resolve({ id: v.versionId, link: link.token as string }) })).status).toBe(200);
    const entries = await listActivity(await getDatabase(), q.id);
    const summary = entries.map((e) => [e.action, e.actorName, e.count, e.versionNumber]).reverse();
    expect(summary).toEqual([
      ["save", "Olga Owner", 3, null],
      ["submit", "Olga Owner", 1, 1],
      ["share", "Olga Owner", 1, 1],
      ["create-results-link", "Edith Editor", 1, 1],
      ["import-results", "LCOE (results link)", 1, 1],
      ["revoke-results-link", "Olga Owner", 1, 1],
    ]);
  });
});
