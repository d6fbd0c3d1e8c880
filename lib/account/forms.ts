import { z } from "zod";

/** The account forms' fields, checked in the browser with these messages and again by the server. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

const ZEmail = z
  .string()
  .trim()
  .min(1, "Email address: enter your email address.")
  .max(254, "Email address: at most 254 characters.")
  .pipe(z.email({ error: "Email address: enter an address like name@utility.example." }));

export const ZSignInForm = z.object({
  email: ZEmail,
  password: z.string().min(1, "Password: enter your password.").max(PASSWORD_MAX, `Password: at most ${PASSWORD_MAX} characters.`),
});
export type TSignInForm = z.infer<typeof ZSignInForm>;

export const ZSignUpForm = z.object({
  name: z.string().trim().min(1, "Your name: enter the name colleagues know you by.").max(120, "Your name: at most 120 characters."),
  email: ZEmail,
  password: z
    .string()
    .min(PASSWORD_MIN, `Password: at least ${PASSWORD_MIN} characters.`)
    .max(PASSWORD_MAX, `Password: at most ${PASSWORD_MAX} characters.`),
  /** The utility's name, which names its workspace; not asked when joining through an invitation. */
  workspace: z.string().trim().max(120, "Utility: at most 120 characters."),
});
export type TSignUpForm = z.infer<typeof ZSignUpForm>;

export const ZInviteForm = z.object({
  email: ZEmail,
  role: z.enum(["owner", "editor", "viewer"], { error: "Role: choose owner, editor or viewer." }),
});
export type TInviteForm = z.infer<typeof ZInviteForm>;

/** Where to go after signing in: a path of this site only, never another site. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/** A better-auth refusal in plain words. */
export function authErrorMessage(status: number, body: { code?: string; message?: string } | null): string {
  if (status === 429) return "Too many attempts from this address. Wait a minute, then try again.";
  switch (body?.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "The email address or the password is wrong.";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "Email address: an account with this address exists already. Sign in instead.";
    case "PASSWORD_TOO_SHORT":
      return `Password: at least ${PASSWORD_MIN} characters.`;
    case "PASSWORD_TOO_LONG":
      return `Password: at most ${PASSWORD_MAX} characters.`;
    case "INVALID_EMAIL":
      return "Email address: enter an address like name@utility.example.";
    default:
      return body?.message ? `${body.message}.`.replace(/\.\.$/, ".") : "That did not work. Please try again.";
  }
}
