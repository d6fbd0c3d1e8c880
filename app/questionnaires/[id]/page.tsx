import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QuestionnaireWizard } from "@/components/questionnaire/wizard";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { choiceLists } from "@/lib/questionnaire/choices";
import { NotFoundError } from "@/lib/server/errors";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Questionnaire" };

export default async function QuestionnairePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const questionnaire = await loadQuestionnaire(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return <QuestionnaireWizard questionnaire={questionnaire} lists={choiceLists(getBaseline())} />;
}
