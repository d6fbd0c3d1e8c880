import { renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ZUserProfile, type TUserProfile } from "../profile/schema";
import { validateProfileSchema } from "../schemas/ajv";
import { parseSecrets } from "../secrets/parse";
import type { TSecrets } from "../secrets/schema";
import { CliError, EXIT } from "./errors";
import { readJsonFile } from "./read-json";

/**
 * A user profile file, checked against the published schema (what outsiders validate against)
 * and then parsed with zod (the full check); every problem is listed by JSON path.
 */
export function readProfileFile(file: string): TUserProfile {
  const input = readJsonFile(file);
  const problems = validateProfileSchema(input).map((p) => `${p.path}: ${p.message}`);
  const parsed = ZUserProfile.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const line = `${issue.path.join(".") || "(root)"}: ${issue.message}`;
      if (!problems.includes(line)) problems.push(line);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new CliError(EXIT.invalid, `${file}: invalid user profile`, problems);
  return parsed.data;
}


export function readSecretsFile(path: string, profile?: TUserProfile): TSecrets {
  const parsed = parseSecrets(readJsonFile(path), profile);
  if (!parsed.ok) throw new CliError(EXIT.invalid, `${path} is not a valid secrets file`, parsed.problems);
  return parsed.secrets;
}

/** Writes a file whole or not at all: a temporary file in the same folder, then a rename. */
export function writeFileAtomically(path: string, content: string, mode = 0o644): void {
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, path);
}
