import "server-only";
import { ZUserProfile, type TUserProfile } from "../profile/schema";
import { sessionUser, type TSessionUser, type TWorkspaceRole } from "./auth";
import { getDatabase } from "./db";
import { NotFoundError } from "./errors";
import { HttpError } from "./http";
import { getVersion, resolveShareLink, type TVersionRecord } from "./questionnaire-repository";
import { findResultsLink, type TResultsLinkRecord } from "./results-repository";
import { findInvitation, memberRole, questionnaireMembership, userWorkspaces, type TInvitationRow } from "./workspace-repository";

/**
 * Who may do what: the one place that decides it. A version link is one of three kinds of
 * reference: the version's own id (opened by a member of its workspace, signed in, with their
 * role), a read-only share link, or a laboratory's results link; the last two need no account.
 * Route handlers and pages ask `authorize(request, ref, action)` (or the questionnaire and
 * workspace variants) and never look at the kind of link or the role themselves.
 */
export type TLoadedVersion = Omit<TVersionRecord, "profile"> & { profile: TUserProfile };

export type TMemberActor = { kind: "member"; user: TSessionUser; workspaceId: string; role: TWorkspaceRole };
export type TActor = TMemberActor | { kind: "share"; token: string } | { kind: "results"; link: TResultsLinkRecord };

/** A request, or a page's request headers (`await headers()` from next/headers). */
export type TRequestLike = Request | Headers;

export const ACTIONS = [
  /** The profile's pages and files: overview, objects, events, answers, Gurux XML, PDF. */
  "read-profile",
  /** The testbook in every format, and the results template. */
  "read-testbook",
  /** A P1 capture checked against the profile: computed, nothing stored. */
  "check-p1",
  "share",
  "manage-results-links",
  "upload-results",
  /** Results sets: every one for a member, its own uploads for a results link. */
  "read-results",
  /** The questionnaire's draft and its answers file. */
  "read-draft",
  /** Saving the draft, and starting or importing a questionnaire in the workspace. */
  "edit-draft",
  "submit",
  /** Who did what to a questionnaire and its versions. */
  "read-activity",
  /** Invite, change roles, remove members, cancel invitations. */
  "manage-members",
  /** A conformance run against a meter: start it, answer its assisted questions, cancel it. */
  "start-run",
  /** The runs of the profile's testbook against meters: the list, and each one's live progress. */
  "watch-run",
] as const;
export type TAction = (typeof ACTIONS)[number];

const VIEWER: readonly TAction[] = ["read-profile", "read-testbook", "check-p1", "read-results", "read-draft", "read-activity", "watch-run"];

const MAY: Record<TWorkspaceRole | Exclude<TActor["kind"], "member">, readonly TAction[]> = {
  owner: ACTIONS,
  editor: ACTIONS.filter((a) => a !== "manage-members"),
  viewer: VIEWER,
  share: ["read-profile", "read-testbook", "check-p1", "watch-run"],
  results: ["read-testbook", "upload-results", "read-results"],
};

export function may(actor: TActor, action: TAction): boolean {
  return MAY[actor.kind === "member" ? actor.role : actor.kind].includes(action);
}

/** Whether the actor sees one results set: a member all of them, a results link what came through it. */
export function maySeeSet(actor: TActor, set: { linkToken: string | null }): boolean {
  if (!may(actor, "read-results")) return false;
  return actor.kind === "member" || (actor.kind === "results" && set.linkToken === actor.link.token);
}

const ROLE_REFUSAL: Record<TWorkspaceRole, string> = {
  owner: "",
  editor: "Only the workspace's owners manage its members and their roles.",
  viewer: "You are a viewer in this workspace: you can read its questionnaires, profiles and results, but not change them. Ask an owner for the editor role.",
};

function refusal(actor: TActor, action: TAction): string {
  if (actor.kind === "member") return ROLE_REFUSAL[actor.role];
  if (actor.kind === "share") {
    if (action === "start-run") return "A share link is read-only: it can watch the runs against meters but cannot start, answer or cancel one.";
    return action === "read-results"
      ? "A share link does not show laboratories' results: each laboratory sees its own through its results link, the owner sees them all."
      : "A share link is read-only: it shows the profile and its testbook and cannot change anything.";
  }
  return "A results link can read the testbook it answers and upload results for it, and nothing else.";
}

export type TLinkState = "active" | "expired" | "revoked";

/** The last day a results link works, as its owner chose it (it ends at the next midnight UTC). */
export const lastValidDay = (link: TResultsLinkRecord) => new Date(Date.parse(link.expiresAt) - 86_400_000).toISOString().slice(0, 10);

export function linkState(link: TResultsLinkRecord, now: Date): TLinkState {
  if (link.revokedAt) return "revoked";
  return Date.parse(link.expiresAt) <= now.getTime() ? "expired" : "active";
}

export function linkStateMessage(link: TResultsLinkRecord, state: TLinkState, company: string): string {
  if (state === "revoked") return `This results link was revoked on ${link.revokedAt!.slice(0, 10)}. Ask ${company} for a new one.`;
  if (state === "expired") return `This results link expired after ${lastValidDay(link)}. Ask ${company} for a new one.`;
  return "This results link is valid.";
}

const toLoaded = (record: TVersionRecord): TLoadedVersion => ({ ...record, profile: ZUserProfile.parse(record.profile) });

const headersOf = (request: TRequestLike): Headers => (request instanceof Request ? request.headers : request);
const urlOf = (request: TRequestLike): string | undefined => (request instanceof Request ? request.url : undefined);

export const SIGN_IN_REQUIRED = "Sign in to open this: it belongs to a workspace, and only its members may see it.";

/** The signed-in person of a request; a 401 when there is none. */
export async function requireUser(request: TRequestLike): Promise<TSessionUser> {
  const user = await sessionUser(headersOf(request), urlOf(request));
  if (!user) throw new HttpError(401, SIGN_IN_REQUIRED);
  return user;
}

/**
 * The signed-in member of a workspace. A person outside it gets the same 404 as for a link that
 * does not exist, so that a leaked id reveals nothing.
 */
async function memberOf(request: TRequestLike, workspaceId: string | null, missing: string): Promise<TMemberActor> {
  const user = await requireUser(request);
  const role = workspaceId ? await memberRole(await getDatabase(), workspaceId, user.id) : null;
  if (!workspaceId || !role) throw new NotFoundError(missing);
  return { kind: "member", user, workspaceId, role };
}

/** The signed-in member of the questionnaire's workspace, as memberOf, with the workspace and the role read together. */
async function questionnaireMember(request: TRequestLike, questionnaireId: string, missing: string): Promise<TMemberActor> {
  const user = await requireUser(request);
  const membership = await questionnaireMembership(await getDatabase(), questionnaireId, user.id);
  if (!membership?.workspaceId || !membership.role) throw new NotFoundError(missing);
  return { kind: "member", user, workspaceId: membership.workspaceId, role: membership.role };
}

/** The version a link opens and who holds it; a 404 when no version has this link or the person may not know it exists. */
export async function resolveRef(request: TRequestLike, ref: string): Promise<{ actor: TActor; version: TLoadedVersion }> {
  const db = await getDatabase();
  const version = await getVersion(db, ref).catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  if (version) {
    const actor = await questionnaireMember(request, version.questionnaireId, "No user profile has this link.");
    return { actor, version: toLoaded(version) };
  }
  const shared = await resolveShareLink(db, ref).catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  if (shared) return { actor: { kind: "share", token: ref }, version: toLoaded(shared) };
  const link = await findResultsLink(db, ref);
  if (link) return { actor: { kind: "results", link }, version: toLoaded(await getVersion(db, link.versionId)) };
  throw new NotFoundError("No user profile has this link.");
}

export type TGrant = { actor: TActor; version: TLoadedVersion };

function check(actor: TActor, action: TAction): void {
  if (!may(actor, action)) throw new HttpError(403, refusal(actor, action));
}

/** The version behind a link, if its holder may do `action`; a 401 signed out, a 403 naming why otherwise. */
export async function authorize(request: TRequestLike, ref: string, action: TAction, now = new Date()): Promise<TGrant> {
  const grant = await resolveRef(request, ref);
  const { actor, version } = grant;
  if (actor.kind === "results") {
    const state = linkState(actor.link, now);
    if (state !== "active") throw new HttpError(403, linkStateMessage(actor.link, state, version.profile.utility.company));
  }
  check(actor, action);
  return grant;
}

export type TQuestionnaireGrant = { actor: TMemberActor; questionnaireId: string };

/** A questionnaire opened by a member of its workspace who may do `action`; no link opens a questionnaire without an account. */
export async function authorizeQuestionnaire(request: TRequestLike, questionnaireId: string, action: TAction): Promise<TQuestionnaireGrant> {
  const missing = "No questionnaire has this link. Check the link, or start a new questionnaire.";
  const actor = await questionnaireMember(request, questionnaireId, missing);
  check(actor, action);
  return { actor, questionnaireId };
}

/**
 * A workspace the signed-in person belongs to, if they may do `action` in it. `"current"` is the
 * session's active workspace, or the person's first one when none is active.
 */
export async function authorizeWorkspace(request: TRequestLike, workspaceId: string | "current", action: TAction): Promise<TMemberActor> {
  const missing = "No workspace of yours has this id.";
  let id: string | null = workspaceId;
  if (workspaceId === "current") {
    const user = await requireUser(request);
    const mine = await userWorkspaces(await getDatabase(), user.id);
    id = mine.find((w) => w.id === user.activeWorkspaceId)?.id ?? mine[0]?.id ?? null;
    if (!id) throw new HttpError(409, "You are not in a workspace yet: create one, or accept an invitation.");
  }
  const actor = await memberOf(request, id, missing);
  check(actor, action);
  return actor;
}

/** Hides most of an address, so that a refusal names which email an invitation is for without spelling it out. */
const maskEmail = (email: string) => email.replace(/^(.)[^@]*(@.).*(\.[^.]+)$/, "$1…$2…$3");

/**
 * An invitation the signed-in person may accept: it is pending, unexpired and addressed to the
 * email they signed in with. Anyone holding the link sees whom it is for, not what it opens.
 */
export async function authorizeInvitation(request: TRequestLike, invitationId: string, now = new Date()): Promise<{ user: TSessionUser; invitation: TInvitationRow }> {
  const user = await requireUser(request);
  const invitation = await findInvitation(await getDatabase(), invitationId);
  if (!invitation) throw new NotFoundError("No invitation has this link. Ask the workspace's owner for a new one.");
  if (invitation.status !== "pending") throw new HttpError(410, `This invitation was already ${invitation.status === "accepted" ? "accepted" : "withdrawn"}. Ask the workspace's owner for a new one if you still need it.`);
  if (Date.parse(invitation.expiresAt) <= now.getTime()) throw new HttpError(410, "This invitation has expired. Ask the workspace's owner for a new one.");
  if (invitation.email !== user.email.toLowerCase()) {
    throw new HttpError(403, `This invitation is for another email address (${maskEmail(invitation.email)}). Sign out, then sign in or create an account with that address.`);
  }
  return { user, invitation };
}
