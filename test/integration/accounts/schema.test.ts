import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TMemberActor } from "@/lib/server/access";
import { listActivity, recordActivity } from "@/lib/server/activity";
import { authSecret, createAuth } from "@/lib/server/auth";
import { createQuestionnaire, saveDraft } from "@/lib/server/questionnaire-repository";
import { cookieFrom } from "../../helpers/accounts";
import { DATABASE_KINDS, type TTestDatabase } from "../../helpers/databases";

// better-auth's tables as migrated by our SQL, exercised through the library on each kind of database.
delete process.env.BETTER_AUTH_SECRET;

describe.each(Object.entries(DATABASE_KINDS))("account tables on %s", (_kind, open) => {
  let t: TTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.drop();
  });

  test("the generated secret is stored once and read back the same", async () => {
    const first = await authSecret(t.db);
    expect(await authSecret(t.db)).toBe(first);
    expect(await t.db.prisma.serverSecret.count()).toBe(1);
  });

  test("sign-up, sign-in (rate-limited in the database), a workspace, an invitation and its acceptance", async () => {
    const auth = createAuth(t.db, await authSecret(t.db), false);
    const owner = await auth.api.signUpEmail({ body: { name: "Olga", email: "olga@utility-a.example", password: "correct horse battery" }, returnHeaders: true });
    const ownerHeaders = new Headers({ cookie: cookieFrom(owner.headers) });
    const signIn = await auth.handler(
      new Request("http://app.test/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://app.test", "x-forwarded-for": "192.0.2.1" },
        body: JSON.stringify({ email: "olga@utility-a.example", password: "correct horse battery" }),
      }),
    );
    expect(signIn.status).toBe(200);
    expect(await t.db.prisma.rateLimit.count()).toBe(1);
    const workspace = await auth.api.createOrganization({ headers: ownerHeaders, body: { name: "Utility A", slug: "utility-a" } });
    expect(await t.db.prisma.member.findFirst({ where: { organizationId: workspace!.id }, select: { role: true } })).toEqual({ role: "owner" });
    const invitation = await auth.api.createInvitation({ headers: ownerHeaders, body: { email: "vic@utility-a.example", role: "viewer", organizationId: workspace!.id } });
    const viewer = await auth.api.signUpEmail({ body: { name: "Vic", email: "vic@utility-a.example", password: "correct horse battery" }, returnHeaders: true });
    await auth.api.acceptInvitation({ headers: new Headers({ cookie: cookieFrom(viewer.headers) }), body: { invitationId: invitation.id } });
    const members = await t.db.prisma.member.findMany({ where: { organizationId: workspace!.id }, select: { role: true, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
    expect(members).toEqual([{ role: "owner", user: { email: "olga@utility-a.example" } }, { role: "viewer", user: { email: "vic@utility-a.example" } }]);
    expect((await t.db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("accepted");
    const session = await auth.api.getSession({ headers: ownerHeaders });
    expect(session?.user.email).toBe("olga@utility-a.example");
    expect(await t.db.prisma.account.count({ where: { providerId: "credential" } })).toBe(2);
  });

  test("activity entries are stored, autosaves coalesced per person and quarter-hour, a refused save not counted", async () => {
    const ws = (await t.db.prisma.organization.findFirstOrThrow({ select: { id: true } })).id;
    const user = await t.db.prisma.user.findFirstOrThrow({ where: { email: "olga@utility-a.example" }, select: { id: true, name: true } });
    const q = await createQuestionnaire(t.db, { formatVersion: "1.0", step: "contact", values: {} }, ws);
    const actor: TMemberActor = { kind: "member", user: { id: user.id, name: user.name, email: "olga@utility-a.example", activeWorkspaceId: ws }, workspaceId: ws, role: "owner" };
    const at = (iso: string) => new Date(iso);
    const author = { userId: user.id, actorName: user.name };
    const d = (n: number) => ({ formatVersion: "1.0", step: "contact", values: { n } });
    await saveDraft(t.db, q.id, 0, d(1), author, at("2026-12-03T09:00:05Z"));
    await saveDraft(t.db, q.id, 1, d(2), author, at("2026-12-03T09:14:59Z"));
    await expect(saveDraft(t.db, q.id, 1, d(3), author, at("2026-12-03T09:15:00Z"))).rejects.toThrow(/changed in another tab/);
    await saveDraft(t.db, q.id, 2, d(4), author, at("2026-12-03T09:15:00Z"));
    await recordActivity(t.db, actor, { questionnaireId: q.id, action: "submit", versionNumber: 1 }, at("2026-12-03T09:16:00Z"));
    const entries = await listActivity(t.db, q.id);
    expect(entries.map((e) => [e.action, e.count, e.at, e.lastAt])).toEqual([
      ["submit", 1, "2026-12-03T09:16:00.000Z", "2026-12-03T09:16:00.000Z"],
      ["save", 1, "2026-12-03T09:15:00.000Z", "2026-12-03T09:15:00.000Z"],
      ["save", 2, "2026-12-03T09:00:05.000Z", "2026-12-03T09:14:59.000Z"],
    ]);
  });
});
