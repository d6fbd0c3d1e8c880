import Link from "next/link";
import type { THome } from "@/lib/server/workspaces";
import { StartActions } from "../home/start-actions";
import { CreateWorkspaceForm } from "./create-workspace-form";

/** The home page's start: the first account, sign-in, or the current workspace's questionnaires. */
export function HomeStart({ home }: { home: THome }) {
  if (home.state === "first-run") {
    return (
      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Start</h2>
        <p>This installation has no account yet. The first account owns its first workspace, where the questionnaires already here are kept, and invites colleagues.</p>
        <div className="actions"><Link className="button" href="/sign-up">Create the first account</Link></div>
      </section>
    );
  }
  if (home.state === "signed-out") {
    return (
      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Start</h2>
        <p>Questionnaires and profiles belong to a utility&apos;s workspace. Sign in to open yours, or create an account for your utility.</p>
        <div className="actions"><Link className="button" href="/sign-in">Sign in</Link> <Link className="button secondary" href="/sign-up">Create an account</Link></div>
      </section>
    );
  }
  if (home.state === "no-workspace") {
    return (
      <section aria-labelledby="start-heading">
        <h2 id="start-heading">Start</h2>
        <p>You are not in a workspace yet. Open the invitation link a colleague sent you, or create your utility&apos;s workspace.</p>
        <CreateWorkspaceForm />
      </section>
    );
  }
  const canEdit = home.current.role !== "viewer";
  return (
    <>
      <section className="card" aria-labelledby="workspace-heading">
        <h2 id="workspace-heading">Questionnaires of {home.current.name}</h2>
        {home.questionnaires.length === 0 ? (
          <p>No questionnaire yet.{canEdit ? " Start one below." : ""}</p>
        ) : (
          <ul>
            {home.questionnaires.map((q) => (
              <li key={q.id}>
                <Link href={`/questionnaires/${q.id}`}>{q.company}</Link>{" "}
                <span className="muted">changed {q.updatedAt.slice(0, 10)}{q.versions > 0 ? `, ${q.versions} version${q.versions > 1 ? "s" : ""}` : ""}</span>
                {q.latestVersionId && <> · <Link href={`/profiles/${q.latestVersionId}`}>latest profile</Link></>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canEdit ? <StartActions /> : <p>You are a viewer in this workspace: you read its questionnaires and profiles; its owners can make you an editor.</p>}
    </>
  );
}
