import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ActivityLog } from "@/components/account/activity-log";
import { questionnaireAccess } from "@/components/account/questionnaire-access";
import { QuestionnaireWizard } from "@/components/questionnaire/wizard";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { STEP_IDS, stepPageTitle } from "@/lib/questionnaire/sections";
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
  const access = await questionnaireAccess(id, `/questionnaires/${id}/${step}`);
  if (!access.canEdit) redirect(`/questionnaires/${id}`);
  const questionnaire = await loadQuestionnaire(id);
  return (
    <>
      <QuestionnaireWizard questionnaire={questionnaire} facts={questionnaireFacts(getBaseline())} initialStep={step} />
      <ActivityLog entries={access.activity} />
    </>
  );
}
