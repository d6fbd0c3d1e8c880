import type { THeading, TPart, TTocEntry } from "./model";

export const heading = (id: string, level: 1 | 2 | 3, number: string, text: string, toc = level < 3): THeading => ({ kind: "heading", id, level, number, text, toc });

export function tocEntries(parts: TPart[]): TTocEntry[] {
  return parts.flatMap((p) =>
    p.blocks.flatMap((b) => (b.kind === "heading" && b.toc ? [{ target: b.id, level: b.level, number: b.number, text: b.text }] : [])),
  );
}

/** The first part of every document: its cover, then the table of contents of the parts that follow. */
export function frontPart(cover: { title: string; subtitle: string; rows: [string, string][]; note: string }, parts: TPart[]): TPart {
  return {
    id: "front",
    runningTitle: "",
    orientation: "portrait",
    blocks: [
      { kind: "cover", ...cover },
      { kind: "pageBreak" },
      heading("contents", 1, "", "Contents", false),
      { kind: "toc", entries: tocEntries(parts) },
    ],
  };
}
