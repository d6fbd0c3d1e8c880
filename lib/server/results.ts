import "server-only";
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { ZUserProfile } from "../profile/schema";
import { decodeSpreadsheetText } from "../testbook/csv-read";
import { NAME_MAX, parseResults, type TParseResultsResult, type TResultsFile } from "../testbook/results";
import { parseResultsCsv } from "../testbook/results-csv";
import { capIssues, issueLine, issuesHeading } from "../testbook/results-issues";
import { EVIDENCE_MAX_BYTES, RESULTS_LINK_MAX_UPLOADS, RESULTS_SETS_MAX } from "../testbook/results-limits";
import { maySeeSet, type TGrant } from "./access";
import { recordActivity } from "./activity";
import { getDatabase, type TDatabase } from "./db";
import { HttpError, parseJsonText } from "./http";
import { testbookOf } from "./profiles";
import { getVersion } from "./questionnaire-repository";
import { getEvidence, getResultsSets, insertResultsSet, listResultsSets, type TResultsSetRecord, type TResultsSetSummary, type TResultsSource } from "./results-repository";

export type { TResultsSetRecord, TResultsSetSummary, TResultsSource } from "./results-repository";

/**
 * Results sets: every import of a laboratory's results, and every run of the conformance runner,
 * checked against the version's testbook and stored as the next numbered set. Nothing replaces
 * an earlier set.
 */
export type TAddResultsSet = {
  source: TResultsSource;
  /** Who: the laboratory's name (the runner's name for its runs). */
  laboratory: string;
  /** A results file: checked against the version's testbook before anything is stored. */
  file: unknown;
  /** The conformance run's evidence.zip, for runner sets. */
  archive?: Uint8Array;
  /** The results link the set came through. */
  linkToken?: string;
};

function refuse(what: string, parsed: Extract<TParseResultsResult, { ok: false }>): never {
  const capped = capIssues(parsed.issues);
  throw new HttpError(422, `${issuesHeading(what, parsed.issues.length)} It does not fit this testbook; nothing was stored.`, {
    issues: capped.issues,
    lines: capped.issues.map(issueLine),
    more: capped.more,
  });
}

export function checkLaboratoryName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw new HttpError(400, "laboratory: name the laboratory whose results these are.");
  if (trimmed.length > NAME_MAX) throw new HttpError(400, `laboratory: at most ${NAME_MAX} characters.`);
  return trimmed;
}

/** Stores a results set for a version, e.g. `addResultsSet(db, versionId, { source: "runner", laboratory, file, archive })`. */
export async function addResultsSet(db: TDatabase, versionId: string, input: TAddResultsSet): Promise<TResultsSetSummary> {
  const version = await getVersion(db, versionId);
  const testbook = testbookOf(ZUserProfile.parse(version.profile));
  const parsed = parseResults(input.file, testbook);
  if (!parsed.ok) refuse("The results file", parsed);
  if (input.archive && input.source !== "runner") throw new HttpError(400, "archive: only a conformance run has an evidence archive.");
  if (input.archive && input.archive.byteLength > EVIDENCE_MAX_BYTES) throw new HttpError(413, `archive: the evidence archive is larger than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MiB.`);
  return insertResultsSet(
    db,
    version.id,
    {
      laboratory: checkLaboratoryName(input.laboratory),
      source: input.source,
      testbookId: testbook.id,
      meter: parsed.results.laboratory.meter,
      results: parsed.results.results,
      summary: parsed.summary,
      ...(input.linkToken !== undefined ? { linkToken: input.linkToken } : {}),
      ...(input.archive ? { evidence: { zip: input.archive, sha256: createHash("sha256").update(input.archive).digest("hex") } } : {}),
    },
    { setsPerVersion: RESULTS_SETS_MAX, ...(input.linkToken !== undefined ? { uploadsPerLink: RESULTS_LINK_MAX_UPLOADS } : {}) },
  );
}

export type TUploadFormat = "json" | "csv";

/** The format of an upload from its content type, or from its first character when the type says nothing. */
export function uploadFormat(contentType: string | null, bytes: Uint8Array): TUploadFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv" || type === "application/csv" || type === "application/vnd.ms-excel" || type === "text/tab-separated-values") return "csv";
  if (type === "" || type === "text/plain" || type === "application/octet-stream") {
    return decodeSpreadsheetText(bytes.subarray(0, 64)).text.trimStart().startsWith("{") ? "json" : "csv";
  }
  throw new HttpError(415, `The upload is ${type}: send a results file (application/json) or the filled testbook.csv (text/csv).`);
}

export type TUpload = { contentType: string | null; bytes: Uint8Array; laboratory?: string };

/**
 * An upload from the testbook page or a results link: a results file (JSON) or the filled
 * testbook.csv. A results link's uploads carry its laboratory's name; the owner names the
 * laboratory for a CSV, and a results file names its own.
 */
export async function uploadResults(grant: TGrant, upload: TUpload): Promise<TResultsSetSummary> {
  const format = uploadFormat(upload.contentType, upload.bytes);
  const testbook = testbookOf(grant.version.profile);
  const named = grant.actor.kind === "results" ? grant.actor.link.laboratory : (upload.laboratory ?? "");
  if (named.trim().length > NAME_MAX) throw new HttpError(400, `laboratory: at most ${NAME_MAX} characters.`);
  let file: TResultsFile;
  let laboratory: string;
  if (format === "json") {
    const parsed = parseResults(parseJsonText(decodeSpreadsheetText(upload.bytes).text), testbook);
    if (!parsed.ok) refuse("The results file", parsed);
    file = parsed.results;
    laboratory = named.trim() || file.laboratory.name;
  } else {
    if (named.trim() === "") throw new HttpError(400, "laboratory: name the laboratory whose results these are; the CSV does not say.");
    const parsed = parseResultsCsv(upload.bytes, testbook, { laboratory: named.trim() });
    if (!parsed.ok) refuse("The CSV", parsed);
    file = parsed.results;
    laboratory = named;
  }
  if (file.results.every((r) => r.verdict === null)) {
    throw new HttpError(422, `The ${format === "csv" ? "CSV" : "results file"} records no verdict: fill in the result of the tests that were run (pass, fail or inconclusive). Nothing was stored.`);
  }
  const db = await getDatabase();
  const set = await addResultsSet(db, grant.version.id, {
    source: format === "csv" ? "csv" : "upload",
    laboratory,
    file,
    ...(grant.actor.kind === "results" ? { linkToken: grant.actor.link.token } : {}),
  });
  await recordActivity(db, grant.actor, { questionnaireId: grant.version.questionnaireId, action: "import-results", versionNumber: grant.version.number, detail: `set ${set.number}, ${set.laboratory}` });
  return set;
}

/** The sets the holder of the link may see, newest first. */
export async function visibleSets(grant: TGrant): Promise<TResultsSetSummary[]> {
  const db = await getDatabase();
  if (grant.actor.kind === "results") return listResultsSets(db, grant.version.id, { linkToken: grant.actor.link.token });
  return (await listResultsSets(db, grant.version.id)).filter((s) => maySeeSet(grant.actor, s));
}

/** Sets by number, with their results, among those the holder may see. */
export async function loadSets(grant: TGrant, numbers: readonly number[]): Promise<TResultsSetRecord[]> {
  const sets = await getResultsSets(await getDatabase(), grant.version.id, numbers);
  return sets.filter((s) => maySeeSet(grant.actor, s));
}

export async function loadSet(grant: TGrant, number: number): Promise<TResultsSetRecord> {
  const [set] = await loadSets(grant, [number]);
  if (!set) throw new HttpError(404, `set: this profile has no results set ${number} that this link may see.`);
  return set;
}

export async function loadEvidence(grant: TGrant, number: number): Promise<{ zip: Uint8Array; sha256: string; set: TResultsSetRecord }> {
  const set = await loadSet(grant, number);
  const evidence = await getEvidence(await getDatabase(), grant.version.id, number);
  if (!evidence) throw new HttpError(404, `set: results set ${number} has no evidence archive (only conformance runs have one).`);
  return { ...evidence, set };
}

/** One file of a run's evidence archive, such as its report.pdf: what a page links to without the whole zip. */
export async function loadEvidenceFile(grant: TGrant, number: number, name: string): Promise<Uint8Array> {
  const { zip } = await loadEvidence(grant, number);
  const file = Object.values(unzipSync(zip, { filter: (f) => f.name.split("/").pop() === name }))[0];
  if (!file) throw new HttpError(404, `set: the evidence archive of results set ${number} has no ${name}.`);
  return file;
}

/** The newest set of each laboratory, newest first. */
export function latestPerLaboratory(sets: readonly TResultsSetSummary[]): TResultsSetSummary[] {
  const seen = new Set<string>();
  return [...sets].sort((a, b) => b.number - a.number).filter((s) => !seen.has(s.laboratory) && seen.add(s.laboratory));
}

/** A set number from a URL: a 400 naming the parameter when it is not one. */
export function setNumber(text: string | undefined, name = "set"): number {
  if (!text || !/^[1-9]\d{0,6}$/.test(text)) throw new HttpError(400, `${name}: must be a results set number such as 3.`);
  return Number(text);
}
