import "server-only";
import { randomBytes } from "node:crypto";
import { APIError } from "better-auth/api";
import { z } from "zod";
import { requireUser, type TMemberActor, type TRequestLike } from "./access";
import { getAuth, INVITATION_DAYS, WORKSPACE_ROLES, type TSessionUser, type TWorkspaceRole } from "./auth";
import { getDatabase } from "./db";
import { getEnv } from "./env";
import { HttpError } from "./http";
import { mailConfigured, sendInvitationMail } from "./mail";
import {
  claimUnassignedQuestionnaires,
  countUsers,
  findMember,
  listMembers,
  pendingInvitations,
  userWorkspaces,
  workspaceName,
  workspaceQuestionnaires,
  type TInvitationRow,
  type TMemberRow,
  type TWorkspaceQuestionnaire,
  type TWorkspaceSummary,
} from "./workspace-repository";

/**
 * Workspaces (one per utility): creating one, inviting colleagues by link (and by email when SMTP
 * is configured), roles, removal, and the workspace a person works in. Callers authorize first
 * (access.ts); the organization plugin then does the change and checks the same rule again.
 */
export const ZWorkspaceName = z
  .string({ error: "name: the name of your utility (your workspace) is required" })
  .trim()
  .min(2, "name: the name of your utility needs at least 2 characters")
  .max(120, "name: at most 120 characters");
export const ZCreateWorkspace = z.strictObject({ name: ZWorkspaceName });

export const ZInvite = z.strictObject({
  email: z.email({ error: "email: enter the colleague's email address, like name@utility.example" }).max(254, "email: at most 254 characters"),
  role: z.enum(WORKSPACE_ROLES, { error: "role: choose owner, editor or viewer" }),
});
export const ZChangeRole = z.strictObject({ role: z.enum(WORKSPACE_ROLES, { error: "role: choose owner, editor or viewer" }) });
export const ZSetActive = z.strictObject({ workspaceId: z.string({ error: "workspaceId: choose a workspace" }).min(1, "workspaceId: choose a workspace").max(64) });

const headersOf = (request: TRequestLike): Headers => (request instanceof Request ? request.headers : request);
const authFor = (request: TRequestLike) => getAuth(headersOf(request), request instanceof Request ? request.url : undefined);

/** The library's refusals keep their status and message; nothing else leaks. */
async function callAuth<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof APIError) {
      const status = typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 400;
      const body = e.body as { message?: unknown } | undefined;
      throw new HttpError(status, typeof body?.message === "string" && body.message ? body.message : "The request was refused.");
    }
    throw e;
  }
}

/** A new workspace owned by the signed-in person, made their current one; the install's first account also gets the questionnaires from before accounts. */
export async function createWorkspace(request: Request, input: z.infer<typeof ZCreateWorkspace>): Promise<{ id: string; name: string; claimed: number }> {
  const user = await requireUser(request);
  const auth = await authFor(request);
  const slug = `ws-${randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  const created = await callAuth(() => auth.api.createOrganization({ headers: request.headers, body: { name: input.name, slug } }));
  if (!created) throw new HttpError(400, "The workspace could not be created.");
  const claimed = await claimUnassignedQuestionnaires(await getDatabase(), created.id, user.id);
  return { id: created.id, name: created.name, claimed };
}

export type TInvitationCreated = { id: string; path: string; link: string; email: string; role: TWorkspaceRole; expiresAt: string; emailed: boolean };

/** The public address for links in emails: BETTER_AUTH_URL, or the address the owner used. */
const publicOrigin = (request: Request) => getEnv().BETTER_AUTH_URL?.replace(/\/+$/, "") ?? new URL(request.url).origin;

export async function inviteMember(actor: TMemberActor, request: Request, input: z.infer<typeof ZInvite>): Promise<TInvitationCreated> {
  const db = await getDatabase();
  const members = await listMembers(db, actor.workspaceId);
  if (members.some((m) => m.email === input.email.toLowerCase())) throw new HttpError(409, `email: ${input.email} is already a member of this workspace.`);
  const auth = await authFor(request);
  const invitation = await callAuth(() =>
    auth.api.createInvitation({ headers: request.headers, body: { email: input.email, role: input.role, organizationId: actor.workspaceId, resend: true } }),
  );
  const path = `/invitations/${invitation.id}`;
  const link = `${publicOrigin(request)}${path}`;
  let emailed = false;
  if (mailConfigured()) {
    emailed = await sendInvitationMail({
      to: invitation.email,
      link,
      workspace: (await workspaceName(db, actor.workspaceId)) ?? "PRIME+",
      inviter: actor.user.name,
      role: input.role,
      days: INVITATION_DAYS,
    }).catch((e: unknown) => {
      console.error(`The invitation email could not be sent: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    });
  }
  return { id: invitation.id, path, link, email: invitation.email, role: input.role, expiresAt: new Date(invitation.expiresAt).toISOString(), emailed };
}

export async function cancelInvitation(actor: TMemberActor, request: Request, invitationId: string): Promise<void> {
  const pending = await pendingInvitations(await getDatabase(), actor.workspaceId, new Date());
  if (!pending.some((i) => i.id === invitationId)) throw new HttpError(404, "invitation: this workspace has no pending invitation with this id.");
  const auth = await authFor(request);
  await callAuth(() => auth.api.cancelInvitation({ headers: request.headers, body: { invitationId } }));
}

/** Joins the workspace of an invitation authorized for the signed-in person, and makes it their current one. */
export async function acceptInvitation(request: Request, invitation: TInvitationRow): Promise<{ workspaceId: string; role: TWorkspaceRole }> {
  const auth = await authFor(request);
  await callAuth(() => auth.api.acceptInvitation({ headers: request.headers, body: { invitationId: invitation.id } }));
  await callAuth(() => auth.api.setActiveOrganization({ headers: request.headers, body: { organizationId: invitation.workspaceId } }));
  return { workspaceId: invitation.workspaceId, role: invitation.role };
}

async function memberToChange(actor: TMemberActor, memberId: string, nextRole: TWorkspaceRole | null): Promise<TMemberRow> {
  const db = await getDatabase();
  const member = await findMember(db, actor.workspaceId, memberId);
  if (!member) throw new HttpError(404, "member: this workspace has no member with this id.");
  if (member.role === "owner" && nextRole !== "owner") {
    const owners = (await listMembers(db, actor.workspaceId)).filter((m) => m.role === "owner");
    if (owners.length === 1) throw new HttpError(409, "A workspace keeps at least one owner: make another member an owner first.");
  }
  return member;
}

export async function changeMemberRole(actor: TMemberActor, request: Request, memberId: string, role: TWorkspaceRole): Promise<TMemberRow> {
  const member = await memberToChange(actor, memberId, role);
  const auth = await authFor(request);
  await callAuth(() => auth.api.updateMemberRole({ headers: request.headers, body: { memberId, role, organizationId: actor.workspaceId } }));
  return { ...member, role };
}

export async function removeMember(actor: TMemberActor, request: Request, memberId: string): Promise<void> {
  await memberToChange(actor, memberId, null);
  const auth = await authFor(request);
  await callAuth(() => auth.api.removeMember({ headers: request.headers, body: { memberIdOrEmail: memberId, organizationId: actor.workspaceId } }));
}

export async function setActiveWorkspace(actor: TMemberActor, request: Request): Promise<void> {
  const auth = await authFor(request);
  await callAuth(() => auth.api.setActiveOrganization({ headers: request.headers, body: { organizationId: actor.workspaceId } }));
}

export type TMembersPage = { workspace: TWorkspaceSummary; members: TMemberRow[]; invitations: TInvitationRow[]; canManage: boolean; you: string };

export async function membersPage(actor: TMemberActor, canManage: boolean): Promise<TMembersPage> {
  const db = await getDatabase();
  return {
    workspace: { id: actor.workspaceId, name: (await workspaceName(db, actor.workspaceId)) ?? "", role: actor.role },
    members: await listMembers(db, actor.workspaceId),
    invitations: canManage ? await pendingInvitations(db, actor.workspaceId, new Date()) : [],
    canManage,
    you: actor.user.id,
  };
}

export type THome =
  | { state: "first-run" }
  | { state: "signed-out" }
  | { state: "no-workspace"; user: TSessionUser }
  | { state: "member"; user: TSessionUser; workspaces: TWorkspaceSummary[]; current: TWorkspaceSummary; questionnaires: TWorkspaceQuestionnaire[] };

/** What the home page offers: the first account on a fresh install, sign-in, or the current workspace's questionnaires. */
export async function homeFor(user: TSessionUser | null): Promise<THome> {
  const db = await getDatabase();
  if (!user) return (await countUsers(db)) === 0 ? { state: "first-run" } : { state: "signed-out" };
  const workspaces = await userWorkspaces(db, user.id);
  const current = workspaces.find((w) => w.id === user.activeWorkspaceId) ?? workspaces[0];
  if (!current) return { state: "no-workspace", user };
  return { state: "member", user, workspaces, current, questionnaires: await workspaceQuestionnaires(db, current.id) };
}

/** The header's account menu: who is signed in and the workspaces to switch between. */
export async function accountSummary(user: TSessionUser | null): Promise<{ user: TSessionUser; workspaces: TWorkspaceSummary[]; currentId: string | null } | null> {
  if (!user) return null;
  const workspaces = await userWorkspaces(await getDatabase(), user.id);
  return { user, workspaces, currentId: workspaces.find((w) => w.id === user.activeWorkspaceId)?.id ?? workspaces[0]?.id ?? null };
}
