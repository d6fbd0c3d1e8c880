import { notFound, redirect } from "next/navigation";
import { decodeProgress } from "@/lib/questionnaire/progress";
import { NotFoundError } from "@/lib/server/errors";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export const dynamic = "force-dynamic";

/** A resume link opens the step where the person left off. */
export default async function QuestionnairePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const questionnaire = await loadQuestionnaire(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  redirect(`/questionnaires/${id}/${decodeProgress(questionnaire.draft.step).step}`);
}
