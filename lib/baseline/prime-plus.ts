import { PRIME_PLUS_FILES } from "./files";
import { checkBaselineIntegrity } from "./integrity";
import { BaselineError, parseBaseline, type TBaseline } from "./load";

let cached: TBaseline | undefined;

/** The PRIME+ baseline shipped with the tool, validated once per process. */
export function getBaseline(): TBaseline {
  if (!cached) {
    const baseline = parseBaseline(PRIME_PLUS_FILES);
    const problems = checkBaselineIntegrity(baseline);
    if (problems.length > 0) throw new BaselineError(problems);
    cached = baseline;
  }
  return cached;
}
