import { z } from "zod";

/** The environment, validated once; nothing else reads process.env. */
const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PRIME_PLUS_DATA_DIR: z.string().min(1).default("data"),
  /** Signs session cookies; when unset, one is generated at first start and kept in the database. */
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  /** The public address (https://profiles.example.com) when the server sits behind a proxy; otherwise taken from each request. */
  BETTER_AUTH_URL: z.url({ protocol: /^https?$/, error: "BETTER_AUTH_URL must be an http:// or https:// URL" }).optional().or(z.literal("").transform(() => undefined)),
  /** Invitations are also sent by email when set: smtp://user:password@host:587 or smtps://… */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional().or(z.literal("").transform(() => undefined)),
  /** The sender of invitation emails, e.g. "PRIME+ profiles <profiles@example.com>". */
  MAIL_FROM: z.string().min(3).optional().or(z.literal("").transform(() => undefined)),
});
export type TEnv = z.infer<typeof ZEnv>;

let env: TEnv | undefined;
export function getEnv(): TEnv {
  if (!env) {
    const parsed = ZEnv.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    env = parsed.data;
  }
  return env;
}
