"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { authErrorMessage, PASSWORD_MIN, ZSignUpForm, type TSignUpForm } from "@/lib/account/forms";
import { errorText, postJson, UNREACHABLE } from "./post-json";
import { TextField } from "./text-field";

type TProps = {
  /** Joining through an invitation: its email is the account's, and no new workspace is made. */
  invitation: { id: string; email: string; workspace: string } | null;
  firstAccount: boolean;
  next: string;
};

/** Creates an account, then its own workspace or the invited one. */
export function SignUpForm({ invitation, firstAccount, next }: TProps) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TSignUpForm>({ resolver: zodResolver(ZSignUpForm), defaultValues: { name: "", email: invitation?.email ?? "", password: "", workspace: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    if (!invitation && values.workspace.length < 2) {
      form.setError("workspace", { message: "Utility: enter the name of your utility (at least 2 characters); it names your workspace." });
      return;
    }
    try {
      const signUp = await postJson("/api/auth/sign-up/email", { name: values.name, email: values.email, password: values.password });
      if (!signUp.ok) return setError(authErrorMessage(signUp.status, signUp.data as { code?: string; message?: string } | null));
      const joined = invitation ? await postJson(`/api/invitations/${invitation.id}/accept`) : await postJson("/api/workspaces", { name: values.workspace });
      if (!joined.ok) return setError(`Your account was created, but ${invitation ? "joining the workspace" : "creating your workspace"} failed: ${errorText(joined.data, "please try again from the home page.")}`);
      window.location.assign(invitation ? "/" : next);
    } catch {
      setError(UNREACHABLE);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="card" aria-labelledby="sign-up-heading">
      <h2 id="sign-up-heading">{invitation ? `Join ${invitation.workspace}` : firstAccount ? "The first account owns this installation's workspace" : "Your account and your utility's workspace"}</h2>
      {error && <div className="error-summary" role="alert"><p>{error}</p></div>}
      <TextField id="sign-up-name" label="Your name" type="text" autoComplete="name" hint="Shown to your colleagues next to what you save and submit." registration={form.register("name")} error={errors.name?.message} />
      <TextField
        id="sign-up-email"
        label="Email address"
        type="email"
        autoComplete="email"
        readOnly={invitation !== null}
        {...(invitation ? { hint: "The invitation is for this address." } : {})}
        registration={form.register("email")}
        error={errors.email?.message}
      />
      <TextField id="sign-up-password" label="Password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} registration={form.register("password")} error={errors.password?.message} />
      {!invitation && (
        <TextField
          id="sign-up-workspace"
          label="Utility"
          type="text"
          autoComplete="organization"
          hint={firstAccount ? "Names your workspace. The questionnaires already on this installation move into it." : "Names your workspace; you invite your colleagues into it."}
          registration={form.register("workspace")}
          error={errors.workspace?.message}
        />
      )}
      <div className="actions"><button type="submit" disabled={isSubmitting}>{firstAccount ? "Create the first account" : "Create the account"}</button></div>
    </form>
  );
}
