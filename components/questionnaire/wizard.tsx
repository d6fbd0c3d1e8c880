"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { FormProvider, useForm, useWatch, type FieldValues, type Path } from "react-hook-form";
import { ZAnswersShape } from "@/lib/questionnaire/answers";
import type { TChoiceLists } from "@/lib/questionnaire/choices";
import { answersFileName } from "@/lib/questionnaire/file-name";
import type { TAnswerIssue } from "@/lib/questionnaire/parse";
import { fieldOfPath, REVIEW_STEP, SECTIONS, sectionOfPath, STEP_IDS, type TSection } from "@/lib/questionnaire/sections";
import type { TProfileCounts } from "@/lib/profile/preview";
import { evaluateRule } from "@/lib/rules/json-logic";
import { rememberQuestionnaire } from "../home/recent";
import { fieldId, QuestionField } from "./field";
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
  lists: TChoiceLists;
};

export function QuestionnaireWizard({ questionnaire, lists }: TProps) {
  const router = useRouter();
  const form = useForm<FieldValues>({
    defaultValues: questionnaire.draft.values,
    resolver: zodResolver(ZAnswersShape) as never,
    mode: "onTouched",
    shouldUnregister: false,
  });
  const { state, status: savedStatus, schedule, flush, revision } = useAutosave(questionnaire.id, questionnaire.revision, questionnaire.updatedAt);
  const status = savedStatus ?? questionnaire.status;
  const initialStep = STEP_IDS.includes(questionnaire.draft.step) ? questionnaire.draft.step : SECTIONS[0]!.id;
  const [step, setStep] = useState(initialStep);
  const [visited, setVisited] = useState(() => new Set([initialStep]));
  const [summary, setSummary] = useState<{ path: string; message: string }[]>([]);
  const [submitError, setSubmitError] = useState<{ message: string; issues: TAnswerIssue[] } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [previousCounts, setPreviousCounts] = useState<TProfileCounts | null>(null);
  const countsRef = useRef<TProfileCounts | null>(questionnaire.status.counts);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const values = useWatch({ control: form.control }) as Record<string, unknown>;

  useEffect(() => rememberQuestionnaire(questionnaire.id, String((questionnaire.draft.values.contact as { company?: string } | undefined)?.company ?? "")), [questionnaire]);

  useEffect(() => {
    const subscription = form.watch((v) => schedule({ formatVersion: questionnaire.draft.formatVersion, step, values: v }));
    return () => subscription.unsubscribe();
  }, [form, schedule, step, questionnaire.draft.formatVersion]);

  useEffect(() => {
    if (!savedStatus) return;
    const before = countsRef.current;
    if (savedStatus.counts && before && JSON.stringify(before) !== JSON.stringify(savedStatus.counts)) setPreviousCounts(before);
    if (savedStatus.counts) countsRef.current = savedStatus.counts;
  }, [savedStatus]);

  const phases = values.electrical && (values.electrical as { phases?: number }).phases;
  useEffect(() => {
    const wiring = form.getValues("electrical.wiring");
    if (phases === 1 && wiring !== "two-wire") form.setValue("electrical.wiring", "two-wire", { shouldDirty: true });
    if (phases === 3 && wiring === "two-wire") form.setValue("electrical.wiring", "four-wire", { shouldDirty: true });
    if (phases === 1 && form.getValues("electrical.connection") === "current-voltage-transformer") {
      form.setValue("electrical.connection", "current-transformer", { shouldDirty: true });
    }
  }, [phases, form]);

  const issuesBySection = useMemo(() => {
    const map = new Map<string, TAnswerIssue[]>();
    for (const issue of status.issues) map.set(sectionOfPath(issue.path), [...(map.get(sectionOfPath(issue.path)) ?? []), issue]);
    return map;
  }, [status.issues]);
  const serverErrors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of status.issues) {
      const field = fieldOfPath(issue.path);
      if (field && !map.has(field)) map.set(field, `${issue.question}: ${issue.message}`);
    }
    return map;
  }, [status.issues]);

  const visibleFields = (section: TSection) => section.fields.filter((f) => !f.visibleIf || evaluateRule(f.visibleIf, values));

  function goTo(next: string, focusPath?: string) {
    setStep(next);
    setVisited((v) => new Set(v).add(next));
    setSummary([]);
    schedule({ formatVersion: questionnaire.draft.formatVersion, step: next, values: form.getValues() });
    requestAnimationFrame(() => {
      const target = focusPath ? document.getElementById(fieldId(focusPath)) : headingRef.current;
      (target?.querySelector?.("input,select") as HTMLElement | null ?? target)?.focus();
    });
  }

  async function next(section: TSection) {
    const paths = visibleFields(section).map((f) => f.path as Path<FieldValues>);
    const valid = await form.trigger(paths);
    const index = STEP_IDS.indexOf(section.id);
    if (!valid) {
      const errors = paths.flatMap((p) => {
        const error = form.getFieldState(p).error;
        return error ? [{ path: p, message: error.message ?? "is not valid" }] : [];
      });
      setSummary(errors);
      requestAnimationFrame(() => document.getElementById("error-summary")?.focus());
      return;
    }
    goTo(STEP_IDS[index + 1] ?? REVIEW_STEP.id);
  }

  function downloadAnswers() {
    const current = form.getValues();
    const blob = new Blob([`${JSON.stringify(current, null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = answersFileName(current);
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

  const section = SECTIONS.find((s) => s.id === step);
  const counts = status.counts;
  return (
    <FormProvider {...form}>
      <h1>PRIME+ questionnaire</h1>
      <SaveBanner state={state} id={questionnaire.id} />
      <div className="wizard">
        <nav className="progress" aria-label="Questionnaire sections">
          <ol>
            {[...SECTIONS, REVIEW_STEP].map((s, i) => {
              const issues = issuesBySection.get(s.id)?.length ?? 0;
              const badge = s.id === REVIEW_STEP.id ? null : issues > 0 ? ["error", `${issues} to fix`] : visited.has(s.id) ? ["ok", "complete"] : ["todo", "not visited"];
              return (
                <li key={s.id}>
                  <button type="button" aria-current={s.id === step ? "step" : undefined} onClick={() => goTo(s.id)}>
                    <span>{i + 1}. {s.title}</span>
                    {badge && <span className={`badge ${badge[0]}`}>{badge[1]}</span>}
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="impact" aria-live="polite" style={{ marginTop: "1rem" }}>
            <ProfileImpact counts={counts} previous={previousCounts} />
          </div>
        </nav>
        <div>
          {section ? (
            <form onSubmit={(e) => { e.preventDefault(); void next(section); }} noValidate aria-labelledby="step-heading">
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
              {visibleFields(section).map((f) => (
                <QuestionField key={f.path} field={f} values={values} serverError={serverErrors.get(f.path)} lists={lists} />
              ))}
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
              {status.issues.length > 0 ? (
                <div className="error-summary" role="status">
                  <h2>{status.issues.length} answer{status.issues.length > 1 ? "s need" : " needs"} attention before you can submit</h2>
                  <ul className="issues">
                    {status.issues.map((issue) => {
                      const field = fieldOfPath(issue.path);
                      return (
                        <li key={`${issue.path}:${issue.message}`}>
                          <strong>{issue.question}</strong>: {issue.message}{" "}
                          {field && <button type="button" className="secondary" onClick={() => goTo(sectionOfPath(issue.path), field)}>Go to the question</button>}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ) : (
                <p>Every answer is complete and consistent. Submitting freezes these answers as version {questionnaire.versions.length + 1} and builds your user profile.</p>
              )}
              {submitError && (
                <div className="error-summary" role="alert">
                  <h2>{submitError.message}</h2>
                  <ul className="issues">
                    {submitError.issues.map((i) => <li key={`${i.path}:${i.message}`}><strong>{i.question}</strong>: {i.message}</li>)}
                  </ul>
                </div>
              )}
              <div className="actions">
                <button type="button" onClick={submit} disabled={submitting || status.issues.length > 0 || state.kind === "conflict"}>
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
          <p className="muted" style={{ marginTop: "2rem" }}>
            Resume link: <a href={`/questionnaires/${questionnaire.id}`}>{`/questionnaires/${questionnaire.id}`}</a>. Keep it to come back to this questionnaire.{" "}
            <button type="button" className="secondary" onClick={downloadAnswers}>Download the answers file</button>
          </p>
        </div>
      </div>
    </FormProvider>
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

const COUNT_LABELS: [keyof TProfileCounts, string][] = [
  ["objects", "objects"],
  ["logs", "event logs"],
  ["events", "events"],
  ["parameters", "parameters"],
  ["tests", "tests"],
];

function ProfileImpact({ counts, previous }: { counts: TProfileCounts | null; previous: TProfileCounts | null }) {
  if (!counts) return <p style={{ margin: 0 }}>Your profile&apos;s size appears here once the answers of every section are consistent.</p>;
  return (
    <>
      <p style={{ margin: 0 }}><strong>Your profile so far</strong></p>
      <ul style={{ margin: "0.25rem 0 0", paddingLeft: "1.1rem" }}>
        {COUNT_LABELS.map(([key, label]) => {
          const value = counts[key];
          if (value === null) return null;
          const before = previous?.[key];
          const delta = typeof before === "number" ? value - before : 0;
          return (
            <li key={key} data-count={key}>
              {value} {label}
              {delta !== 0 && <span className="muted"> ({delta > 0 ? `+${delta}` : delta} with your last change)</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}

