import "server-only";
import { headers } from "next/headers";
import { authorize, lastValidDay, linkState, may } from "@/lib/server/access";
import { HttpError } from "@/lib/server/http";
import type { TResultsSetRecord } from "@/lib/server/results";
import { listLinks } from "@/lib/server/results-links";
import { resultsView, type TResultsView } from "@/lib/server/results-view";
import type { TResultVerdict } from "@/lib/testbook/results";
import type { TResultsLinkRow } from "./results-links";

/** `canManage`: whether the member may import results and manage results links (not a viewer). */
export type TOwnerResults = { view: TResultsView; links: TResultsLinkRow[]; defaultLastDay: string; canManage: boolean };

const DAY_MS = 86_400_000;

/** The results history and, for editors and owners, the results links of the testbook page; null for a link that may not see them. */
export async function loadOwnerResults(refId: string, ask: { from?: string | undefined; to?: string | undefined }, now = new Date()): Promise<TOwnerResults | null> {
  const grant = await authorize(await headers(), refId, "read-results").catch((e: unknown) => {
    if (e instanceof HttpError && e.status === 403) return null;
    throw e;
  });
  if (!grant || grant.actor.kind !== "member") return null;
  const canManage = may(grant.actor, "manage-results-links");
  const view = await resultsView(grant, { ...(ask.from !== undefined ? { from: ask.from } : {}), ...(ask.to !== undefined ? { to: ask.to } : {}) });
  const links = (canManage ? await listLinks(grant) : []).map((l) => ({
    token: l.token,
    path: `/results/${l.token}`,
    laboratory: l.laboratory,
    lastDay: lastValidDay(l),
    uploads: l.uploads,
    state: linkState(l, now),
    revokedOn: l.revokedAt?.slice(0, 10) ?? null,
  }));
  return { view, links, defaultLastDay: new Date(now.getTime() + 30 * DAY_MS).toISOString().slice(0, 10), canManage };
}

export type TTestVerdict = { set: number; laboratory: string; verdict: TResultVerdict | null; remarks: string };

/** For each test, the verdict and remarks each laboratory's newest set gives it. */
export function verdictsByTest(latest: readonly TResultsSetRecord[]): Map<string, TTestVerdict[]> {
  const byTest = new Map<string, TTestVerdict[]>();
  for (const set of latest) {
    for (const r of set.results) {
      if (!r.verdict && !r.remarks) continue;
      const list = byTest.get(r.testId) ?? [];
      list.push({ set: set.number, laboratory: set.laboratory, verdict: r.verdict, remarks: r.remarks });
      byTest.set(r.testId, list);
    }
  }
  return byTest;
}
