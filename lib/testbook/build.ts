import { hashJson } from "../json/canonical";
import { getPath } from "../json/path";
import type { TUserProfile } from "../profile/schema";
import { evaluateRule } from "../rules/json-logic";
import type { TCatalogue } from "./catalogue";
import type { TTestCase } from "./schema";
import { selectTests, type TBound } from "./select";
import { TESTBOOK_FORMAT_VERSION, type TTestbook, type TTestInstance, type TRequirement } from "./testbook-schema";

export const TESTBOOK_ENGINE_VERSION = "1.0.0";

export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogueError";
  }
}

const PLACEHOLDER = /\{([A-Za-z][\w.-]*)\}/g;

/** A text split once into literal parts and placeholder paths (odd indices), reused for every instance. */
const compiledTexts = new Map<string, string[]>();
function compileText(text: string): string[] {
  let parts = compiledTexts.get(text);
  if (!parts) {
    parts = text.split(PLACEHOLDER);
    compiledTexts.set(text, parts);
  }
  return parts;
}

/** Replaces {path} with the value at that path of the scope; a path that resolves to nothing is a catalogue error. */
export function fillText(text: string, scope: Record<string, unknown>, where: string): string {
  const parts = compileText(text);
  if (parts.length === 1) return text;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const path = parts[i]!;
    const value = getPath(scope, path);
    if (value === undefined || (value !== null && typeof value === "object")) {
      throw new CatalogueError(`${where}: {${path}} does not name a value of the test context`);
    }
    out += (value === null ? "none" : String(value)) + parts[i + 1]!;
  }
  return out;
}

function instantiate(c: TTestCase, chapter: string, scope: Record<string, unknown>, bound: TBound | null): TTestInstance {
  const id = bound ? `${c.id}/${bound.id}` : c.id;
  const fill = (text: string, s: Record<string, unknown> = scope) => fillText(text, s, id);
  const steps: TTestInstance["steps"] = [];
  let items: unknown[] | undefined;
  for (const step of c.steps) {
    if (step.forEach) {
      const list = getPath(scope, step.forEach);
      if (!Array.isArray(list)) throw new CatalogueError(`${id}: forEach ${step.forEach} is not a list of the test context`);
      items ??= list;
      for (const item of list) {
        // A child of the scope instead of a copy: thousands of items per build share one context.
        const s = Object.assign(Object.create(scope) as Record<string, unknown>, { item });
        if (step.where && !evaluateRule(step.where, s)) continue;
        steps.push({ number: steps.length + 1, action: fill(step.action, s), expected: fill(step.expected, s) });
      }
    } else {
      steps.push({ number: steps.length + 1, action: fill(step.action), expected: fill(step.expected) });
    }
  }
  const requirements = c.references.requirements.flatMap((r) =>
    r.includes("{item.") ? (items ?? []).map((item) => fill(r, Object.assign(Object.create(scope) as Record<string, unknown>, { item }))) : [fill(r)],
  );
  return {
    id,
    caseId: c.id,
    chapter,
    title: fill(c.title),
    purpose: fill(c.purpose),
    ...(bound ? { binding: { kind: bound.kind, id: bound.id } } : {}),
    requirements: [...new Set(requirements)],
    clauses: c.references.clauses,
    preconditions: c.preconditions.map((p) => fill(p)),
    steps,
    verdict: { pass: fill(c.verdict.pass), fail: fill(c.verdict.fail), inconclusive: fill(c.verdict.inconclusive) },
    tags: c.tags,
  };
}

/** Every requirement of a profile that a test can cover, with a label a laboratory reads. */
export function profileRequirements(profile: TUserProfile): TRequirement[] {
  const reqs: TRequirement[] = [];
  for (const c of profile.clients) {
    reqs.push({ id: `client:${c.id}`, kind: "client", label: `${c.name} association (SAP ${c.sap}, ${c.authentication.name})` });
    reqs.push({ id: `security:${c.id}`, kind: "security", label: `${c.name} security: suite ${c.securitySuite ?? "none"}, policy ${c.securityPolicy.name}` });
  }
  for (const o of profile.objects) reqs.push({ id: `object:${o.id}`, kind: "object", label: `${o.name} (${o.obis})` });
  for (const c of profile.clients) {
    for (const o of profile.objects) reqs.push({ id: `right:${c.id}:${o.id}`, kind: "right", label: `${c.name} rights on ${o.name} (${o.obis})` });
  }
  for (const l of profile.events.logs) {
    reqs.push({ id: `log:${l.id}`, kind: "log", label: `${l.name} (${l.object.obis})` });
    for (const e of l.events) reqs.push({ id: `event:${e.id}`, kind: "event", label: `Event ${e.code} ${e.name} in the ${l.name}` });
  }
  for (const r of profile.alarms.registers) for (const b of r.bits) reqs.push({ id: `alarm:${b.id}`, kind: "alarm", label: `${b.name} (${r.name} bit ${b.bit})` });
  for (const p of profile.parameters) reqs.push({ id: `parameter:${p.id}`, kind: "parameter", label: `${p.name} = ${String(p.value)}${p.unit ? ` ${p.unit}` : ""}` });
  for (const c of profile.communication) reqs.push({ id: `communication:${c.id}`, kind: "communication", label: c.name });
  return [...new Map(reqs.map((r) => [r.id, r])).values()];
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

  const requirements = profileRequirements(profile);
  const coveredBy = new Map<string, string[]>();
  for (const t of chapters.flatMap((c) => c.tests)) {
    for (const r of t.requirements) {
      const tests = coveredBy.get(r);
      if (tests) tests.push(t.id);
      else coveredBy.set(r, [t.id]);
    }
  }
  const matrix = requirements.map((r) => ({ ...r, tests: coveredBy.get(r.id) ?? [] }));
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
