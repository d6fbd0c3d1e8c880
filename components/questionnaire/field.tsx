"use client";

import type { ReactNode } from "react";
import { Controller, useFormContext, type FieldValues, type Path } from "react-hook-form";
import type { TChoiceLists } from "@/lib/questionnaire/facts";
import { questionTitle } from "@/lib/questionnaire/fields";
import { informationalNote } from "@/lib/questionnaire/informational";
import type { TField, TOption } from "@/lib/questionnaire/sections";
import type { TAnswerWarning } from "@/lib/questionnaire/warnings";
import { evaluateRule, type TRule } from "@/lib/rules/json-logic";

export const fieldId = (path: string) => `field-${path.replaceAll(".", "-")}`;

type TProps = { field: TField; values: unknown; error: string | undefined; warnings: TAnswerWarning[]; lists: TChoiceLists };

/** A select shows only its chosen option when closed: long labels or explained options are radios instead. */
const fitsSelect = (options: TOption[]) => options.length > 4 && options.every((o) => o.label.length <= 32 && !o.description);

/** One question: label, help, input, its error and its warnings, linked together for assistive technology. */
export function QuestionField({ field, values, error, warnings, lists }: TProps) {
  const { register, control } = useFormContext<FieldValues>();
  const path = field.path as Path<FieldValues>;
  const id = fieldId(field.path);
  const title = questionTitle(field.path.split("."));
  const help = [field.help, informationalNote(field.path)].filter(Boolean).join(" ");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const describedBy = [help ? hintId : null, error ? errorId : null, warnings.length ? warningId : null].filter(Boolean).join(" ") || undefined;
  const visibleOptions = (field.options ?? []).filter((o) => !o.visibleIf || evaluateRule(o.visibleIf, values));
  const common = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } as const;
  const hint = help ? <p id={hintId} className="hint">{help}</p> : null;
  const below = (
    <>
      {error ? <p id={errorId} className="error-message">{error}</p> : null}
      {warnings.length > 0 && (
        <div id={warningId} className="warning-message">
          {warnings.map((w) => (
            <p key={w.id}><strong>Check this:</strong> {w.risk} <span className="suggestion">Suggested: {w.suggestion}</span></p>
          ))}
        </div>
      )}
    </>
  );
  const wrap = (children: ReactNode) => (
    <div className="field" data-invalid={error ? "true" : undefined} data-warning={warnings.length ? "true" : undefined} data-field={field.path}>
      {children}
      {below}
    </div>
  );

  if (field.kind === "text" || field.kind === "email" || field.kind === "number" || field.kind === "optional-number") {
    const numeric = field.kind === "number" || field.kind === "optional-number";
    return wrap(
      <>
        <label htmlFor={id}>{title}</label>
        {hint}
        <input
          id={id}
          type={field.kind === "email" ? "email" : numeric ? "number" : "text"}
          inputMode={numeric ? "decimal" : undefined}
          step={numeric ? "any" : undefined}
          autoComplete={field.kind === "email" ? "email" : "off"}
          {...common}
          {...register(path, numeric ? { setValueAs: (v: string | number | null) => toNumber(v, field.kind === "optional-number") } : {})}
        />
      </>,
    );
  }

  if (field.kind === "yes-no" || field.kind === "choice") {
    const options: TOption[] = field.kind === "yes-no" ? [{ value: true as unknown as string, label: "Yes" }, { value: false as unknown as string, label: "No" }] : visibleOptions;
    return (
      <Controller
        control={control}
        name={path}
        render={({ field: f }) =>
          fitsSelect(options)
            ? wrap(
                <>
                  <label htmlFor={id}>{title}</label>
                  {hint}
                  <select id={id} {...common} value={JSON.stringify(f.value ?? null)} onChange={(e) => f.onChange(JSON.parse(e.target.value))} onBlur={f.onBlur} ref={f.ref}>
                    {!options.some((o) => JSON.stringify(o.value) === JSON.stringify(f.value ?? null)) && <option value={JSON.stringify(f.value ?? null)}>Choose…</option>}
                    {options.map((o) => (
                      <option key={JSON.stringify(o.value)} value={JSON.stringify(o.value)}>{o.label}</option>
                    ))}
                  </select>
                </>,
              )
            : wrap(
                <fieldset id={id} {...common} tabIndex={-1}>
                  <legend>{title}</legend>
                  {hint}
                  <div className={field.kind === "yes-no" ? "choices inline" : "choices"}>
                    {options.map((o, i) => {
                      const optionId = `${id}-${i}`;
                      return (
                        <div className="choice" key={JSON.stringify(o.value)}>
                          <input
                            type="radio"
                            id={optionId}
                            name={id}
                            checked={JSON.stringify(f.value ?? null) === JSON.stringify(o.value)}
                            onChange={() => f.onChange(o.value)}
                            onBlur={f.onBlur}
                            ref={i === 0 ? f.ref : undefined}
                            aria-describedby={o.description ? `${optionId}-about` : undefined}
                          />
                          <label htmlFor={optionId}>
                            {o.label}
                            {o.description && <span id={`${optionId}-about`} className="option-about">{o.description}</span>}
                          </label>
                        </div>
                      );
                    })}
                  </div>
                </fieldset>,
              )
        }
      />
    );
  }

  const groups = checklistOptions(field, visibleOptions, lists, values);
  const inverted = field.kind === "optional-events";
  return (
    <Controller
      control={control}
      name={path}
      render={({ field: f }) => {
        const selected = new Set<unknown>(Array.isArray(f.value) ? (f.value as unknown[]) : []);
        const toggle = (value: string | number | null, checked: boolean) => {
          const next = new Set(selected);
          if (checked !== inverted) next.add(value);
          else next.delete(value);
          f.onChange(orderLike(groups.flatMap((g) => g.options.map((o) => o.value)), [...next]));
        };
        return wrap(
          <fieldset id={id} {...common} tabIndex={-1}>
            <legend>{title}</legend>
            {hint}
            {groups.map((g) => (
              <div key={g.key}>
                {g.label && <h3 className="checklist-group">{g.label}</h3>}
                <div className="checklist">
                  {g.options.map((o, i) => {
                    const optionId = `${id}-${g.key}-${i}`;
                    return (
                      <div className="choice" key={String(o.value)}>
                        <input type="checkbox" id={optionId} checked={selected.has(o.value) !== inverted} onChange={(e) => toggle(o.value, e.target.checked)} onBlur={f.onBlur} />
                        <label htmlFor={optionId}>{o.label}</label>
                      </div>
                    );
                  })}
                </div>
              </div>
            ))}
            {groups.every((g) => g.options.length === 0) && <p className="muted">Nothing to choose here for this meter.</p>}
          </fieldset>,
        );
      }}
    />
  );
}

/** An empty number box is a missing answer ("… is required"), not a number that fails its range. */
function toNumber(v: string | number | null, optional: boolean): number | null | undefined {
  if (typeof v === "number") return v;
  if (v === null || v.trim() === "") return optional ? null : undefined;
  return Number(v);
}

type TGroup = { key: string; label: string | null; options: TOption[] };

/** The items of a list question this meter can have, grouped by log or alarm register. */
function checklistOptions(field: TField, visibleOptions: TOption[], lists: TChoiceLists, values: unknown): TGroup[] {
  const fits = (item: { visibleIf?: TRule }) => !item.visibleIf || evaluateRule(item.visibleIf, values);
  const grouped = <T extends { visibleIf?: TRule }>(items: T[], groupOf: (t: T) => string, option: (t: T) => TOption): TGroup[] => {
    const byGroup = new Map<string, TOption[]>();
    for (const item of items.filter(fits)) byGroup.set(groupOf(item), [...(byGroup.get(groupOf(item)) ?? []), option(item)]);
    return [...byGroup].map(([label, options], i) => ({ key: `g${i}`, label, options }));
  };
  if (field.kind === "optional-logs") return [{ key: "logs", label: null, options: lists.optionalLogs.filter(fits).map((l) => ({ value: l.id, label: `${l.name}: ${l.description}` })) }];
  if (field.kind === "optional-events") return grouped(lists.optionalEvents, (e) => e.logName, (e) => ({ value: e.id, label: `${e.name} (code ${e.code})` }));
  if (field.kind === "alarms") return grouped(lists.alarms, (a) => a.register, (a) => ({ value: a.id, label: a.name }));
  return [{ key: "options", label: null, options: visibleOptions }];
}

/** Keeps a multi-choice answer in the order of its options, so the saved file does not depend on click order. */
function orderLike(order: unknown[], values: unknown[]): unknown[] {
  const rank = new Map(order.map((v, i) => [v, i]));
  return [...values].sort((a, b) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER));
}
