"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TDraftStatus } from "@/lib/questionnaire/status";

export type TSaveState =
  | { kind: "saved"; at: string }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "error"; message: string }
  | { kind: "conflict"; message: string };
export type TStatus = TDraftStatus;
/** The server's status of a saved draft, with the values it was computed from. */
export type TSavedStatus = TStatus & { values: unknown };
type TDraft = { formatVersion: string; step: string; values: unknown };

const DEBOUNCE_MS = 400;

/**
 * Saves the draft shortly after each change, one request at a time, always the latest state.
 * A save refused because another tab saved first stops autosaving: the person must reload.
 */
export function useAutosave(id: string, initialRevision: number, initialUpdatedAt: string) {
  const revision = useRef(initialRevision);
  const latest = useRef<TDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const stopped = useRef(false);
  const [state, setState] = useState<TSaveState>({ kind: "saved", at: initialUpdatedAt });
  const [status, setStatus] = useState<TSavedStatus | null>(null);

  /**
   * The saved answers' problems and profile size, which the server computes after it has
   * answered the save; dropped when a newer save has gone out meanwhile (its own status follows).
   */
  const fetchStatus = useCallback(
    async (savedRevision: number, values: unknown): Promise<void> => {
      try {
        const response = await fetch(`/api/questionnaires/${id}/status`);
        if (!response.ok) return;
        const data = (await response.json()) as { revision: number } & TStatus;
        if (data.revision === savedRevision && revision.current === savedRevision) setStatus({ issues: data.issues, counts: data.counts, values });
      } catch {
        // The next save asks again.
      }
    },
    [id],
  );

  const send = useCallback(async (): Promise<void> => {
    if (stopped.current || !latest.current) return;
    // The form's values object is live: the status must describe the values as they were sent.
    const draft = { ...latest.current, values: structuredClone(latest.current.values) };
    latest.current = null;
    setState({ kind: "saving" });
    try {
      const response = await fetch(`/api/questionnaires/${id}/draft`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ revision: revision.current, draft }),
      });
      const data = (await response.json()) as { revision?: number; updatedAt?: string; error?: string; statusPending?: boolean } & Partial<TStatus>;
      if (response.status === 409) {
        stopped.current = true;
        setState({ kind: "conflict", message: data.error ?? "This questionnaire was changed elsewhere." });
        return;
      }
      if (!response.ok || data.revision === undefined) {
        latest.current ??= draft;
        setState({ kind: "error", message: data.error ?? "Your last changes could not be saved." });
        return;
      }
      revision.current = data.revision;
      if (!data.statusPending) setStatus({ issues: data.issues ?? [], counts: data.counts ?? null, values: draft.values });
      // A change made while this save was out is sent next, and its own status asked for then.
      else if (!latest.current) void fetchStatus(data.revision, draft.values);
      setState(latest.current ? { kind: "pending" } : { kind: "saved", at: data.updatedAt ?? new Date().toISOString() });
    } catch {
      latest.current ??= draft;
      setState({ kind: "error", message: "The server could not be reached: your last changes are not saved yet. They will be sent again with your next change." });
    }
  }, [id, fetchStatus]);

  /** Sends any pending change now; true when everything is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (inFlight.current) await inFlight.current;
    if (latest.current && !stopped.current) {
      inFlight.current = send().finally(() => (inFlight.current = null));
      await inFlight.current;
    }
    return latest.current === null && !stopped.current;
  }, [send]);

  const schedule = useCallback(
    (draft: TDraft) => {
      if (stopped.current) return;
      latest.current = draft;
      setState({ kind: "pending" });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        if (!inFlight.current) inFlight.current = send().finally(() => (inFlight.current = null));
        else void inFlight.current.then(() => (latest.current ? schedule(latest.current) : undefined));
      }, DEBOUNCE_MS);
    },
    [send],
  );

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (latest.current || inFlight.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  return { state, status, schedule, flush, revision };
}
