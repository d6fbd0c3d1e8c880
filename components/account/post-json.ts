/** What a person reads when a request never got an answer. */
export const UNREACHABLE = "The server could not be reached. Check your connection and try again.";

/** A same-origin JSON POST from the browser; the answer's body, whatever its status. */
export async function postJson(url: string, body: unknown = {}): Promise<{ ok: boolean; status: number; data: Record<string, unknown> | null }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  return { ok: response.ok, status: response.status, data };
}

/** The message of an error answer of our routes: `{ error, issues }`. */
export function errorText(data: Record<string, unknown> | null, fallback: string): string {
  const issues = Array.isArray(data?.issues) ? (data.issues as { message?: unknown }[]).map((i) => String(i.message ?? "")).filter(Boolean) : [];
  if (issues.length > 0) return issues.join(" ");
  return typeof data?.error === "string" ? data.error : fallback;
}
