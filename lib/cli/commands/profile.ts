import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TBaseline } from "../../baseline/load";
import { AnswersError, buildUserProfile } from "../../profile/build";
import { validateProfileSchema } from "../../schemas/ajv";
import { formatIssue } from "../../questionnaire/parse";
import { CliError, EXIT } from "../errors";
import { readJsonFile } from "../read-json";
import type { TArgs } from "../args";

export function profileCommand(args: TArgs, baseline: TBaseline): string {
  const [file, extra] = args.positionals;
  const out = args.options.out;
  if (!file || extra !== undefined || !out) throw new CliError(EXIT.usage, "usage: profile <answers.json> --out <dir>");
  const input = readJsonFile(file);
  let profile;
  try {
    profile = buildUserProfile(input, baseline);
  } catch (e) {
    if (e instanceof AnswersError) throw new CliError(EXIT.invalid, `${file}: invalid answers`, e.issues.map(formatIssue));
    throw e;
  }
  const problems = validateProfileSchema(profile);
  if (problems.length > 0) {
    throw new Error(`the built profile does not match user-profile.schema.json: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  }
  mkdirSync(out, { recursive: true });
  const target = join(out, "profile.json");
  writeFileSync(target, `${JSON.stringify(profile, null, 2)}\n`);
  const s = profile.summary;
  return `wrote ${target}: ${s.clients} clients, ${s.objects} objects, ${s.logs} logs, ${s.events} events, ${s.parameters} parameters, ${s.excluded} items left out`;
}
