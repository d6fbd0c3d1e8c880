import type { TTestbook, TTestInstance } from "./testbook-schema";

export type TTestFilter = { q?: string; chapter?: string; tag?: string };

/** The tests a laboratory asked for: text search over id, title and purpose, filters by chapter and tag. */
export function filterTests(testbook: TTestbook, filter: TTestFilter): { chapter: TTestbook["chapters"][number]; tests: TTestInstance[] }[] {
  const q = filter.q?.trim().toLowerCase();
  return testbook.chapters
    .filter((c) => !filter.chapter || c.id === filter.chapter)
    .map((chapter) => ({
      chapter,
      tests: chapter.tests.filter(
        (t) => (!filter.tag || t.tags.includes(filter.tag)) && (!q || `${t.id} ${t.title} ${t.purpose}`.toLowerCase().includes(q)),
      ),
    }))
    .filter((c) => c.tests.length > 0);
}

export function testbookTags(testbook: TTestbook): string[] {
  return [...new Set(testbook.chapters.flatMap((c) => c.tests.flatMap((t) => t.tags)))].sort();
}
