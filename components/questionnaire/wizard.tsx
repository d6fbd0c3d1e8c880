"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { FormProvider, get, useForm, useWatch, type FieldValues, type Path } from "react-hook-form";
import { ZAnswersShape } from "@/lib/questionnaire/answers";
import type { TQuestionnaireFacts } from "@/lib/questionnaire/facts";
import { answersFileName } from "@/lib/questionnaire/file-name";
import { followUps } from "@/lib/questionnaire/follow";
import { issueSentence, type TAnswerIssue } from "@/lib/questionnaire/parse";
import { placeIssues, stillShown } from "@/lib/questionnaire/placement";
import { decodeProgress, encodeProgress, reviewed } from "@/lib/questionnaire/progress";
import { fieldOfPath, REVIEW_STEP, SECTIONS, sectionOfPath, STEP_IDS, stepPageTitle, type TField, type TSection } from "@/lib/questionnaire/sections";
import { answerWarnings, type TAnswerWarning } from "@/lib/questionnaire/warnings";
import type { TProfileCounts } from "@/lib/profile/preview";
import { evaluateRule } from "@/lib/rules/json-logic";
import { rememberQuestionnaire } from "../home/recent";
import { fieldId, QuestionField } from "./field";
import { answersResolver } from "./resolver";
import { StepNav } from "./step-nav";
import { useAutosave, type TSaveState, type TStatus } from "./use-autosave";

type TProps = {
  questionnaire: {
    id: string;
    revision: number;
    updatedAt: string;
    draft: { formatVersion: string; step: string; values: Record<string, unknown> };
    status: TStatus;
    versions: { id: string; number: number; createdAt: string }[];
  };
  facts: TQuestionnaireFacts;
  initialStep: string;
};

/** The root layout's title template, applied by hand when the step changes without a page load. */
const APP_NAME = "PRIME+ profile tool";
/** Contact answers never raise a warning, so warnings can be computed before they are filled in. */
const WARNING_CONTACT = { name: "-", email: "warnings@example.com", company: "-", primeAllianceMember: false, utilityFinalCustomer: "-" };

/**
 * The questionnaire: one form over every step, each step at its own address
 * (/questionnaires/<id>/<step>) so that Back and Forward move between steps. Errors stay quiet
 * until a question is edited or its step was left or checked; warnings show at once.
 */
export function QuestionnaireWizard({ questionnaire, facts, initialStep }: TProps) {
  const router = useRouter();
  const base = `/questionnaires/${questionnaire.id}`;
  const form = useForm<FieldValues>({
    defaultValues: questionnaire.draft.values,
    resolver: answersResolver,
    mode: "onChange",
    reValidateMode: "onChange",
    shouldUnregister: false,
  });
  const { state, status: savedStatus, schedule, flush, revision } = useAutosave(questionnaire.id, questionnaire.revision, questionnaire.updatedAt);
  const status = savedStatus ?? { ...questionnaire.status, values: questionnaire.draft.values };

  const pathname = usePathname();
  const urlStep = pathname.split("/").at(-1) ?? "";
  const step = STEP_IDS.includes(urlStep) ? urlStep : initialStep;

  const [visited, setVisited] = useState(() => {
    const saved = decodeProgress(questionnaire.draft.step).visited;
    return saved.add(initialStep);
  });
  const [checked, setChecked] = useState(() => (reviewed(visited) ? new Set(STEP_IDS) : new Set([...visited].filter((s) => s !== initialStep))));
  const [edited, setEdited] = useState<string[]>([]);
  const [summary, setSummary] = useState<{ path: string; message: string }[]>([]);
  const [submitError, setSubmitError] = useState<{ message: string; issues: TAnswerIssue[] } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [previousCounts, setPreviousCounts] = useState<TProfileCounts | null>(null);
  const countsRef = useRef<TProfileCounts | null>(questionnaire.status.counts);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusTarget = useRef<string | null>(null);
  const progress = useRef(encodeProgress({ step, visited }));
  const snapshot = useRef(structuredClone(questionnaire.draft.values));
  const previousStep = useRef(step);
  const values = useWatch({ control: form.control }) as Record<string, unknown>;

  useEffect(() => rememberQuestionnaire(questionnaire.id, String((questionnaire.draft.values.contact as { company?: string } | undefined)?.company ?? "")), [questionnaire]);

  useEffect(() => {
    const subscription = form.watch((current, { name, type }) => {
      const now = current as Record<string, unknown>;
      if (name && type === "change") {
        const field = fieldOfPath(name) ?? name;
        setEdited((e) => [...e.filter((x) => x !== field), field]);
      }
      const ups = followUps(snapshot.current, now, facts);
      snapshot.current = structuredClone(now);
      for (const up of ups) form.setValue(up.path as Path<FieldValues>, up.value, { shouldDirty: true });
      schedule({ formatVersion: questionnaire.draft.formatVersion, step: progress.current, values: form.getValues() });
    });
    return () => subscription.unsubscribe();
  }, [form, schedule, facts, questionnaire.draft.formatVersion]);

  useEffect(() => {
    if (previousStep.current === step) return;
    const left = previousStep.current;
    previousStep.current = step;
    const nextVisited = new Set(visited).add(step);
    setVisited(nextVisited);
    setChecked((c) => (step === REVIEW_STEP.id ? new Set(STEP_IDS) : new Set(c).add(left)));
    setSummary([]);
    setAdvancedOpen(false);
    progress.current = encodeProgress({ step, visited: nextVisited });
    schedule({ formatVersion: questionnaire.draft.formatVersion, step: progress.current, values: form.getValues() });
    document.title = `${stepPageTitle(step)} · ${APP_NAME}`;
    requestAnimationFrame(() => {
      const target = focusTarget.current ? document.getElementById(fieldId(focusTarget.current)) : headingRef.current;
      focusTarget.current = null;
      ((target?.querySelector?.("input,select") as HTMLElement | null) ?? target)?.focus();
    });
    // Only a change of step moves progress: `visited` and the form are read here, not watched.
  }, [step]);

  useEffect(() => {
    if (!savedStatus) return;
    const before = countsRef.current;
    if (savedStatus.counts && before && JSON.stringify(before) !== JSON.stringify(savedStatus.counts)) setPreviousCounts(before);
    if (savedStatus.counts) countsRef.current = savedStatus.counts;
  }, [savedStatus]);

  const placed = useMemo(() => placeIssues(status.issues, edited), [status.issues, edited]);
  const current = placed.filter((i) => stillShown(i, values, status.values));
  const issuesByStep = new Map<string, number>();
  for (const i of current) issuesByStep.set(i.step, (issuesByStep.get(i.step) ?? 0) + 1);
  const serverErrors = new Map<string, string>();
  for (const i of current) if (i.field && !serverErrors.has(i.field)) serverErrors.set(i.field, i.text);

  const warnings = useWarnings(values, facts);
  const warningsOf = (path: string) => warnings.filter((w) => w.path === path);

  const isVisible = (f: TField) => !f.visibleIf || evaluateRule(f.visibleIf, values);
  const visibleFields = (section: TSection) => section.fields.filter(isVisible);
  const errorOf = (f: TField, sectionId: string): string | undefined => {
    const clientError = (get(form.formState.errors, f.path) as { message?: string } | undefined)?.message;
    if (clientError) return clientError;
    return edited.includes(f.path) || checked.has(sectionId) ? serverErrors.get(f.path) : undefined;
  };

  function goTo(next: string, focusPath?: string) {
    focusTarget.current = focusPath ?? null;
    if (next === step) {
      const target = focusPath ? document.getElementById(fieldId(focusPath)) : headingRef.current;
      ((target?.querySelector?.("input,select") as HTMLElement | null) ?? target)?.focus();
      return;
    }
    window.history.pushState(null, "", `${base}/${next}`);
  }

  async function saveAndContinue(section: TSection) {
    const paths = visibleFields(section).map((f) => f.path as Path<FieldValues>);
    const valid = await form.trigger(paths);
    setChecked((c) => new Set(c).add(section.id));
    if (!valid) {
      const errors = paths.flatMap((p) => {
        const message = (get(form.formState.errors, p) as { message?: string } | undefined)?.message;
        return message ? [{ path: p, message }] : [];
      });
      setSummary(errors);
      if (errors.some((e) => SECTIONS.find((s) => s.id === section.id)?.fields.find((f) => f.path === e.path)?.advanced)) setAdvancedOpen(true);
      requestAnimationFrame(() => document.getElementById("error-summary")?.focus());
      return;
    }
    goTo(STEP_IDS[STEP_IDS.indexOf(section.id) + 1] ?? REVIEW_STEP.id);
  }

  function downloadAnswers() {
    const answers = form.getValues();
    const blob = new Blob([`${JSON.stringify(answers, null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = answersFileName(answers);
    a.click();
    URL.revokeObjectURL(url);
  }

  async function submit() {
    setSubmitting(true);
    setSubmitError(null);
    try {
      if (!(await flush())) {
        setSubmitError({ message: "Your latest changes are not saved yet, so they cannot be submitted. Check the save status above and try again.", issues: [] });
        return;
      }
      const response = await fetch(`/api/questionnaires/${questionnaire.id}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ revision: revision.current }),
      });
      const data = (await response.json()) as { versionId?: string; error?: string; issues?: TAnswerIssue[] };
      if (!response.ok || !data.versionId) {
        setSubmitError({ message: data.error ?? "The answers could not be submitted.", issues: data.issues ?? [] });
        return;
      }
      router.push(`/profiles/${data.versionId}`);
    } catch {
      setSubmitError({ message: "The server could not be reached. Your answers are saved; try again.", issues: [] });
    } finally {
      setSubmitting(false);
    }
  }

  const badgeOf = (id: string) => {
    if (id === REVIEW_STEP.id) return null;
    const issues = issuesByStep.get(id) ?? 0;
    if (issues > 0 && checked.has(id)) return { kind: "error" as const, text: `${issues} to fix` };
    if (id === step && issues > 0) return null;
    if (visited.has(id) && issues === 0) return { kind: "ok" as const, text: "complete" };
    return visited.has(id) ? null : { kind: "todo" as const, text: "not visited" };
  };

  const section = SECTIONS.find((s) => s.id === step);
  const renderField = (f: TField, sectionId: string) => (
    <QuestionField key={f.path} field={f} values={values} error={errorOf(f, sectionId)} warnings={warningsOf(f.path)} lists={facts.lists} />
  );
  return (
    <FormProvider {...form}>
      <h1>PRIME+ questionnaire</h1>
      <SaveBanner state={state} id={questionnaire.id} />
      <div className="wizard">
        <StepNav base={base} step={step} badgeOf={badgeOf} onGo={(id) => goTo(id)} counts={status.counts} previous={previousCounts} />
        <div className="step">
          {section ? (
            <form onSubmit={(e) => { e.preventDefault(); void saveAndContinue(section); }} noValidate aria-labelledby="step-heading">
              <h2 id="step-heading" ref={headingRef} tabIndex={-1}>{section.title}</h2>
              <p>{section.intro}</p>
              {section.help && (
                <details className="help">
                  <summary>What do these terms mean?</summary>
                  <dl className="glossary">
                    {section.help.map((h) => (
                      <div key={h.term}>
                        <dt>{h.term}</dt>
                        <dd>{h.text}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              )}
              {summary.length > 0 && (
                <div className="error-summary" id="error-summary" role="alert" tabIndex={-1}>
                  <h2>Some answers need your attention</h2>
                  <ul className="issues">
                    {summary.map((e) => (
                      <li key={e.path}><a href={`#${fieldId(e.path)}`}>{e.message}</a></li>
                    ))}
                  </ul>
                </div>
              )}
              <StepNotices
                issues={checked.has(section.id) ? current.filter((i) => i.step === section.id && !visibleFields(section).some((f) => f.path === i.field)) : []}
                warnings={warnings.filter((w) => sectionOfPath(w.path) === section.id && !visibleFields(section).some((f) => f.path === w.path))}
              />
              {visibleFields(section).filter((f) => !f.advanced).map((f) => renderField(f, section.id))}
              <AdvancedFields
                fields={visibleFields(section).filter((f) => f.advanced)}
                open={advancedOpen || visibleFields(section).some((f) => f.advanced && errorOf(f, section.id))}
                onToggle={setAdvancedOpen}
                render={(f) => renderField(f, section.id)}
              />
              <div className="actions">
                {STEP_IDS.indexOf(section.id) > 0 && (
                  <button type="button" className="secondary" onClick={() => goTo(STEP_IDS[STEP_IDS.indexOf(section.id) - 1]!)}>Back</button>
                )}
                <button type="submit">Save and continue</button>
              </div>
            </form>
          ) : (
            <section aria-labelledby="step-heading">
              <h2 id="step-heading" ref={headingRef} tabIndex={-1}>{REVIEW_STEP.title}</h2>
              {placed.length > 0 ? (
                <div className="error-summary" role="status">
                  <h2>{placed.length} answer{placed.length > 1 ? "s need" : " needs"} attention before you can submit</h2>
                  <ul className="issues">
                    {placed.map((issue) => (
                      <li key={`${issue.path}:${issue.text}`}>
                        {issue.text}{" "}
                        {issue.field && <button type="button" className="secondary" onClick={() => goTo(issue.step, issue.field)}>Go to the question</button>}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : (
                <p>Every answer is complete and consistent. Submitting freezes these answers as version {questionnaire.versions.length + 1} and builds your user profile.</p>
              )}
              {warnings.length > 0 && (
                <div className="warning-summary" id="warnings">
                  <h2>{warnings.length} answer{warnings.length > 1 ? "s" : ""} to check: you can submit anyway</h2>
                  <ul className="issues">
                    {warnings.map((w) => (
                      <li key={w.id}>
                        {w.risk} <span className="suggestion">Suggested: {w.suggestion}</span>{" "}
                        <button type="button" className="secondary" onClick={() => goTo(sectionOfPath(w.path), w.path)}>Go to the question</button>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {submitError && (
                <div className="error-summary" role="alert">
                  <h2>{submitError.message}</h2>
                  <ul className="issues">
                    {submitError.issues.map((i) => <li key={`${i.path}:${i.message}`}>{issueSentence(i)}</li>)}
                  </ul>
                </div>
              )}
              <div className="actions">
                <button type="button" className="secondary" onClick={() => goTo(STEP_IDS[STEP_IDS.length - 2]!)}>Back</button>
                <button type="button" onClick={submit} disabled={submitting || placed.length > 0 || state.kind === "conflict"}>
                  {submitting ? "Submitting…" : "Submit and build my profile"}
                </button>
                <button type="button" className="secondary" onClick={downloadAnswers}>Download the answers file</button>
              </div>
              {questionnaire.versions.length > 0 && (
                <>
                  <h3>Submitted versions</h3>
                  <ul>
                    {questionnaire.versions.map((v) => (
                      <li key={v.id}><a href={`/profiles/${v.id}`}>Version {v.number}</a> <span className="muted">submitted {new Date(v.createdAt).toLocaleString()}</span></li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
          <p className="muted resume">
            Resume link: <a href={base}>{base}</a>. Keep it to come back to this questionnaire.{" "}
            <button type="button" className="secondary" onClick={downloadAnswers}>Download the answers file</button>
          </p>
        </div>
      </div>
    </FormProvider>
  );
}

/** Warnings of the answers as they are on screen; while a value is being typed (and invalid), the last ones stay. */
function useWarnings(values: Record<string, unknown>, facts: TQuestionnaireFacts): TAnswerWarning[] {
  const last = useRef<TAnswerWarning[]>([]);
  return useMemo(() => {
    const parsed = ZAnswersShape.safeParse({ ...values, contact: WARNING_CONTACT });
    if (parsed.success) last.current = answerWarnings(parsed.data, facts);
    return last.current;
  }, [values, facts]);
}

function AdvancedFields({ fields, open, onToggle, render }: { fields: TField[]; open: boolean; onToggle: (open: boolean) => void; render: (f: TField) => ReactNode }) {
  if (fields.length === 0) return null;
  return (
    <details className="advanced" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>Advanced settings</summary>
      <p className="hint">The PRIME+ defaults are filled in. Change them only if your head end or your security policy needs other values.</p>
      {fields.map(render)}
    </details>
  );
}

/** Problems and warnings of this step whose question is not on screen (hidden by another answer). */
function StepNotices({ issues, warnings }: { issues: { path: string; text: string }[]; warnings: TAnswerWarning[] }) {
  if (issues.length === 0 && warnings.length === 0) return null;
  return (
    <div className="warning-summary">
      <ul className="issues">
        {issues.map((i) => <li key={i.path} className="error-message">{i.text}</li>)}
        {warnings.map((w) => <li key={w.id}><strong>Check this:</strong> {w.risk} <span className="suggestion">Suggested: {w.suggestion}</span></li>)}
      </ul>
    </div>
  );
}

function SaveBanner({ state, id }: { state: TSaveState; id: string }) {
  if (state.kind === "conflict") {
    return (
      <div className="conflict" role="alert">
        <strong>Not saved.</strong> {state.message}{" "}
        <button type="button" onClick={() => window.location.assign(`/questionnaires/${id}`)}>Reload the latest answers</button>
      </div>
    );
  }
  const text =
    state.kind === "saved" ? `All changes saved (${new Date(state.at).toLocaleTimeString()})` : state.kind === "error" ? state.message : "Saving…";
  return (
    <p className={`save-state${state.kind === "error" ? " error" : ""}`} role="status" aria-live="polite" data-save-state={state.kind}>
      {text}
    </p>
  );
}

