import "server-only";
import { getBaseline } from "../baseline/prime-plus";
import { buildUserProfile } from "../profile/build";
import type { TUserProfile } from "../profile/schema";
import { defaultAnswers } from "../questionnaire/defaults";
import { buildTestbook } from "../testbook/build";
import { getCatalogue } from "../testbook/catalogue";
import type { TTestbook } from "../testbook/testbook-schema";
import { authorize, may, resolveRef, type TActor, type TGrant, type TLoadedVersion, type TRequestLike } from "./access";
import { recordActivity } from "./activity";
import { getDatabase } from "./db";
import { NotFoundError } from "./errors";
import { createShareLink, listVersions } from "./questionnaire-repository";

export type { TLoadedVersion } from "./access";

/**
 * The version a profile page shows: by its id (a member's view) or by a read-only share token.
 * Share tokens never reveal the questionnaire (which is editable): `readOnly` views drop every
 * link to it and every control that changes something, as they do for a workspace's viewers.
 * A results link has its own page and opens no profile page.
 */
export async function loadVersionByRef(request: TRequestLike, ref: string): Promise<{ version: TLoadedVersion; readOnly: boolean; actor: TActor }> {
  const { actor, version } = await resolveRef(request, ref);
  if (actor.kind === "results") throw new NotFoundError("No user profile has this link.");
  return { version, readOnly: !may(actor, "edit-draft"), actor };
}

/** The version behind a link whose holder may read the profile (members and share links). */
export async function loadVersion(request: TRequestLike, ref: string): Promise<TLoadedVersion> {
  return (await authorize(request, ref, "read-profile")).version;
}

/** The version behind a link whose holder may read the testbook (members, share and results links). */
export async function loadTestbookVersion(request: TRequestLike, ref: string): Promise<TLoadedVersion> {
  return (await authorize(request, ref, "read-testbook")).version;
}

export async function listSiblingVersions(questionnaireId: string) {
  return listVersions(await getDatabase(), questionnaireId);
}

/** The read-only link of a version (one per version, made on first share). */
export async function shareVersion(grant: TGrant): Promise<string> {
  const db = await getDatabase();
  const token = await createShareLink(db, grant.version.id);
  await recordActivity(db, grant.actor, { questionnaireId: grant.version.questionnaireId, action: "share", versionNumber: grant.version.number });
  return token;
}

const testbooks = new Map<string, TTestbook>();

/** The testbook of a profile, built on demand and kept for the profiles seen recently. */
export function testbookOf(profile: TUserProfile): TTestbook {
  let tb = testbooks.get(profile.id);
  if (!tb) {
    tb = buildTestbook(profile, getCatalogue());
    testbooks.set(profile.id, tb);
    if (testbooks.size > 20) testbooks.delete(testbooks.keys().next().value as string);
  }
  return tb;
}

let baselineProfileCache: TUserProfile | undefined;

/** The profile the PRIME+ defaults give, to show what a utility's answers changed. */
export function baselineDefaultProfile(): TUserProfile {
  if (!baselineProfileCache) {
    const answers = defaultAnswers(getBaseline());
    answers.contact = { name: "PRIME+ defaults", email: "defaults@prime-plus.invalid", company: "PRIME+ defaults", primeAllianceMember: true, utilityFinalCustomer: "PRIME+ defaults" };
    baselineProfileCache = buildUserProfile(answers, getBaseline());
  }
  return baselineProfileCache;
}
