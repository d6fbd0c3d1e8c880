import "server-only";
import { headers } from "next/headers";
import { authorizeQuestionnaire, may, type TQuestionnaireGrant } from "@/lib/server/access";
import { listActivity, type TActivityEntry } from "@/lib/server/activity";
import { getDatabase } from "@/lib/server/db";
import { guardPage } from "./guard";

export type TQuestionnaireAccess = { grant: TQuestionnaireGrant; canEdit: boolean; activity: TActivityEntry[] };

/** A questionnaire page's access: signed out → sign-in, outside its workspace → 404; viewers read without editing. */
export async function questionnaireAccess(id: string, path: string): Promise<TQuestionnaireAccess> {
  const requestHeaders = await headers();
  return guardPage(path, async () => {
    const grant = await authorizeQuestionnaire(requestHeaders, id, "read-draft");
    return { grant, canEdit: may(grant.actor, "edit-draft"), activity: await listActivity(await getDatabase(), id, 50) };
  });
}
