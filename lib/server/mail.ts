import "server-only";
import { createTransport } from "nodemailer";
import { getEnv } from "./env";

export type TInvitationMail = { to: string; link: string; workspace: string; inviter: string; role: string; days: number };

/** Whether invitations also go out by email (SMTP_URL and MAIL_FROM set). */
export const mailConfigured = (): boolean => Boolean(getEnv().SMTP_URL && getEnv().MAIL_FROM);

/** The invitation email: plain text, the link and who sent it. */
export function invitationMail(m: TInvitationMail): { subject: string; text: string } {
  return {
    subject: `${m.inviter} invites you to the ${m.workspace} workspace of the PRIME+ profile tool`,
    text: [
      `${m.inviter} invites you to join the workspace "${m.workspace}" as ${m.role === "editor" ? "an editor" : `a ${m.role}`}.`,
      "",
      `Open this link to accept; sign in or create an account with this email address (${m.to}):`,
      m.link,
      "",
      `The invitation works for ${m.days} days. If you did not expect it, ignore this email.`,
    ].join("\n"),
  };
}

/** Sends the invitation when SMTP is configured; the owner copies the link in any case. */
export async function sendInvitationMail(m: TInvitationMail): Promise<boolean> {
  const env = getEnv();
  if (!env.SMTP_URL || !env.MAIL_FROM) return false;
  const transport = createTransport(env.SMTP_URL);
  try {
    await transport.sendMail({ from: env.MAIL_FROM, to: m.to, ...invitationMail(m) });
    return true;
  } finally {
    transport.close();
  }
}
