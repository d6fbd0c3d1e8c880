import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QuestionnaireWizard } from "@/components/questionnaire/wizard";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { STEP_IDS, stepPageTitle } from "@/lib/questionnaire/sections";
import { NotFoundError } from "@/lib/server/errors";
import { loadQuestionnaire } from "@/lib/server/questionnaires";

export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ id: string; step: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: stepPageTitle((await params).step) };
}

/** One step of a questionnaire; the wizard then moves between steps without reloading the page. */
export default async function QuestionnaireStepPage({ params }: TProps) {
  const { id, step } = await params;
  if (!STEP_IDS.includes(step)) notFound();
  const questionnaire = await loadQuestionnaire(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return <QuestionnaireWizard questionnaire={questionnaire} facts={questionnaireFacts(getBaseline())} initialStep={step} />;
}
