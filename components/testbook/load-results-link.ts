import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { authorize, lastValidDay, linkState, linkStateMessage, resolveRef, type TLinkState, type TLoadedVersion } from "@/lib/server/access";
import { NotFoundError } from "@/lib/server/errors";
import { HttpError } from "@/lib/server/http";
import { testbookOf } from "@/lib/server/profiles";
import type { TResultsLinkRecord } from "@/lib/server/results-links";
import { resultsView, type TResultsView } from "@/lib/server/results-view";
import type { TTestbook } from "@/lib/testbook/testbook-schema";

export type TResultsLinkPage =
  | { state: "active"; token: string; link: TResultsLinkRecord; lastDay: string; version: TLoadedVersion; testbook: TTestbook; view: TResultsView }
  | { state: Exclude<TLinkState, "active">; message: string; company: string };

/** What a laboratory's results link opens; any other link, or none, is a 404 page. */
export async function loadResultsLinkPage(token: string, ask: { from?: string | undefined; to?: string | undefined }, now = new Date()): Promise<TResultsLinkPage> {
  const requestHeaders = await headers();
  const resolved = await resolveRef(requestHeaders, token).catch((e: unknown) => {
    // A version's own id opens no results page, signed in or not.
    if (e instanceof NotFoundError || (e instanceof HttpError && e.status === 401)) notFound();
    throw e;
  });
  if (resolved.actor.kind !== "results") notFound();
  const link = resolved.actor.link;
  const state = linkState(link, now);
  if (state !== "active") return { state, message: linkStateMessage(link, state, resolved.version.profile.utility.company), company: resolved.version.profile.utility.company };
  const grant = await authorize(requestHeaders, token, "read-results", now);
  const view = await resultsView(grant, { ...(ask.from !== undefined ? { from: ask.from } : {}), ...(ask.to !== undefined ? { to: ask.to } : {}) });
  return { state, token, link, lastDay: lastValidDay(link), version: grant.version, testbook: testbookOf(grant.version.profile), view };
}
