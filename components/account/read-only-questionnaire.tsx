import Link from "next/link";
import type { TActivityEntry } from "@/lib/server/activity";
import { ActivityLog } from "./activity-log";

type TProps = { id: string; company: string; versions: { id: string; number: number; createdAt: string }[]; activity: TActivityEntry[] };

/** What a workspace's viewer sees of a questionnaire: its versions and answers file, no form to change them. */
export function ReadOnlyQuestionnaire({ id, company, versions, activity }: TProps) {
  return (
    <>
      <h1>Questionnaire of {company}</h1>
      <p>You are a viewer in this workspace: you can read the answers and the profiles, but not change them. Ask an owner of the workspace for the editor role to edit.</p>
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Submitted versions</h2>
        {versions.length === 0 ? (
          <p>No version has been submitted yet.</p>
        ) : (
          <ul>
            {versions.map((v) => (
              <li key={v.id}><Link href={`/profiles/${v.id}`}>User profile, version {v.number}</Link> <span className="muted">{new Date(v.createdAt).toUTCString()}</span></li>
            ))}
          </ul>
        )}
        <p><a href={`/api/questionnaires/${id}/answers`} download>Download the answers as they stand</a></p>
      </section>
      <ActivityLog entries={activity} />
    </>
  );
}
