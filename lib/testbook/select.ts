import { getPath } from "../json/path";
import type { TUserProfile } from "../profile/schema";
import { evaluateRule } from "../rules/json-logic";
import type { TCatalogue } from "./catalogue";
import { accessItems, testContext, type TTestContext } from "./context";
import type { TChapterFile, TExpansion, TTestCase } from "./schema";
import type { TTestbook } from "./testbook-schema";

export type TBound = { kind: TExpansion; id: string; value: unknown };
export type TSelected = { case: TTestCase; scope: Record<string, unknown>; bound: TBound | null };

function boundItems(over: TExpansion, ctx: TTestContext, access: () => TBound[]): TBound[] {
  const of = (record: Record<string, { id: string }>) => Object.values(record).map((v) => ({ kind: over, id: v.id, value: v }));
  switch (over) {
    case "client":
      return of(ctx.clients);
    case "object":
      return of(ctx.objects);
    case "log":
      return of(ctx.logs);
    case "event":
      return of(ctx.events);
    case "alarm":
      return of(ctx.alarms);
    case "access":
      return access();
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
  let access: TBound[] | undefined;
  const accessBound = () => (access ??= accessItems(profile, ctx, catalogue.groupNames).map((a) => ({ kind: "access" as const, id: a.id, value: a })));
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
      // A child of the context instead of a copy: thousands of items per build share one context.
      const scopeOf = (b: TBound) => Object.assign(Object.create(ctx) as Record<string, unknown>, { [over]: b.value });
      const bound = boundItems(over, ctx, accessBound).filter((b) => !where || evaluateRule(where, scopeOf(b)));
      if (bound.length === 0) {
        out(`no ${over} of the profile matches this test`);
        continue;
      }
      for (const b of bound) {
        const scope = scopeOf(b);
        if (hasSteps(c, scope)) selected.push({ case: c, scope, bound: b });
        else out(`nothing to check for ${over} ${b.id}`, `${c.id}/${b.id}`);
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
