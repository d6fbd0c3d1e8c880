"use client";

import { useState } from "react";
import { errorText, postJson, UNREACHABLE } from "./post-json";

/**
 * An account action the way every account button does it: POST, then open the next page, or show
 * the server's own message (or `failure` when it gives none), and say so when it cannot be reached.
 */
export function usePostThenGo() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function post(url: string, body: unknown, options: { failure: string; then: string }): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const result = await postJson(url, body);
      if (!result.ok) return setError(errorText(result.data, options.failure));
      window.location.assign(options.then);
    } catch {
      setError(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  }
  return { error, setError, busy, post };
}
