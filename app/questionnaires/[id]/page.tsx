import { redirect } from "next/navigation";
import { questionnaireAccess } from "@/components/account/questionnaire-access";
import { ReadOnlyQuestionnaire } from "@/components/account/read-only-questionnaire";
import { decodeProgress } from "@/lib/questionnaire/progress";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export const dynamic = "force-dynamic";

/** A resume link opens the step where the person left off; a viewer gets the read-only summary. */
export default async function QuestionnairePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await questionnaireAccess(id, `/questionnaires/${id}`);
  const questionnaire = await loadQuestionnaire(id);
  if (!access.canEdit) {
    const company = (questionnaire.draft.values.contact as { company?: string } | undefined)?.company || "a utility";
    return <ReadOnlyQuestionnaire id={id} company={company} versions={questionnaire.versions} activity={access.activity} />;
  }
  redirect(`/questionnaires/${id}/${decodeProgress(questionnaire.draft.step).step}`);
}
