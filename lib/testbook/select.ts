import { getPath } from "../json/path";
import type { TUserProfile } from "../profile/schema";
import { evaluateRule } from "../rules/json-logic";
import type { TCatalogue } from "./catalogue";
import { accessItems, testContext, type TTestContext } from "./context";
import type { TChapterFile, TExpansion, TTestCase } from "./schema";
import type { TTestbook } from "./testbook-schema";

export type TBound = { kind: TExpansion; id: string; value: unknown };
export type TSelected = { case: TTestCase; scope: Record<string, unknown>; bound: TBound | null };
type TCandidate = { bound: TBound; scope: Record<string, unknown> };

function boundValues(over: TExpansion, profile: TUserProfile, ctx: TTestContext, groupNames: Record<string, string>): { id: string }[] {
  switch (over) {
    case "client":
      return Object.values(ctx.clients);
    case "object":
      return Object.values(ctx.objects);
    case "log":
      return Object.values(ctx.logs);
    case "event":
      return Object.values(ctx.events);
    case "alarm":
      return Object.values(ctx.alarms);
    case "access":
      return accessItems(profile, ctx, groupNames);
  }
}

/** Whether a test would have at least one step in this scope: a step repeated over an empty or fully filtered list has none. */
function hasSteps(c: TTestCase, scope: Record<string, unknown>): boolean {
  return c.steps.some((step) => {
    if (!step.forEach) return true;
    const list = getPath(scope, step.forEach);
    if (!Array.isArray(list)) return true;
    return list.some((item) => !step.where || evaluateRule(step.where, Object.assign(Object.create(scope) as Record<string, unknown>, { item })));
  });
}

/**
 * Which test cases apply to a profile and over which clients, objects, logs, events, alarms or
 * access items each template expands, with the reason for everything left out. Cheap enough to
 * count a testbook's tests on every autosave; buildTestbook fills the texts of the selection.
 */
export function selectTests(profile: TUserProfile, catalogue: TCatalogue) {
  const ctx = testContext(profile);
  // Each kind's items and their scopes are made once per build, when a case first expands over
  // that kind: dozens of cases expand over the same hundreds of objects or events.
  const candidates = new Map<TExpansion, TCandidate[]>();
  const candidatesOf = (over: TExpansion) => {
    let list = candidates.get(over);
    if (!list) {
      list = boundValues(over, profile, ctx, catalogue.groupNames).map((value) => {
        // A child of the context instead of a copy: thousands of items per build share one context.
        const scope = Object.create(ctx) as Record<string, unknown>;
        scope[over] = value;
        return { bound: { kind: over, id: value.id, value }, scope };
      });
      candidates.set(over, list);
    }
    return list;
  };
  const excluded: TTestbook["excluded"] = [];
  const chapters: { chapter: TChapterFile["chapter"]; selected: TSelected[] }[] = [];
  for (const file of catalogue.chapters) {
    const selected: TSelected[] = [];
    for (const c of file.cases) {
      const out = (reason: string, caseId = c.id) => excluded.push({ caseId, title: c.title, chapter: file.chapter.id, reason: `not applicable: ${reason}` });
      if (c.applicability && !evaluateRule(c.applicability, ctx)) {
        out(c.applicabilityNote ?? "its applicability rule does not hold for this profile");
        continue;
      }
      if (!c.expand) {
        selected.push({ case: c, scope: ctx as unknown as Record<string, unknown>, bound: null });
        continue;
      }
      const { over, where } = c.expand;
      const matching = where ? candidatesOf(over).filter((x) => evaluateRule(where, x.scope)) : candidatesOf(over);
      if (matching.length === 0) {
        out(`no ${over} of the profile matches this test`);
        continue;
      }
      for (const { bound, scope } of matching) {
        if (hasSteps(c, scope)) selected.push({ case: c, scope, bound });
        else out(`nothing to check for ${over} ${bound.id}`, `${c.id}/${bound.id}`);
      }
    }
    chapters.push({ chapter: file.chapter, selected });
  }
  return { chapters, excluded };
}

/** The number of tests the testbook of a profile has, without writing their texts. */
export function countTests(profile: TUserProfile, catalogue: TCatalogue): number {
  return selectTests(profile, catalogue).chapters.reduce((n, c) => n + c.selected.length, 0);
}
