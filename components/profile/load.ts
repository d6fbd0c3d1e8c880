import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { may } from "@/lib/server/access";
import { listActivity, type TActivityEntry } from "@/lib/server/activity";
import type { TWorkspaceRole } from "@/lib/server/auth";
import { getDatabase } from "@/lib/server/db";
import { listSiblingVersions, loadVersionByRef, type TLoadedVersion } from "@/lib/server/profiles";
import { guardPage } from "../account/guard";

export type TProfilePage = {
  refId: string;
  version: TLoadedVersion;
  siblings: { id: string; number: number; createdAt: string }[];
  section: string;
  readOnly: boolean;
  /** The signed-in member's role; null through a share link. */
  role: TWorkspaceRole | null;
  /** The questionnaire's activity log, for members. */
  activity: TActivityEntry[] | null;
};

/** Loads what every profile page needs; an unknown link or section is a 404 page, a signed-out visit the sign-in page. */
export async function loadProfilePage(ref: string, section: string[] | undefined, sections: readonly string[], path: string): Promise<TProfilePage> {
  const name = section?.join("/") ?? "";
  if (!sections.includes(name)) notFound();
  const requestHeaders = await headers();
  return guardPage(path, async () => {
    const { version, readOnly, actor } = await loadVersionByRef(requestHeaders, ref);
    const member = actor.kind === "member" ? actor : null;
    const siblings = member ? await listSiblingVersions(version.questionnaireId) : [];
    const activity = member && may(member, "read-activity") && name === "" ? await listActivity(await getDatabase(), version.questionnaireId, 50) : null;
    return { refId: ref, version, siblings, section: name, readOnly, role: member?.role ?? null, activity };
  });
}
