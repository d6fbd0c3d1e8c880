import "server-only";
import { ZUserProfile, type TUserProfile } from "../profile/schema";
import { getDatabase } from "./db";
import { NotFoundError } from "./errors";
import { HttpError } from "./http";
import { getVersion, resolveShareLink, type TVersionRecord } from "./questionnaire-repository";
import { findResultsLink, type TResultsLinkRecord } from "./results-repository";

/**
 * Who may do what with a submitted version: the one place that decides it. A link is one of
 * three kinds of reference: the version's own id (its owner, until accounts replace that), a
 * read-only share link, or a laboratory's results link. Route handlers and pages ask
 * `authorize(ref, action)` and never look at the kind of link themselves.
 */
export type TLoadedVersion = Omit<TVersionRecord, "profile"> & { profile: TUserProfile };

export type TActor = { kind: "owner" } | { kind: "share"; token: string } | { kind: "results"; link: TResultsLinkRecord };

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
  /** Results sets: every one for the owner, its own uploads for a results link. */
  "read-results",
] as const;
export type TAction = (typeof ACTIONS)[number];

const MAY: Record<TActor["kind"], readonly TAction[]> = {
  owner: ACTIONS,
  share: ["read-profile", "read-testbook", "check-p1"],
  results: ["read-testbook", "upload-results", "read-results"],
};

export function may(actor: TActor, action: TAction): boolean {
  return MAY[actor.kind].includes(action);
}

/** Whether the actor sees one results set: the owner all of them, a results link what came through it. */
export function maySeeSet(actor: TActor, set: { linkToken: string | null }): boolean {
  if (!may(actor, "read-results")) return false;
  return actor.kind === "owner" || (actor.kind === "results" && set.linkToken === actor.link.token);
}

function refusal(actor: TActor, action: TAction): string {
  if (actor.kind === "share") {
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

/** The version a link opens and who holds it; a 404 when no version has this link. */
export async function resolveRef(ref: string): Promise<{ actor: TActor; version: TLoadedVersion }> {
  const db = await getDatabase();
  const version = await getVersion(db, ref).catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  if (version) return { actor: { kind: "owner" }, version: toLoaded(version) };
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

/** The version behind a link, if its holder may do `action`; a 403 naming why otherwise. */
export async function authorize(ref: string, action: TAction, now = new Date()): Promise<TGrant> {
  const grant = await resolveRef(ref);
  const { actor, version } = grant;
  if (actor.kind === "results") {
    const state = linkState(actor.link, now);
    if (state !== "active") throw new HttpError(403, linkStateMessage(actor.link, state, version.profile.utility.company));
  }
  if (!may(actor, action)) throw new HttpError(403, refusal(actor, action));
  return grant;
}
