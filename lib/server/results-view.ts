import "server-only";
import { diffResults, type TResultsDiff } from "../testbook/results-diff";
import type { TGrant } from "./access";
import { testbookOf } from "./profiles";
import { latestPerLaboratory, loadSets, visibleSets, type TResultsSetRecord, type TResultsSetSummary } from "./results";

/**
 * What a page shows of the results history: every set the link may see, the newest of each
 * laboratory with its verdicts, and the difference between two sets: those asked for, or else
 * the newest set against the same laboratory's previous one (or the set before it).
 */
export type TComparison = { from: TResultsSetRecord; to: TResultsSetRecord; diff: TResultsDiff };
export type TResultsView = { sets: TResultsSetSummary[]; latest: TResultsSetRecord[]; comparison: TComparison | null; comparisonError: string | null };

const asNumber = (text: string | undefined) => (text && /^[1-9]\d{0,6}$/.test(text) ? Number(text) : null);

function defaultPair(sets: readonly TResultsSetSummary[]): [number, number] | null {
  const [newest, ...older] = sets;
  if (!newest || older.length === 0) return null;
  const previous = older.find((s) => s.laboratory === newest.laboratory) ?? older[0]!;
  return [previous.number, newest.number];
}

export async function resultsView(grant: TGrant, ask: { from?: string; to?: string } = {}): Promise<TResultsView> {
  const sets = await visibleSets(grant);
  const latestSummaries = latestPerLaboratory(sets);
  let comparisonError: string | null = null;
  let pair = defaultPair(sets);
  if (ask.from !== undefined || ask.to !== undefined) {
    const from = asNumber(ask.from);
    const to = asNumber(ask.to);
    const known = new Set(sets.map((s) => s.number));
    if (from === null || to === null || !known.has(from) || !known.has(to)) {
      comparisonError = `Compare: choose two of the results sets listed (${sets.length === 0 ? "there is none yet" : `numbers ${[...known].sort((a, b) => a - b).join(", ")}`}).`;
      pair = null;
    } else pair = [from, to];
  }
  const wanted = new Set([...latestSummaries.map((s) => s.number), ...(pair ?? [])]);
  const records = new Map((await loadSets(grant, [...wanted])).map((r) => [r.number, r]));
  const latest = latestSummaries.map((s) => records.get(s.number)).filter((r): r is TResultsSetRecord => r !== undefined);
  const from = pair ? records.get(pair[0]) : undefined;
  const to = pair ? records.get(pair[1]) : undefined;
  const comparison = from && to ? { from, to, diff: diffResults(testbookOf(grant.version.profile), from.results, to.results) } : null;
  return { sets, latest, comparison, comparisonError };
}
