import { hashJson } from "../json/canonical";
import { getPath } from "../json/path";
import type { TUserProfile } from "../profile/schema";
import { evaluateRule } from "../rules/json-logic";
import type { TCatalogue } from "./catalogue";
import type { TTestCase } from "./schema";
import { selectTests, type TBound } from "./select";
import { caseTexts, CatalogueError, fillText, type TText } from "./template";
import { TESTBOOK_FORMAT_VERSION, type TTestbook, type TTestInstance, type TRequirement } from "./testbook-schema";

export { CatalogueError };

export const TESTBOOK_ENGINE_VERSION = "1.1.0";

function instantiate(c: TTestCase, chapter: string, scope: Record<string, unknown>, bound: TBound | null): TTestInstance {
  const id = bound ? `${c.id}/${bound.id}` : c.id;
  const texts = caseTexts(c);
  const fill = (text: TText) => fillText(text, scope, id);
  const steps: TTestInstance["steps"] = [];
  let items: unknown[] | undefined;
  for (const step of texts.steps) {
    if (step.forEach) {
      const list = getPath(scope, step.forEach);
      if (!Array.isArray(list)) throw new CatalogueError(`${id}: forEach ${step.forEach} is not a list of the test context`);
      items ??= list;
      for (const item of list) {
        // A child of the scope instead of a copy, and only for a rule: thousands of items per build share one context.
        if (step.where && !evaluateRule(step.where, Object.assign(Object.create(scope) as Record<string, unknown>, { item }))) continue;
        steps.push({ number: steps.length + 1, action: fillText(step.action, scope, id, item), expected: fillText(step.expected, scope, id, item) });
      }
    } else {
      steps.push({ number: steps.length + 1, action: fill(step.action), expected: fill(step.expected) });
    }
  }
  const requirements = new Set<string>();
  for (const r of texts.requirements) {
    if (!r.perItem) requirements.add(fill(r.text));
    else for (const item of items ?? []) requirements.add(fillText(r.text, scope, id, item));
  }
  const title = fill(texts.title);
  const purpose = fill(texts.purpose);
  const covers = [...requirements];
  const preconditions = texts.preconditions.map(fill);
  const verdict = { pass: fill(texts.verdict.pass), fail: fill(texts.verdict.fail), inconclusive: fill(texts.verdict.inconclusive) };
  // Two literals rather than a spread of the binding in the middle of one: hundreds of tests per build, each copied property by property.
  return bound
    ? { id, caseId: c.id, chapter, title, purpose, binding: { kind: bound.kind, id: bound.id }, requirements: covers, clauses: c.references.clauses, preconditions, steps, verdict, tags: c.tags }
    : { id, caseId: c.id, chapter, title, purpose, requirements: covers, clauses: c.references.clauses, preconditions, steps, verdict, tags: c.tags };
}

type TMatrixRow = TTestbook["traceability"]["requirements"][number];

/** The traceability rows of a profile by requirement id, each with no covering test yet. */
function requirementRows(profile: TUserProfile): Map<string, TMatrixRow> {
  // Parameter ids repeat across objects: a repeated id keeps the place of its first entry with the label of its last.
  const rows = new Map<string, TMatrixRow>();
  const add = (id: string, kind: TRequirement["kind"], label: string) => rows.set(id, { id, kind, label, tests: [] });
  for (const c of profile.clients) {
    add(`client:${c.id}`, "client", `${c.name} association (SAP ${c.sap}, ${c.authentication.name})`);
    add(`security:${c.id}`, "security", `${c.name} security: suite ${c.securitySuite ?? "none"}, policy ${c.securityPolicy.name}`);
  }
  const objectLabels = profile.objects.map((o) => `${o.name} (${o.obis})`);
  profile.objects.forEach((o, i) => add(`object:${o.id}`, "object", objectLabels[i]!));
  for (const c of profile.clients) {
    // A row per client and object, thousands: the parts a client's rows share are written once.
    const id = `right:${c.id}:`;
    const rightsOn = `${c.name} rights on `;
    profile.objects.forEach((o, i) => add(id + o.id, "right", rightsOn + objectLabels[i]!));
  }
  for (const l of profile.events.logs) {
    add(`log:${l.id}`, "log", `${l.name} (${l.object.obis})`);
    for (const e of l.events) add(`event:${e.id}`, "event", `Event ${e.code} ${e.name} in the ${l.name}`);
  }
  for (const r of profile.alarms.registers) for (const b of r.bits) add(`alarm:${b.id}`, "alarm", `${b.name} (${r.name} bit ${b.bit})`);
  for (const p of profile.parameters) add(`parameter:${p.id}`, "parameter", `${p.name} = ${String(p.value)}${p.unit ? ` ${p.unit}` : ""}`);
  for (const c of profile.communication) add(`communication:${c.id}`, "communication", c.name);
  return rows;
}

/**
 * Tailors the generic catalogue to one user profile: keeps the applicable cases, expands the
 * templates over the profile's clients, objects, logs, events, alarms and access rights, fills
 * in the parameters, and maps every profile requirement to the tests that cover it.
 * Pure and deterministic.
 */
export function buildTestbook(profile: TUserProfile, catalogue: TCatalogue): TTestbook {
  const selection = selectTests(profile, catalogue);
  const excluded = selection.excluded;
  const chapters: TTestbook["chapters"] = selection.chapters.map(({ chapter, selected }) => ({
    ...chapter,
    tests: selected.map((x) => instantiate(x.case, chapter.id, x.scope, x.bound)),
  }));

  const rows = requirementRows(profile);
  for (const c of chapters) {
    for (const t of c.tests) {
      for (const r of t.requirements) {
        const row = rows.get(r);
        if (!row) continue;
        // Most requirements have one or two tests: a first push would reserve room for seventeen.
        if (row.tests.length === 0) row.tests = [t.id];
        else row.tests.push(t.id);
      }
    }
  }
  const matrix = [...rows.values()];
  const uncovered = matrix.filter((r) => r.tests.length === 0).map((r) => r.id);
  const instances = chapters.flatMap((c) => c.tests);
  const covered = matrix.length - uncovered.length;
  return {
    testbookFormatVersion: TESTBOOK_FORMAT_VERSION,
    id: hashJson({ profile: profile.id, catalogue: catalogue.hash, engine: TESTBOOK_ENGINE_VERSION }),
    engineVersion: TESTBOOK_ENGINE_VERSION,
    catalogue: { id: catalogue.manifest.id, version: catalogue.manifest.version, hash: catalogue.hash },
    profile: { id: profile.id, company: profile.utility.company, baseline: { id: profile.baseline.id, version: profile.baseline.version } },
    summary: {
      chapters: chapters.filter((c) => c.tests.length > 0).length,
      cases: new Set(instances.map((t) => t.caseId)).size,
      tests: instances.length,
      steps: instances.reduce((n, t) => n + t.steps.length, 0),
      excluded: excluded.length,
      requirements: matrix.length,
      covered,
      coveragePercent: matrix.length === 0 ? 100 : Math.round((covered / matrix.length) * 1000) / 10,
    },
    verdicts: catalogue.manifest.verdicts,
    chapters,
    excluded,
    traceability: { requirements: matrix, uncovered },
  };
}
