import "server-only";
import { WORKSPACE_ROLES, type TWorkspaceRole } from "./auth";
import type { TDatabase } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { isId } from "./questionnaire-repository";

/** Workspaces, their members and invitations as stored by better-auth's organization plugin, read for our pages and checks. */
export const asRole = (role: string | null | undefined): TWorkspaceRole | null =>
  (WORKSPACE_ROLES as readonly string[]).includes(role ?? "") ? (role as TWorkspaceRole) : null;

export async function memberRole(db: TDatabase, workspaceId: string, userId: string): Promise<TWorkspaceRole | null> {
  const row = await db.prisma.member.findUnique({ where: { organizationId_userId: { organizationId: workspaceId, userId } }, select: { role: true } });
  return asRole(row?.role);
}

export type TWorkspaceSummary = { id: string; name: string; role: TWorkspaceRole };

/** The workspaces a person belongs to, oldest membership first. */
export async function userWorkspaces(db: TDatabase, userId: string): Promise<TWorkspaceSummary[]> {
  const rows = await db.prisma.member.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, name: true } } },
  });
  return rows.flatMap((r) => {
    const role = asRole(r.role);
    return role ? [{ id: r.organization.id, name: r.organization.name, role }] : [];
  });
}

export async function workspaceName(db: TDatabase, workspaceId: string): Promise<string | null> {
  return (await db.prisma.organization.findUnique({ where: { id: workspaceId }, select: { name: true } }))?.name ?? null;
}

export type TMemberRow = { id: string; userId: string; name: string; email: string; role: TWorkspaceRole; joinedAt: string };

const memberSelect = { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } } satisfies Prisma.MemberSelect;

export async function listMembers(db: TDatabase, workspaceId: string): Promise<TMemberRow[]> {
  const rows = await db.prisma.member.findMany({ where: { organizationId: workspaceId }, orderBy: { createdAt: "asc" }, select: memberSelect });
  return rows.flatMap((r) => {
    const role = asRole(r.role);
    return role ? [{ id: r.id, userId: r.userId, name: r.user.name, email: r.user.email, role, joinedAt: r.createdAt.toISOString() }] : [];
  });
}

export async function findMember(db: TDatabase, workspaceId: string, memberId: string): Promise<TMemberRow | null> {
  if (!isId(memberId)) return null;
  const r = await db.prisma.member.findFirst({ where: { id: memberId, organizationId: workspaceId }, select: memberSelect });
  const role = asRole(r?.role);
  return r && role ? { id: r.id, userId: r.userId, name: r.user.name, email: r.user.email, role, joinedAt: r.createdAt.toISOString() } : null;
}

export type TInvitationRow = {
  id: string;
  workspaceId: string;
  workspace: string;
  email: string;
  role: TWorkspaceRole;
  status: string;
  expiresAt: string;
  inviter: string;
};

const invitationSelect = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  organization: { select: { name: true } },
  inviter: { select: { name: true } },
} satisfies Prisma.InvitationSelect;

type TInvitationDbRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

const toInvitation = (r: TInvitationDbRow): TInvitationRow => ({
  id: r.id,
  workspaceId: r.organizationId,
  workspace: r.organization.name,
  email: r.email,
  role: asRole(r.role) ?? "viewer",
  status: r.status,
  expiresAt: r.expiresAt.toISOString(),
  inviter: r.inviter.name,
});

export async function findInvitation(db: TDatabase, id: string): Promise<TInvitationRow | null> {
  if (!isId(id)) return null;
  const row = await db.prisma.invitation.findUnique({ where: { id }, select: invitationSelect });
  return row ? toInvitation(row) : null;
}

/** Invitations not yet accepted, cancelled or expired. */
export async function pendingInvitations(db: TDatabase, workspaceId: string, now: Date): Promise<TInvitationRow[]> {
  const rows = await db.prisma.invitation.findMany({
    where: { organizationId: workspaceId, status: "pending", expiresAt: { gt: now } },
    orderBy: { createdAt: "asc" },
    select: invitationSelect,
  });
  return rows.map(toInvitation);
}

export async function hasPendingInvitation(db: TDatabase, email: string, now: Date): Promise<boolean> {
  return (await db.prisma.invitation.count({ where: { email: email.toLowerCase(), status: "pending", expiresAt: { gt: now } } })) > 0;
}

export async function countUsers(db: TDatabase): Promise<number> {
  return db.prisma.user.count();
}

/** The workspace a questionnaire belongs to; null for one from before accounts that nobody claimed yet. */
/**
 * The workspace of a questionnaire and the person's role in it, in one query: every autosave asks
 * it. The role is null for a person outside the workspace, the workspace null before accounts.
 */
export async function questionnaireMembership(db: TDatabase, questionnaireId: string, userId: string): Promise<{ workspaceId: string | null; role: TWorkspaceRole | null } | null> {
  if (!isId(questionnaireId)) return null;
  const rows = await db.prisma.$queryRaw<{ workspace_id: string | null; role: string | null }[]>`
    SELECT q.workspace_id, m.role
    FROM questionnaire q LEFT JOIN workspace_member m ON m.workspace_id = q.workspace_id AND m.user_id = ${userId}
    WHERE q.id = ${questionnaireId}`;
  const row = rows[0];
  return row ? { workspaceId: row.workspace_id, role: asRole(row.role) } : null;
}

/**
 * Moves the questionnaires from before accounts (no workspace) into the workspace of the
 * install's first account. Only that account's first workspace claims them; an atomic update
 * makes a second attempt find nothing.
 */
export async function claimUnassignedQuestionnaires(db: TDatabase, workspaceId: string, userId: string): Promise<number> {
  const first = await db.prisma.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (first?.id !== userId) return 0;
  const workspaces = await db.prisma.member.count({ where: { userId } });
  if (workspaces !== 1) return 0;
  return (await db.prisma.questionnaire.updateMany({ where: { workspaceId: null }, data: { workspaceId } })).count;
}

export type TWorkspaceQuestionnaire = { id: string; company: string; updatedAt: string; versions: number; latestVersionId: string | null };

/** A workspace's questionnaires, most recently changed first. */
export async function workspaceQuestionnaires(db: TDatabase, workspaceId: string): Promise<TWorkspaceQuestionnaire[]> {
  const rows = await db.prisma.questionnaire.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    take: 200,
    select: { id: true, draft: true, updatedAt: true, versions: { select: { id: true, number: true }, orderBy: { number: "desc" } } },
  });
  return rows.map((r) => {
    const draft = r.draft as { values?: { contact?: { company?: unknown } } } | null;
    const company = draft?.values?.contact?.company;
    return {
      id: r.id,
      company: typeof company === "string" && company.trim() !== "" ? company : "Questionnaire without a company name yet",
      updatedAt: r.updatedAt.toISOString(),
      versions: r.versions.length,
      latestVersionId: r.versions[0]?.id ?? null,
    };
  });
}
