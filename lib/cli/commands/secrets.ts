import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { generateSecrets } from "../../secrets/generate";
import { CliError, EXIT } from "../errors";
import { readProfileFile, writeFileAtomically } from "../inputs";
import type { TArgs } from "../args";

/** Fresh random test secrets for every client of a profile; never printed, written readable by the owner only. */
export function secretsCommand(args: TArgs): string {
  const [file, extra] = args.positionals;
  const out = args.options.out;
  if (!file || extra !== undefined || !out) throw new CliError(EXIT.usage, "usage: secrets <profile.json> --out <secrets.json>");
  const profile = readProfileFile(file);
  if (existsSync(out) && !args.flags.has("force")) throw new CliError(EXIT.usage, `${out} exists: secrets are not overwritten without --force`);
  const secrets = generateSecrets(profile, { now: new Date() });
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomically(out, `${JSON.stringify(secrets, null, 2)}\n`, 0o600);
  const clients = Object.keys(secrets.clients).length;
  return `wrote ${out}: test secrets for ${clients} clients of profile ${profile.id.slice(0, 12)} (file mode 600; keep it out of version control)`;
}
