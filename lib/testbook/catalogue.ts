import { z } from "zod";
import { hashJson } from "../json/canonical";
import { ZChapterFile, ZTestbookManifest, type TChapterFile } from "./schema";
import { TESTBOOK_FILES } from "./files";
import { getBaseline } from "../baseline/prime-plus";

export type TCatalogue = {
  manifest: z.infer<typeof ZTestbookManifest>;
  chapters: TChapterFile[];
  hash: string;
  /** Names of the baseline's object groups, for the access-right chapters. */
  groupNames: Record<string, string>;
};

export class CatalogueLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`The testbook catalogue is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "CatalogueLoadError";
  }
}

export function parseCatalogue(files: typeof TESTBOOK_FILES, groupNames: Record<string, string>): TCatalogue {
  const problems: string[] = [];
  const manifest = ZTestbookManifest.safeParse(files.manifest);
  if (!manifest.success) for (const i of manifest.error.issues) problems.push(`manifest.json: ${i.path.join(".")}: ${i.message}`);
  const chapters: TChapterFile[] = [];
  for (const [name, data] of Object.entries(files.chapters)) {
    const r = ZChapterFile.safeParse(data);
    if (r.success) chapters.push(r.data);
    else for (const i of r.error.issues) problems.push(`chapters/${name}.json: ${i.path.join(".")}: ${i.message}`);
  }
  if (!manifest.success || problems.length > 0) throw new CatalogueLoadError(problems);
  chapters.sort((a, b) => a.chapter.number - b.chapter.number);
  return { manifest: manifest.data, chapters, hash: hashJson(files), groupNames };
}

let cached: TCatalogue | undefined;

/** The PRIME+ testbook catalogue shipped with the tool, validated once per process. */
export function getCatalogue(): TCatalogue {
  cached ??= parseCatalogue(TESTBOOK_FILES, Object.fromEntries(getBaseline().groups.map((g) => [g.id, g.name])));
  return cached;
}
