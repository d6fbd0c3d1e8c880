import "server-only";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/server/errors";
import { listSiblingVersions, loadVersionByRef, type TLoadedVersion } from "@/lib/server/profiles";

export type TProfilePage = {
  refId: string;
  version: TLoadedVersion;
  siblings: { id: string; number: number; createdAt: string }[];
  section: string;
  readOnly: boolean;
};

/** Loads what every profile page needs; an unknown link or section is a 404 page. */
export async function loadProfilePage(ref: string, section: string[] | undefined, sections: readonly string[]): Promise<TProfilePage> {
  const name = section?.join("/") ?? "";
  if (!sections.includes(name)) notFound();
  try {
    const { version, readOnly } = await loadVersionByRef(ref);
    const siblings = readOnly ? [] : await listSiblingVersions(version.questionnaireId);
    return { refId: ref, version, siblings, section: name, readOnly };
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
