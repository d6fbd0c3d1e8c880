import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The path of a worker thread's entry file, given from the project's root. Next.js bundles the
 * server code away from its sources, so the file is found from the project root, which is the
 * working directory of every entry point (npm scripts, the CLI, the tests, `next start`).
 */
export function workerFile(path: string): string {
  const file = join(/* turbopackIgnore: true */ process.cwd(), path);
  if (!existsSync(file)) throw new Error(`The worker entry ${file} is missing: run the tool from the project's root folder.`);
  return file;
}
