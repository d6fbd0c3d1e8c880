"use client";

import { Controller, useFormContext, type FieldValues, type Path } from "react-hook-form";
import type { TField, TOption } from "@/lib/questionnaire/sections";
import type { TChoiceLists } from "@/lib/questionnaire/choices";
import { questionTitle } from "@/lib/questionnaire/fields";
import { evaluateRule } from "@/lib/rules/json-logic";

export const fieldId = (path: string) => `field-${path.replaceAll(".", "-")}`;

type TProps = { field: TField; values: unknown; serverError: string | undefined; lists: TChoiceLists };

/** One question: label, help, input and its error, linked together for assistive technology. */
export function QuestionField({ field, values, serverError, lists }: TProps) {
  const { register, control, getFieldState, formState } = useFormContext<FieldValues>();
  const path = field.path as Path<FieldValues>;
  const id = fieldId(field.path);
  const title = questionTitle(field.path.split("."));
  const clientError = getFieldState(path, formState).error;
  const error = clientError?.message ?? (clientError ? `${title} is not valid` : serverError);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [field.help ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const visibleOptions = (field.options ?? []).filter((o) => !o.visibleIf || evaluateRule(o.visibleIf, values));
  const common = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } as const;
  const hint = field.help ? <p id={hintId} className="hint">{field.help}</p> : null;
  const errorText = error ? <p id={errorId} className="error-message">{error}</p> : null;

  if (field.kind === "text" || field.kind === "email" || field.kind === "number" || field.kind === "optional-number") {
    const numeric = field.kind === "number" || field.kind === "optional-number";
    return (
      <div className="field" data-invalid={error ? "true" : undefined}>
        <label htmlFor={id}>
          {title}
          {field.unit ? <span className="muted"> ({field.unit})</span> : null}
        </label>
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
        {errorText}
      </div>
    );
  }

  if (field.kind === "yes-no" || field.kind === "choice") {
    const options: TOption[] = field.kind === "yes-no" ? [{ value: true as unknown as string, label: "Yes" }, { value: false as unknown as string, label: "No" }] : visibleOptions;
    return (
      <Controller
        control={control}
        name={path}
        render={({ field: f }) =>
          options.length > 4 ? (
            <div className="field" data-invalid={error ? "true" : undefined}>
              <label htmlFor={id}>{title}</label>
              {hint}
              <select id={id} {...common} value={JSON.stringify(f.value ?? null)} onChange={(e) => f.onChange(JSON.parse(e.target.value))} onBlur={f.onBlur} ref={f.ref}>
                {!options.some((o) => JSON.stringify(o.value) === JSON.stringify(f.value ?? null)) && <option value={JSON.stringify(f.value ?? null)}>Choose…</option>}
                {options.map((o) => (
                  <option key={JSON.stringify(o.value)} value={JSON.stringify(o.value)}>{o.label}</option>
                ))}
              </select>
              {errorText}
            </div>
          ) : (
            <div className="field" data-invalid={error ? "true" : undefined}>
              <fieldset id={id} {...common} tabIndex={-1}>
                <legend>{title}</legend>
                {hint}
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
                      />
                      <label htmlFor={optionId}>{o.label}</label>
                    </div>
                  );
                })}
              </fieldset>
              {errorText}
            </div>
          )
        }
      />
    );
  }

  const groups = checklistOptions(field, visibleOptions, lists);
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
        return (
          <div className="field" data-invalid={error ? "true" : undefined}>
            <fieldset id={id} {...common} tabIndex={-1}>
              <legend>{title}</legend>
              {hint}
              {groups.map((g) => (
                <div key={g.label ?? "all"}>
                  {g.label && <h3 className="muted" style={{ fontSize: "1rem", margin: "0.75rem 0 0.25rem" }}>{g.label}</h3>}
                  <div className="checklist">
                    {g.options.map((o, i) => {
                      const optionId = `${id}-${g.key}-${i}`;
                      return (
                        <div className="choice" key={String(o.value)}>
                          <input
                            type="checkbox"
                            id={optionId}
                            checked={selected.has(o.value) !== inverted}
                            onChange={(e) => toggle(o.value, e.target.checked)}
                            onBlur={f.onBlur}
                          />
                          <label htmlFor={optionId}>{o.label}</label>
                        </div>
                      );
                    })}
                  </div>
                </div>
              ))}
              {groups.every((g) => g.options.length === 0) && <p className="muted">Nothing to choose here.</p>}
            </fieldset>
            {errorText}
          </div>
        );
      }}
    />
  );
}

function toNumber(v: string | number | null, optional: boolean): number | null {
  if (typeof v === "number") return v;
  if (v === null || v.trim() === "") return optional ? null : Number.NaN;
  return Number(v);
}

type TGroup = { key: string; label: string | null; options: TOption[] };

function checklistOptions(field: TField, visibleOptions: TOption[], lists: TChoiceLists): TGroup[] {
  const grouped = <T,>(items: T[], groupOf: (t: T) => string, option: (t: T) => TOption): TGroup[] => {
    const byGroup = new Map<string, TOption[]>();
    for (const item of items) byGroup.set(groupOf(item), [...(byGroup.get(groupOf(item)) ?? []), option(item)]);
    return [...byGroup].map(([label, options], i) => ({ key: `g${i}`, label, options }));
  };
  if (field.kind === "optional-logs") return [{ key: "logs", label: null, options: lists.optionalLogs.map((l) => ({ value: l.id, label: `${l.name}: ${l.description}` })) }];
  if (field.kind === "optional-events") return grouped(lists.optionalEvents, (e) => e.logName, (e) => ({ value: e.id, label: `${e.name} (code ${e.code})` }));
  if (field.kind === "alarms") return grouped(lists.alarms, (a) => a.register, (a) => ({ value: a.id, label: `${a.name} (bit ${a.bit})` }));
  return [{ key: "options", label: null, options: visibleOptions }];
}

/** Keeps a multi-choice answer in the order of its options, so the saved file does not depend on click order. */
function orderLike(order: unknown[], values: unknown[]): unknown[] {
  const rank = new Map(order.map((v, i) => [v, i]));
  return [...values].sort((a, b) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER));
}
