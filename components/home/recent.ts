/** Questionnaires opened on this browser, so a person can come back without the link. */
export type TRecent = { id: string; label: string; openedAt: string };
const KEY = "prime-plus.recent";

export function recentQuestionnaires(): TRecent[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(list) ? (list as TRecent[]).filter((r) => typeof r?.id === "string").slice(0, 10) : [];
  } catch {
    return [];
  }
}

export function rememberQuestionnaire(id: string, label = ""): void {
  try {
    const list = [{ id, label, openedAt: new Date().toISOString() }, ...recentQuestionnaires().filter((r) => r.id !== id)];
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, 10)));
  } catch {
    // Private browsing or a full storage: the list is a convenience only.
  }
}
