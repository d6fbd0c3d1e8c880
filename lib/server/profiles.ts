import "server-only";
import { getBaseline } from "../baseline/prime-plus";
import { buildUserProfile } from "../profile/build";
import { ZUserProfile, type TUserProfile } from "../profile/schema";
import { defaultAnswers } from "../questionnaire/defaults";
import { buildTestbook } from "../testbook/build";
import { getCatalogue } from "../testbook/catalogue";
import type { TTestbook } from "../testbook/testbook-schema";
import { getDatabase } from "./db";
import { NotFoundError } from "./errors";
import { HttpError } from "./http";
import { addTestResults, createShareLink, getVersion, latestTestResults, listVersions, resolveShareLink, type TVersionRecord } from "./questionnaire-repository";
import { parseResults, ZResultsFile, type TResultsFile, type TResultsSummary } from "../testbook/results";

export type TLoadedVersion = Omit<TVersionRecord, "profile"> & { profile: TUserProfile };

/**
 * A submitted version by its id, or by a read-only share token. Share tokens never reveal the
 * questionnaire (which is editable): `readOnly` views drop every link to it.
 */
export async function loadVersionByRef(ref: string): Promise<{ version: TLoadedVersion; readOnly: boolean }> {
  const db = await getDatabase();
  let record: TVersionRecord;
  let readOnly = false;
  try {
    record = await getVersion(db, ref);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    record = await resolveShareLink(db, ref).catch(() => {
      throw new NotFoundError("No user profile has this link.");
    });
    readOnly = true;
  }
  return { version: { ...record, profile: ZUserProfile.parse(record.profile) }, readOnly };
}

export async function loadVersion(ref: string): Promise<TLoadedVersion> {
  return (await loadVersionByRef(ref)).version;
}

export async function listSiblingVersions(questionnaireId: string) {
  return listVersions(await getDatabase(), questionnaireId);
}

export async function shareVersion(versionId: string): Promise<string> {
  return createShareLink(await getDatabase(), versionId);
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

/** Checks a laboratory's results file against the version's testbook and stores it. */
export async function importTestResults(ref: string, input: unknown) {
  const { version } = await loadVersionByRef(ref);
  const parsed = parseResults(input, testbookOf(version.profile));
  if (!parsed.ok) throw new HttpError(422, "The results file does not fit this testbook.", { issues: parsed.issues });
  const stored = await addTestResults(await getDatabase(), version.id, { laboratory: parsed.results.laboratory, results: parsed.results.results, summary: parsed.summary });
  return { id: stored.id, summary: parsed.summary };
}

export type TLabResults = { createdAt: string; laboratory: TResultsFile["laboratory"]; summary: TResultsSummary; verdicts: Map<string, TResultsFile["results"][number]> };

export async function loadTestResults(versionId: string): Promise<TLabResults | null> {
  const stored = await latestTestResults(await getDatabase(), versionId);
  if (!stored) return null;
  const results = ZResultsFile.shape.results.parse(stored.results);
  return {
    createdAt: stored.createdAt,
    laboratory: ZResultsFile.shape.laboratory.parse(stored.laboratory),
    summary: stored.summary as TResultsSummary,
    verdicts: new Map(results.map((r) => [r.testId, r])),
  };
}
