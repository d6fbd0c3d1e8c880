"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZInviteForm, type TInviteForm } from "@/lib/account/forms";
import { errorText } from "./post-json";

type TRole = "owner" | "editor" | "viewer";
type TMember = { id: string; userId: string; name: string; email: string; role: TRole };
type TInvitation = { id: string; email: string; role: TRole; expiresAt: string };
type TProps = { workspaceId: string; members: TMember[]; invitations: TInvitation[]; canManage: boolean; you: string };

const ROLE_TEXT: Record<TRole, string> = { owner: "Owner: manages members and roles, and edits", editor: "Editor: edits, submits, shares and imports results", viewer: "Viewer: reads only" };

async function send(url: string, method: string, body?: unknown) {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { ok: response.ok, data: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

/** A workspace's members and invitations; owners invite (a link to copy), change roles and remove. */
export function MembersManager({ workspaceId, members, invitations, canManage, you }: TProps) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [link, setLink] = useState<{ url: string; emailed: boolean; email: string } | null>(null);
  const [roles, setRoles] = useState<Record<string, TRole>>(Object.fromEntries(members.map((m) => [m.id, m.role])));
  const form = useForm<TInviteForm>({ resolver: zodResolver(ZInviteForm), defaultValues: { email: "", role: "editor" } });
  const { errors, isSubmitting } = form.formState;
  const api = `/api/workspaces/${workspaceId}`;
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  const invite = form.handleSubmit(async (values) => {
    setMessage(null);
    try {
      const { ok, data } = await send(`${api}/invitations`, "POST", values);
      if (!ok || typeof data?.path !== "string") return setMessage({ ok: false, text: errorText(data, "The invitation could not be created.") });
      setLink({ url: `${origin}${data.path}`, emailed: data.emailed === true, email: values.email });
      form.reset({ email: "", role: values.role });
      router.refresh();
    } catch {
      setMessage({ ok: false, text: "The server could not be reached." });
    }
  });

  async function act(run: () => Promise<{ ok: boolean; data: Record<string, unknown> | null }>, done: string) {
    setMessage(null);
    try {
      const { ok, data } = await run();
      setMessage(ok ? { ok: true, text: done } : { ok: false, text: errorText(data, "That did not work.") });
      if (ok) router.refresh();
    } catch {
      setMessage({ ok: false, text: "The server could not be reached." });
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setMessage({ ok: true, text: "The invitation link is copied." });
    } catch {
      setMessage({ ok: false, text: "The browser did not let us copy: select the link and copy it yourself." });
    }
  }

  return (
    <>
      <p role="status" className={message && !message.ok ? "error-message" : undefined}>{message?.text}</p>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <div className="table-scroll">
          <table className="data">
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th>{canManage && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}{m.userId === you ? " (you)" : ""}</th>
                  <td>{m.email}</td>
                  <td>
                    {canManage ? (
                      <>
                        <label className="sr-only" htmlFor={`role-${m.id}`}>Role of {m.name}</label>
                        <select id={`role-${m.id}`} value={roles[m.id] ?? m.role} onChange={(e) => setRoles({ ...roles, [m.id]: e.target.value as TRole })}>
                          <option value="owner">Owner</option>
                          <option value="editor">Editor</option>
                          <option value="viewer">Viewer</option>
                        </select>
                      </>
                    ) : (
                      m.role
                    )}
                  </td>
                  {canManage && (
                    <td className="actions">
                      <button type="button" className="secondary" disabled={(roles[m.id] ?? m.role) === m.role} onClick={() => act(() => send(`${api}/members/${m.id}`, "PATCH", { role: roles[m.id] }), `${m.name} is now ${roles[m.id]}.`)}>
                        Change role<span className="sr-only"> of {m.name}</span>
                      </button>
                      {m.userId !== you && (
                        <button type="button" className="secondary" onClick={() => act(() => send(`${api}/members/${m.id}`, "DELETE"), `${m.name} no longer belongs to this workspace.`)}>
                          Remove<span className="sr-only"> {m.name}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canManage && (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite a colleague</h2>
          <form onSubmit={invite} noValidate>
            <div className="field" data-invalid={errors.email ? "true" : undefined}>
              <label htmlFor="invite-email">Colleague&apos;s email address</label>
              <input id="invite-email" type="email" autoComplete="off" aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? "invite-email-error" : undefined} {...form.register("email")} />
              {errors.email && <p className="error-message" id="invite-email-error">{errors.email.message}</p>}
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" {...form.register("role")}>
                {(["editor", "viewer", "owner"] as const).map((r) => <option key={r} value={r}>{ROLE_TEXT[r]}</option>)}
              </select>
            </div>
            <div className="actions"><button type="submit" disabled={isSubmitting}>Create the invitation</button></div>
          </form>
          {link && (
            <div aria-live="polite">
              <p>
                Send this link to {link.email}{link.emailed ? " (it was also emailed)" : ""}; it works for that address only:
              </p>
              <p><a href={link.url} data-invitation-link>{link.url}</a></p>
              <div className="actions"><button type="button" className="secondary" onClick={() => copy(link.url)}>Copy the link</button></div>
            </div>
          )}
          {invitations.length > 0 && (
            <>
              <h3>Pending invitations</h3>
              <ul>
                {invitations.map((i) => (
                  <li key={i.id}>
                    {i.email} as {i.role}, until {i.expiresAt.slice(0, 10)}: <a href={`/invitations/${i.id}`}>{`${origin}/invitations/${i.id}`}</a>{" "}
                    <button type="button" className="secondary" onClick={() => copy(`${origin}/invitations/${i.id}`)}>Copy<span className="sr-only"> the link for {i.email}</span></button>{" "}
                    <button type="button" className="secondary" onClick={() => act(() => send(`${api}/invitations/${i.id}`, "DELETE"), `The invitation of ${i.email} is withdrawn.`)}>Withdraw<span className="sr-only"> the invitation of {i.email}</span></button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
