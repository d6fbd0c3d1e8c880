"use client";

import type { UseFormRegisterReturn } from "react-hook-form";

type TProps = {
  id: string;
  label: string;
  type: "text" | "email" | "password";
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: string;
  autoComplete: string;
  readOnly?: boolean;
};

/** A labelled input with its hint and its error message, announced with the field. */
export function TextField({ id, label, type, registration, error, hint, autoComplete, readOnly }: TProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field" data-invalid={error ? "true" : undefined}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...registration}
      />
      {error && <p className="error-message" id={`${id}-error`}>{error}</p>}
    </div>
  );
}
