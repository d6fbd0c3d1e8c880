import "server-only";
import { ZUserProfile, type TUserProfile } from "../profile/schema";
import { getDatabase } from "./db";
import { getQuestionnaire, getVersion, listVersions, type TVersionRecord } from "./questionnaire-repository";

export type TLoadedVersion = Omit<TVersionRecord, "profile"> & { profile: TUserProfile };

/** A submitted version with its profile re-checked on the way out of the database. */
export async function loadVersion(id: string): Promise<TLoadedVersion> {
  const v = await getVersion(await getDatabase(), id);
  return { ...v, profile: ZUserProfile.parse(v.profile) };
}

export async function loadVersionWithSiblings(id: string) {
  const db = await getDatabase();
  const version = await loadVersion(id);
  const [siblings, questionnaire] = await Promise.all([listVersions(db, version.questionnaireId), getQuestionnaire(db, version.questionnaireId)]);
  return { version, siblings, draftRevision: questionnaire.revision };
}
