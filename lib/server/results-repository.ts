import "server-only";
import { z } from "zod";
import { ZResultsFile, type TResultsFile, type TResultsSummary, type TTestResult } from "../testbook/results";
import type { TDatabase } from "./db";
import { LimitError, NotFoundError } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import { isId, newId } from "./questionnaire-repository";
import { transaction } from "./transactions";

/** Results sets and results links as stored: the only module that reads or writes their tables. */
export const RESULTS_SOURCES = ["upload", "csv", "runner"] as const;
export type TResultsSource = (typeof RESULTS_SOURCES)[number];

export type TMeter = TResultsFile["laboratory"]["meter"];

export type TResultsSetSummary = {
  id: string;
  number: number;
  laboratory: string;
  source: TResultsSource;
  testbookId: string | null;
  meter: TMeter;
  summary: TResultsSummary;
  linkToken: string | null;
  createdAt: string;
  evidence: { size: number; sha256: string } | null;
};
export type TResultsSetRecord = TResultsSetSummary & { results: TTestResult[] };

const ZSummary = z.strictObject({ pass: z.int(), fail: z.int(), inconclusive: z.int(), notRun: z.int(), total: z.int() });
const ZMeter = ZResultsFile.shape.laboratory.shape.meter;
const ZResults = ZResultsFile.shape.results;

const summarySelect = {
  id: true,
  number: true,
  laboratory: true,
  source: true,
  testbookId: true,
  meter: true,
  summary: true,
  linkToken: true,
  createdAt: true,
  evidence: { select: { size: true, sha256: true } },
} satisfies Prisma.ResultsSetSelect;

type TSummaryRow = Prisma.ResultsSetGetPayload<{ select: typeof summarySelect }>;

const toSummary = (row: TSummaryRow): TResultsSetSummary => ({
  id: row.id,
  number: row.number,
  laboratory: row.laboratory,
  source: row.source,
  testbookId: row.testbookId,
  meter: ZMeter.parse(row.meter),
  summary: ZSummary.parse(row.summary),
  linkToken: row.linkToken,
  createdAt: row.createdAt.toISOString(),
  evidence: row.evidence,
});

export type TNewResultsSet = {
  laboratory: string;
  source: TResultsSource;
  testbookId: string;
  meter: TMeter;
  results: TTestResult[];
  summary: TResultsSummary;
  linkToken?: string;
  evidence?: { zip: Uint8Array; sha256: string };
};

export type TResultsSetLimits = { setsPerVersion: number; uploadsPerLink?: number };

/**
 * Stores a results set as the next number of its version. The version's row is locked for the
 * transaction, so concurrent imports get consecutive numbers and the limits hold.
 */
export async function insertResultsSet(db: TDatabase, versionId: string, set: TNewResultsSet, limits: TResultsSetLimits): Promise<TResultsSetSummary> {
  return transaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM answers_version WHERE id = ${versionId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("No submitted profile has this link.");
    const count = await tx.resultsSet.count({ where: { versionId } });
    if (count >= limits.setsPerVersion) {
      throw new LimitError(`This profile already has ${count} results sets, the most one version keeps. Submit a new version of the questionnaire to start a new history.`);
    }
    if (set.linkToken !== undefined && limits.uploadsPerLink !== undefined) {
      const uploads = await tx.resultsSet.count({ where: { linkToken: set.linkToken } });
      if (uploads >= limits.uploadsPerLink) {
        throw new LimitError(`This results link has been used for ${uploads} uploads, the most it accepts. Ask the profile's owner for a new results link.`);
      }
    }
    const last = await tx.resultsSet.findFirst({ where: { versionId }, orderBy: { number: "desc" }, select: { number: true } });
    const row = await tx.resultsSet.create({
      data: {
        id: newId(),
        versionId,
        number: (last?.number ?? 0) + 1,
        laboratory: set.laboratory,
        source: set.source,
        testbookId: set.testbookId,
        meter: set.meter,
        results: set.results as Prisma.InputJsonValue,
        summary: set.summary,
        ...(set.linkToken !== undefined ? { linkToken: set.linkToken } : {}),
        ...(set.evidence ? { evidence: { create: { zip: new Uint8Array(set.evidence.zip), size: set.evidence.zip.byteLength, sha256: set.evidence.sha256 } } } : {}),
      },
      select: summarySelect,
    });
    return toSummary(row);
  });
}

/** The sets of a version, newest first; only those that came through one link when it is given. */
export async function listResultsSets(db: TDatabase, versionId: string, filter: { linkToken?: string } = {}): Promise<TResultsSetSummary[]> {
  const rows = await db.prisma.resultsSet.findMany({
    where: { versionId, ...(filter.linkToken !== undefined ? { linkToken: filter.linkToken } : {}) },
    orderBy: { number: "desc" },
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/** Sets of a version by number, with their results. */
export async function getResultsSets(db: TDatabase, versionId: string, numbers: readonly number[]): Promise<TResultsSetRecord[]> {
  if (numbers.length === 0) return [];
  const rows = await db.prisma.resultsSet.findMany({
    where: { versionId, number: { in: [...numbers] } },
    orderBy: { number: "desc" },
    select: { ...summarySelect, results: true },
  });
  return rows.map((r) => ({ ...toSummary(r), results: ZResults.parse(r.results) }));
}

export async function getEvidence(db: TDatabase, versionId: string, number: number): Promise<{ zip: Uint8Array; sha256: string } | null> {
  const row = await db.prisma.resultsSet.findUnique({ where: { versionId_number: { versionId, number } }, select: { evidence: { select: { zip: true, sha256: true } } } });
  return row?.evidence ?? null;
}

export type TResultsLinkRecord = {
  token: string;
  versionId: string;
  laboratory: string;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  uploads: number;
};

const linkSelect = {
  token: true,
  versionId: true,
  laboratory: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  _count: { select: { sets: true } },
} satisfies Prisma.ResultsLinkSelect;

const toLink = (row: Prisma.ResultsLinkGetPayload<{ select: typeof linkSelect }>): TResultsLinkRecord => ({
  token: row.token,
  versionId: row.versionId,
  laboratory: row.laboratory,
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  uploads: row._count.sets,
});

export async function createResultsLink(db: TDatabase, versionId: string, link: { laboratory: string; expiresAt: Date }, maxLinks: number): Promise<TResultsLinkRecord> {
  return transaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM answers_version WHERE id = ${versionId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("No submitted profile has this link.");
    const count = await tx.resultsLink.count({ where: { versionId } });
    if (count >= maxLinks) throw new LimitError(`This profile already has ${count} results links, the most one version may have.`);
    const row = await tx.resultsLink.create({ data: { token: newId(), versionId, laboratory: link.laboratory, expiresAt: link.expiresAt }, select: linkSelect });
    return toLink(row);
  });
}

export async function listResultsLinks(db: TDatabase, versionId: string): Promise<TResultsLinkRecord[]> {
  const rows = await db.prisma.resultsLink.findMany({ where: { versionId }, orderBy: { createdAt: "asc" }, select: linkSelect });
  return rows.map(toLink);
}

export async function findResultsLink(db: TDatabase, token: string): Promise<TResultsLinkRecord | null> {
  if (!isId(token)) return null;
  const row = await db.prisma.resultsLink.findUnique({ where: { token }, select: linkSelect });
  return row ? toLink(row) : null;
}

/** Revokes a link of the version (the first revocation's time is kept). */
export async function revokeResultsLink(db: TDatabase, versionId: string, token: string, now: Date): Promise<TResultsLinkRecord> {
  if (!isId(token)) throw new NotFoundError("This profile has no such results link.");
  await db.prisma.resultsLink.updateMany({ where: { token, versionId, revokedAt: null }, data: { revokedAt: now } });
  const row = await db.prisma.resultsLink.findFirst({ where: { token, versionId }, select: linkSelect });
  if (!row) throw new NotFoundError("This profile has no such results link.");
  return toLink(row);
}
