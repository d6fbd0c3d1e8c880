import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
export const EXAMPLES_DIR = join(ROOT, "profiles/examples");

export const EXAMPLE_NAMES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".answers.json"))
  .map((f) => f.replace(/\.answers\.json$/, ""))
  .sort();

export function readExample(name: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.answers.json`), "utf8")) as unknown;
}

/** A deep copy of an example with a change applied, for tests of one answer at a time. */
export function exampleWith(name: string, change: (answers: Record<string, any>) => void): unknown {
  const answers = readExample(name) as Record<string, any>;
  change(answers);
  return answers;
}
