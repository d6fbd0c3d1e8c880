import type { TBaseline } from "../../baseline/load";
import { formatIssue, parseAnswers } from "../../questionnaire/parse";
import { validateProfileSchema } from "../../schemas/ajv";
import { CliError, EXIT } from "../errors";
import { readJsonFile } from "../read-json";
import type { TArgs } from "../args";

/** Checks an answers file (structure and rules) or a user profile (published schema). */
export function validateCommand(args: TArgs, baseline: TBaseline): string {
  const [file, extra] = args.positionals;
  if (!file || extra !== undefined) throw new CliError(EXIT.usage, "usage: validate <file>");
  const input = readJsonFile(file);
  const kind = input !== null && typeof input === "object" && "profileFormatVersion" in input ? "profile" : "answers";
  if (kind === "profile") {
    const problems = validateProfileSchema(input);
    if (problems.length > 0) throw new CliError(EXIT.invalid, `${file}: invalid user profile`, problems.map((p) => `${p.path}: ${p.message}`));
    return `${file}: valid user profile`;
  }
  const result = parseAnswers(input, baseline);
  if (!result.ok) throw new CliError(EXIT.invalid, `${file}: invalid answers`, result.issues.map(formatIssue));
  return `${file}: valid answers`;
}
