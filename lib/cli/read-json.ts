import { readFileSync, statSync } from "node:fs";
import { CliError, EXIT } from "./errors";

const MAX_BYTES = 16 * 1024 * 1024;

export function readJsonFile(path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError(EXIT.usage, `cannot read ${path}: no such file`);
  }
  if (size > MAX_BYTES) throw new CliError(EXIT.invalid, `${path} is larger than 16 MiB`);
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(EXIT.invalid, `${path} is not valid JSON: ${(e as Error).message}`);
  }
}
