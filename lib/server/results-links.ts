import "server-only";
import { z } from "zod";
import { NAME_MAX } from "../testbook/results";
import { RESULTS_LINK_MAX_DAYS, RESULTS_LINKS_MAX } from "../testbook/results-limits";
import type { TGrant } from "./access";
import { recordActivity } from "./activity";
import { getDatabase } from "./db";
import { HttpError } from "./http";
import { createResultsLink, listResultsLinks, revokeResultsLink, type TResultsLinkRecord } from "./results-repository";

export type { TResultsLinkRecord } from "./results-repository";

/**
 * Results links: the owner gives one to each laboratory that sends results, with the
 * laboratory's name and the last day it works, and may revoke it at any time.
 */
export const ZCreateResultsLink = z.strictObject({
  laboratory: z
    .string({ error: "laboratory: the laboratory's name is required" })
    .trim()
    .min(1, "laboratory: the laboratory's name is required")
    .max(NAME_MAX, `laboratory: at most ${NAME_MAX} characters`),
  expiresOn: z.iso.date({ error: "expiresOn: the last day the link works, as YYYY-MM-DD" }),
});
export type TCreateResultsLink = z.infer<typeof ZCreateResultsLink>;

const DAY_MS = 86_400_000;
const today = (now: Date) => now.toISOString().slice(0, 10);

export async function createLink(grant: TGrant, request: TCreateResultsLink, now = new Date()): Promise<TResultsLinkRecord> {
  const first = today(now);
  const last = new Date(Date.parse(first) + RESULTS_LINK_MAX_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (request.expiresOn < first) throw new HttpError(400, `expiresOn: ${request.expiresOn} is in the past; choose a day from ${first} on.`);
  if (request.expiresOn > last) throw new HttpError(400, `expiresOn: a results link works for at most ${RESULTS_LINK_MAX_DAYS} days, until ${last}.`);
  const expiresAt = new Date(Date.parse(request.expiresOn) + DAY_MS);
  const db = await getDatabase();
  const link = await createResultsLink(db, grant.version.id, { laboratory: request.laboratory, expiresAt }, RESULTS_LINKS_MAX);
  await recordActivity(db, grant.actor, { questionnaireId: grant.version.questionnaireId, action: "create-results-link", versionNumber: grant.version.number, detail: link.laboratory }, now);
  return link;
}

export async function listLinks(grant: TGrant): Promise<TResultsLinkRecord[]> {
  return listResultsLinks(await getDatabase(), grant.version.id);
}

export async function revokeLink(grant: TGrant, token: string, now = new Date()): Promise<TResultsLinkRecord> {
  const db = await getDatabase();
  const link = await revokeResultsLink(db, grant.version.id, token, now);
  await recordActivity(db, grant.actor, { questionnaireId: grant.version.questionnaireId, action: "revoke-results-link", versionNumber: grant.version.number, detail: link.laboratory }, now);
  return link;
}
