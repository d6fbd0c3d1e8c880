import { describe, expect, test } from "vitest";
import { z } from "zod";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { getPath, setPath } from "@/lib/json/path";
import { buildUserProfile } from "@/lib/profile/build";
import type { TUserProfile } from "@/lib/profile/schema";
import { diffProfiles } from "@/lib/profile/diff";
import { ZAnswersShape } from "@/lib/questionnaire/answers";
import { defaultAnswers } from "@/lib/questionnaire/defaults";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { findField } from "@/lib/questionnaire/fields";
import { applyFollowUps } from "@/lib/questionnaire/follow";
import { INFORMATIONAL_ANSWERS } from "@/lib/questionnaire/informational";
import { parseAnswers } from "@/lib/questionnaire/parse";
import { SECTIONS } from "@/lib/questionnaire/sections";
import { evaluateRule, type TRule } from "@/lib/rules/json-logic";
import { EXAMPLE_NAMES, exampleWith, readExample } from "../../helpers/examples";

/**
 * "No answer without effect": for every answer of the schema but the contact details, some other
 * valid value (applied as the form applies it, follow-ups included) must change the user profile,
 * or the answer must be declared informational in lib/questionnaire/informational.ts with its
 * reason, and then truly change nothing.
 */
const baseline = getBaseline();
const facts = questionnaireFacts(baseline);
type TValues = Record<string, unknown>;

function leafPaths(schema: z.core.$ZodType, prefix: string[] = []): string[] {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  if (def.type === "object" && def.shape) return Object.entries(def.shape).flatMap(([k, s]) => leafPaths(s, [...prefix, k]));
  return [prefix.join(".")];
}
const PATHS = leafPaths(ZAnswersShape).filter((p) => p !== "formatVersion" && !p.startsWith("baseline.") && !p.startsWith("contact."));
const FIELDS = new Map(SECTIONS.flatMap((s) => s.fields).map((f) => [f.path, f]));

const withContact = (a: TValues): TValues => ({ ...a, contact: { name: "Ana Ruiz", email: "ana@example.com", company: "Ejemplo", primeAllianceMember: false, utilityFinalCustomer: "Everyone" } });
const BASES: TValues[] = [...EXAMPLE_NAMES.map((n) => readExample(n) as TValues), withContact(defaultAnswers(baseline) as TValues)];

/** Sets the answers a visibility rule of `==` tests (within `and`) so that the question shows. */
function satisfy(rule: TRule, values: TValues): void {
  const [op, args] = Object.entries(rule)[0] as [string, unknown[]];
  if (op === "and") for (const r of args) satisfy(r as TRule, values);
  else if (op === "==") setPath(values, (args[0] as { var: string }).var, args[1]);
}

function basesShowing(path: string): TValues[] {
  const rule = FIELDS.get(path)?.visibleIf;
  if (!rule) return BASES;
  const showing = BASES.filter((b) => evaluateRule(rule, b));
  if (showing.length > 0) return showing;
  return BASES.flatMap((b) => {
    const next = structuredClone(b);
    satisfy(rule, next);
    const followed = applyFollowUps(b, next, facts);
    return parseAnswers(followed, baseline).ok && evaluateRule(rule, followed) ? [followed] : [];
  });
}

/** Other valid-looking values of an answer, from its schema and the baseline's lists. */
function alternatives(path: string, current: unknown, base: TValues): unknown[] {
  const schema = findField(path.split(".")) as z.ZodType;
  const def = schema._zod.def as { type: string; entries?: Record<string, string>; values?: unknown[]; options?: z.ZodType[]; element?: z.ZodType };
  if (typeof current === "boolean") return [!current];
  if (def.type === "enum") return Object.values(def.entries!).filter((v) => v !== current);
  if (def.type === "literal") return def.values!.filter((v) => v !== current);
  if (def.type === "union") return [null, 0, 1, 2, 3, 5, 50].filter((v) => v !== current);
  if (typeof current === "number") {
    const range = z.toJSONSchema(schema) as { minimum?: number; maximum?: number };
    const min = range.minimum ?? 0;
    const max = range.maximum ?? 1000;
    return [current + 1, current - 1, current * 2, Math.floor(current / 2), min, max, Math.round((min + max) / 2)].filter((v) => v >= min && v <= max && v !== current);
  }
  if (typeof current === "string") return [`${current}x`, ""].filter((v) => v !== current);
  if (Array.isArray(current)) {
    const element = def.element?._zod.def as { type: string; entries?: Record<string, string> } | undefined;
    const offered = (items: { id: string; visibleIf?: TRule }[]) => items.filter((i) => !i.visibleIf || evaluateRule(i.visibleIf, base)).map((i) => i.id);
    const pool =
      element?.type === "enum"
        ? Object.values(element.entries!)
        : path === "events.optionalLogs"
          ? offered(facts.lists.optionalLogs)
          : path === "events.omittedEvents"
            ? offered(facts.lists.optionalEvents)
            : path === "alarms.raised"
              ? offered(facts.lists.alarms)
              : [];
    return [...pool.filter((v) => !current.includes(v)).map((v) => [...current, v]), ...current.map((_, i) => current.filter((__, j) => j !== i))];
  }
  return [];
}

/** The profile without what any answer changes: its id, the answers' hash, and the traces of the conditions (which record every value they read). */
const content = (p: TUserProfile) => JSON.stringify({ ...p, id: null, answers: null, conditions: null });
const profiles = new Map<TValues, string>();
const profileOf = (a: TValues) => {
  let c = profiles.get(a);
  if (c === undefined) {
    c = content(buildUserProfile(a, baseline));
    profiles.set(a, c);
  }
  return c;
};

type TOutcome = { effect: string | null; validTries: number };
function tryAnswer(path: string): TOutcome {
  let validTries = 0;
  for (const base of basesShowing(path)) {
    for (const alt of alternatives(path, getPath(base, path), base)) {
      const next = structuredClone(base);
      setPath(next, path, alt);
      const followed = applyFollowUps(base, next, facts);
      if (!parseAnswers(followed, baseline).ok) continue;
      validTries++;
      if (content(buildUserProfile(followed, baseline)) !== profileOf(base)) return { effect: `${JSON.stringify(getPath(base, path))} → ${JSON.stringify(alt)}`, validTries };
    }
  }
  return { effect: null, validTries };
}

describe("no answer without effect", () => {
  test.each(PATHS.filter((p) => !INFORMATIONAL_ANSWERS[p]))("changing %s changes the user profile", (path) => {
    const outcome = tryAnswer(path);
    expect(outcome.validTries, `${path}: no other valid value was found to try`).toBeGreaterThan(0);
    expect(outcome.effect, `${path} never changes the profile: make it count, or declare it informational with its reason`).not.toBeNull();
  });

  test.each(PATHS.filter((p) => INFORMATIONAL_ANSWERS[p]))("%s is declared informational with a reason, and indeed changes nothing", (path) => {
    expect(INFORMATIONAL_ANSWERS[path]!.reason.length).toBeGreaterThan(40);
    expect(tryAnswer(path).effect).toBeNull();
  });

  test("every declared informational answer is an answer of the schema", () => {
    expect(Object.keys(INFORMATIONAL_ANSWERS).filter((p) => !PATHS.includes(p))).toEqual([]);
  });
});

describe("load profile depth", () => {
  const entries = (answers: unknown, object: string) => {
    const profile = buildUserProfile(answers, baseline);
    const parameter = profile.parameters.find((p) => p.object.id === object && p.id === "profileEntries");
    const attribute = profile.objects.find((o) => o.id === object)?.attributes.find((a) => a.name === "profile_entries");
    return { parameter: parameter?.value, attribute: attribute?.value, profile };
  };

  test("Load profile 1 depth (days) gives profile_entries = depth × entries per day, in the parameters and on attribute 8", () => {
    // 120 days of quarter-hour rows: 120 × 96.
    const answers = exampleWith("single-phase-plc", (a) => {
      a.metering.loadProfiles.profile1.depthDays = 120;
      a.metering.loadProfiles.profile1.capturePeriodS = 900;
    });
    expect(entries(answers, "load-profile-1")).toMatchObject({ parameter: 11520, attribute: 11520 });
    // The checked-in example: 90 days of hourly rows.
    expect(entries(readExample("single-phase-plc"), "load-profile-1")).toMatchObject({ parameter: 2160, attribute: 2160 });
  });

  test("the daily load profile keeps one entry per day of its depth", () => {
    expect(entries(readExample("full"), "load-profile-2")).toMatchObject({ parameter: 400, attribute: 400 });
  });

  test("the depth shows in the comparison with the PRIME+ defaults", () => {
    const defaults = buildUserProfile(withContact(defaultAnswers(baseline) as TValues), baseline);
    const deeper = withContact(defaultAnswers(baseline) as TValues);
    setPath(deeper, "metering.loadProfiles.profile1.depthDays", 120);
    const change = diffProfiles(defaults, buildUserProfile(deeper, baseline)).find((c) => c.kind === "parameter" && c.id === "load-profile-1.profileEntries");
    expect(change).toMatchObject({ change: "changed", detail: "2160 → 2880" });
  });
});
