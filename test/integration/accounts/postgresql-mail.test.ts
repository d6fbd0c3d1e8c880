import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emptyPostgresDatabase } from "../../helpers/postgres";

// Accounts on a PostgreSQL server (a fresh database), with invitations mailed to a local SMTP server.
const database = await emptyPostgresDatabase("prime_plus_accounts");
process.env.DATABASE_URL = database.url;
delete process.env.BETTER_AUTH_SECRET;
process.env.BETTER_AUTH_URL = "https://profiles.utility-a.example";

type TMail = { from: string; to: string[]; text: string };
const received: TMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, done) {
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    stream.on("end", () => {
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), text });
      done();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
process.env.MAIL_FROM = "PRIME+ profiles <profiles@utility-a.example>";

const { as, signUp, TEST_PASSWORD } = await import("../../helpers/accounts");
const auth = await import("@/app/api/auth/[...all]/route");
const invitations = await import("@/app/api/workspaces/[id]/invitations/route");
const { getDatabase } = await import("@/lib/server/db");

afterAll(async () => {
  await (await getDatabase()).close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database.drop();
});

let owner: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  owner = await signUp({ name: "Olga Owner", email: "olga@utility-a.example", workspace: "Utility A", origin: "https://profiles.utility-a.example" });
});

describe("accounts on PostgreSQL", () => {
  test("the database is PostgreSQL and the account tables hold the user, its password hash and its session", async () => {
    const db = await getDatabase();
    expect(db.kind).toBe("postgresql");
    const account = await db.prisma.account.findFirstOrThrow({ where: { userId: owner.userId }, select: { providerId: true, password: true } });
    expect(account.providerId).toBe("credential");
    expect(account.password).not.toContain(TEST_PASSWORD);
    expect(await db.prisma.session.count({ where: { userId: owner.userId } })).toBe(1);
  });

  test("with BETTER_AUTH_URL on https, sign-in sets a Secure cookie", async () => {
    const response = await auth.POST(
      new Request("https://profiles.utility-a.example/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://profiles.utility-a.example", "x-forwarded-for": "203.0.113.5" },
        body: JSON.stringify({ email: owner.email, password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token"))!;
    expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(cookie).toMatch(/; Secure/);
  });

  test("an invitation is emailed with its absolute link when SMTP is configured", async () => {
    const response = await invitations.POST(as(owner, "POST", "https://profiles.utility-a.example/api/workspaces/x/invitations", { email: "victor@utility-a.example", role: "viewer" }), {
      params: Promise.resolve({ id: owner.workspaceId! }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; link: string; emailed: boolean };
    expect(created.emailed).toBe(true);
    expect(created.link).toBe(`https://profiles.utility-a.example/invitations/${created.id}`);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(["victor@utility-a.example"]);
    expect(received[0]!.from).toBe("profiles@utility-a.example");
    expect(received[0]!.text.replace(/=\r?\n/g, "")).toContain(created.link);
    expect(received[0]!.text).toMatch(/Olga Owner invites you/);
  });
});
