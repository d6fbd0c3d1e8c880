"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState, type ChangeEvent, type ReactNode } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import type { z } from "zod";
import { SECRETS_MAX_CHARS, ZRunRequest } from "@/lib/conformance/run-request";
import styles from "./test-meter.module.css";

type TInput = z.input<typeof ZRunRequest>;
type TOutput = z.output<typeof ZRunRequest>;
type TIssue = { path: string; message: string };

const FIELDS = ["meter", "serverAddress", "physicalAddress", "timeoutSeconds", "only", "operator", "p1", "laboratory", "secrets"] as const;
const isField = (path: string): path is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(path);
const optionalNumber = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));
const optionalText = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export type TChapterChoice = { id: string; number: number; title: string; tests: number };

/**
 * The form that starts a run: the meter's address and link settings, the chapters to run, what to
 * do with the assisted questions, the laboratory, and the secrets file, uploaded or pasted. The
 * secrets go to the server with the start request only; the form forgets them once the run starts.
 */
export function RunForm({ api, runPage, chapters }: { api: string; runPage: string; chapters: TChapterChoice[] }) {
  const id = useId();
  const router = useRouter();
  const [failure, setFailure] = useState<{ message: string; issues: TIssue[] } | null>(null);
  const form = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(ZRunRequest), defaultValues: { meter: "", operator: "ask", only: [], laboratory: "", secrets: "" } });
  const { register, handleSubmit, setValue, setError, formState } = form;
  const { errors, isSubmitting } = formState;

  const described = (name: FieldPath<TInput>, hint?: boolean) => {
    const ids = [hint ? `${id}-${name}-hint` : "", errors[name as keyof typeof errors] ? `${id}-${name}-error` : ""].filter(Boolean).join(" ");
    return { "aria-describedby": ids || undefined, "aria-invalid": errors[name as keyof typeof errors] ? true : undefined };
  };
  const problem = (name: (typeof FIELDS)[number]) => {
    const message = errors[name]?.message;
    return message ? <p className="error-message" id={`${id}-${name}-error`}>{message}</p> : null;
  };
  const field = (name: (typeof FIELDS)[number], children: ReactNode) => <div className="field" data-invalid={errors[name] ? "true" : undefined}>{children}{problem(name)}</div>;

  async function readSecretsFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    if (file.size > SECRETS_MAX_CHARS) return setError("secrets", { message: `The secrets file is ${Math.ceil(file.size / 1024)} KiB; a secrets file is at most ${SECRETS_MAX_CHARS / 1024} KiB.` });
    setValue("secrets", await file.text(), { shouldValidate: true });
  }

  async function start(values: TOutput) {
    setFailure(null);
    try {
      const response = await fetch(api, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(values) });
      const data = (await response.json()) as { run?: { id: string }; error?: string; issues?: TIssue[] };
      if (!response.ok || !data.run) {
        const issues = data.issues ?? [];
        for (const issue of issues) if (isField(issue.path)) setError(issue.path, { message: issue.message });
        return setFailure({ message: data.error ?? "The run could not be started.", issues });
      }
      setValue("secrets", "");
      router.push(`${runPage}?run=${encodeURIComponent(data.run.id)}`);
    } catch {
      setFailure({ message: "The server could not be reached; nothing was started.", issues: [] });
    }
  }

  return (
    <form onSubmit={handleSubmit(start)} className="card" aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Start a run</h3>
      {failure && (
        <div className="error-summary" role="alert">
          <h2>{failure.message}</h2>
          {failure.issues.length > 1 && <ul className="issues">{failure.issues.map((i) => <li key={`${i.path}:${i.message}`}>{i.message}</li>)}</ul>}
        </div>
      )}
      {field(
        "meter",
        <>
          <label htmlFor={`${id}-meter`}>Meter address</label>
          <p className="hint" id={`${id}-meter-hint`}>tcp://host:port for the TCP wrapper (port 4059 when left out), hdlc+tcp://host:port for HDLC over TCP, or serial:///dev/ttyUSB0 for an optical head on the machine this server runs on.</p>
          <input id={`${id}-meter`} type="text" autoComplete="off" spellCheck={false} placeholder="tcp://192.168.1.20:4059" {...described("meter", true)} {...register("meter")} />
        </>,
      )}
      <details className="advanced">
        <summary>Link settings (optional)</summary>
        {field(
          "serverAddress",
          <>
            <label htmlFor={`${id}-server`}>Server address (logical device)</label>
            <p className="hint" id={`${id}-serverAddress-hint`}>The wrapper&apos;s destination port or the HDLC upper address; 1, the management logical device, when empty.</p>
            <input id={`${id}-server`} type="number" min={0} max={16383} {...described("serverAddress", true)} {...register("serverAddress", { setValueAs: optionalNumber })} />
          </>,
        )}
        {field(
          "physicalAddress",
          <>
            <label htmlFor={`${id}-physical`}>Physical address (HDLC lower address)</label>
            <input id={`${id}-physical`} type="number" min={0} max={16383} {...described("physicalAddress")} {...register("physicalAddress", { setValueAs: optionalNumber })} />
          </>,
        )}
        {field(
          "timeoutSeconds",
          <>
            <label htmlFor={`${id}-timeout`}>Time-out per request, in seconds</label>
            <p className="hint" id={`${id}-timeoutSeconds-hint`}>10 when empty; give more for a PLC link.</p>
            <input id={`${id}-timeout`} type="number" min={1} max={600} {...described("timeoutSeconds", true)} {...register("timeoutSeconds", { setValueAs: optionalNumber })} />
          </>,
        )}
        {field(
          "p1",
          <>
            <label htmlFor={`${id}-p1`}>P1 source</label>
            <p className="hint" id={`${id}-p1-hint`}>tcp://host:port where the meter&apos;s P1 telegrams can be read, for the P1 chapter; its tests are not run without one.</p>
            <input id={`${id}-p1`} type="text" autoComplete="off" spellCheck={false} {...described("p1", true)} {...register("p1", { setValueAs: optionalText })} />
          </>,
        )}
      </details>
      {field(
        "only",
        <fieldset aria-describedby={`${id}-only-hint`}>
          <legend>Chapters to run</legend>
          <p className="hint" id={`${id}-only-hint`}>None ticked runs the whole testbook.</p>
          <div className="checklist">
            {chapters.map((c) => (
              <div className="choice" key={c.id}>
                <input id={`${id}-only-${c.id}`} type="checkbox" value={c.id} {...register("only")} />
                <label htmlFor={`${id}-only-${c.id}`}>{c.number}. {c.title} ({c.tests} tests)</label>
              </div>
            ))}
          </div>
        </fieldset>,
      )}
      {field(
        "operator",
        <fieldset>
          <legend>Assisted tests</legend>
          <div className="choice">
            <input id={`${id}-ask`} type="radio" value="ask" {...register("operator")} />
            <label htmlFor={`${id}-ask`}>Ask their questions on this page (such as &quot;did the breaker open?&quot;); unanswered after 5 minutes, a question is skipped</label>
          </div>
          <div className="choice">
            <input id={`${id}-skip`} type="radio" value="skip" {...register("operator")} />
            <label htmlFor={`${id}-skip`}>Skip them: they are NOT-RUN</label>
          </div>
        </fieldset>,
      )}
      {field(
        "laboratory",
        <>
          <label htmlFor={`${id}-lab`}>Laboratory</label>
          <p className="hint" id={`${id}-laboratory-hint`}>The run becomes a results set under this name.</p>
          <input id={`${id}-lab`} type="text" autoComplete="organization" {...described("laboratory", true)} {...register("laboratory")} />
        </>,
      )}
      {field(
        "secrets",
        <>
          <label htmlFor={`${id}-secrets`}>Secrets file (JSON)</label>
          <p className="hint" id={`${id}-secrets-hint`}>
            The meter&apos;s passwords, HLS secrets and keys in the format of the command line&apos;s secrets file: choose the file or paste it. They serve this run only: the server holds them in memory
            until the run ends and never stores, logs or shows them.
          </p>
          <input id={`${id}-secrets-file`} type="file" accept="application/json,.json" aria-label="Choose the secrets file" onChange={readSecretsFile} />
          <textarea id={`${id}-secrets`} rows={6} autoComplete="off" spellCheck={false} className={styles.secrets} {...described("secrets", true)} {...register("secrets")} />
        </>,
      )}
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>{isSubmitting ? "Starting…" : "Start the run"}</button>
      </div>
    </form>
  );
}
