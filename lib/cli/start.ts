import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sourcesHash } from "./sources-hash";

/**
 * npm start: serves the production build, building it first only when the sources changed since
 * the last build (their hash is kept in the build folder), so that a restart takes seconds
 * instead of a full build. Arguments go to `next start` (e.g. `npm start -- -p 8080`).
 */
const ROOT = join(import.meta.dirname, "../..");
const NEXT = join(ROOT, "node_modules/.bin/next");

function main() {
  const dist = join(ROOT, process.env.PRIME_PLUS_DIST_DIR || ".next");
  const stamp = join(dist, "prime-plus-sources.sha256");
  const hash = sourcesHash(ROOT);
  if (existsSync(join(dist, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) {
    console.log("The build is up to date with the sources: starting it.");
  } else {
    console.log("The sources changed since the last build (or there is none): building first.");
    const build = spawnSync(NEXT, ["build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) {
      process.exitCode = build.status ?? 1;
      return;
    }
    writeFileSync(stamp, `${hash}\n`);
  }
  const server = spawn(NEXT, ["start", ...process.argv.slice(2)], { cwd: ROOT, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

main();
