import { HomeStart } from "@/components/account/home-start";
import { currentUser } from "@/components/account/session";
import { homeFor } from "@/lib/server/workspaces";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const home = await homeFor(await currentUser());
  return (
    <>
      <h1>Your PRIME+ companion profile, without DLMS knowledge</h1>
      <p>
        PRIME+ is the PRIME Alliance&apos;s generic DLMS/COSEM companion profile for PRIME smart electricity meters. This tool turns your
        answers into your own user profile and the testbook laboratories certify meters against.
      </p>
      <ol className="steps-overview">
        <li className="card">
          <h2>1. Questionnaire</h2>
          <p>Tell us about your network, communications, clients, security, events, alarms, metering functions and regulatory limits. Every answer is saved as you type.</p>
        </li>
        <li className="card">
          <h2>2. User profile</h2>
          <p>Your answers are merged with the PRIME+ companion into your user profile: every object, access right, event and parameter, and why each is there.</p>
        </li>
        <li className="card">
          <h2>3. Testbook</h2>
          <p>The generic PRIME+ testbook is narrowed to your profile, with your parameters filled in, for the laboratories that certify your meters.</p>
        </li>
      </ol>
      <HomeStart home={home} />
    </>
  );
}
