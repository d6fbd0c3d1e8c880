import { z } from "zod";

/** The environment, validated once; nothing else reads process.env. */
const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PRIME_PLUS_DATA_DIR: z.string().min(1).default("data"),
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
