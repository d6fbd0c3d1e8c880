"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { authErrorMessage, ZSignInForm, type TSignInForm } from "@/lib/account/forms";
import { postJson, UNREACHABLE } from "./post-json";
import { TextField } from "./text-field";

/** Email + password sign-in; on success, back to the page that asked for it. */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TSignInForm>({ resolver: zodResolver(ZSignInForm), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const result = await postJson("/api/auth/sign-in/email", values);
      if (!result.ok) return setError(authErrorMessage(result.status, result.data as { code?: string; message?: string } | null));
      window.location.assign(next);
    } catch {
      setError(UNREACHABLE);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Your account</h2>
      {error && <div className="error-summary" role="alert"><p>{error}</p></div>}
      <TextField id="sign-in-email" label="Email address" type="email" autoComplete="email" registration={form.register("email")} error={errors.email?.message} />
      <TextField id="sign-in-password" label="Password" type="password" autoComplete="current-password" registration={form.register("password")} error={errors.password?.message} />
      <div className="actions"><button type="submit" disabled={isSubmitting}>Sign in</button></div>
    </form>
  );
}
