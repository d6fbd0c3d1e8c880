import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** What `next build` reads: everything else (tests, data, other builds) leaves the build as it is. */
export const BUILD_SOURCES = ["app", "components", "lib", "profiles", "testbook", "public", "prisma", "proxy.ts", "instrumentation.ts", "next.config.ts", "tsconfig.json", "package.json", "package-lock.json"];
const SKIP = new Set(["node_modules", ".cache"]);

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => (e.isDirectory() && SKIP.has(e.name) ? [] : files(join(path, e.name))));
}

/** sha256 over the path and content of every build source under `root`: equal exactly when a build would be the same. */
export function sourcesHash(root: string, sources: readonly string[] = BUILD_SOURCES): string {
  const hash = createHash("sha256");
  for (const file of sources.flatMap((s) => files(join(root, s))).sort()) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}
