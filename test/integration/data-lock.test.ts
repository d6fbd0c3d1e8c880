import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { DataFolderLockedError, lockDataFolder } from "@/lib/server/data-lock";
import { tempDir } from "../helpers/temp-dir";

/**
 * One process per embedded database folder: a second one refuses, naming the folder and the
 * process that holds it; a lock left by a process killed with -9 is recovered.
 */
const ROOT = join(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const children: ChildProcess[] = [];

/** Another process that takes the lock of `folder` and keeps it until killed. */
async function holdInAnotherProcess(folder: string): Promise<ChildProcess> {
  const script = `const { lockDataFolder } = require(${JSON.stringify(join(ROOT, "lib/server/data-lock.ts"))}); lockDataFolder(${JSON.stringify(folder)}, "test holder"); console.log("locked"); setInterval(() => {}, 1000);`;
  // Node itself, not the tsx wrapper, so that the pid is the holder's and -9 kills it.
  const child = spawn(process.execPath, ["--import", "tsx", "--eval", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

describe("lockDataFolder", () => {
  test("a second process refuses with the folder and the holder's pid", async () => {
    const folder = join(tempDir("lock"), "pglite");
    const holder = await holdInAnotherProcess(folder);
    let refused: unknown;
    try {
      lockDataFolder(folder, "second");
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DataFolderLockedError);
    expect((refused as Error).message).toContain(folder);
    expect((refused as Error).message).toContain(`process ${holder.pid}`);
  });

  test("a lock left by a process killed with -9 is taken over", async () => {
    const folder = join(tempDir("lock"), "pglite");
    const holder = await holdInAnotherProcess(folder);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    expect(JSON.parse(readFileSync(`${folder}.lock`, "utf8")).pid).toBe(holder.pid);
    const lock = lockDataFolder(folder, "after the crash");
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  test("the same process cannot open the folder twice, and may again once released", () => {
    const folder = join(tempDir("lock"), "pglite");
    const first = lockDataFolder(folder, "first");
    expect(() => lockDataFolder(folder, "again")).toThrow(DataFolderLockedError);
    first.release();
    lockDataFolder(folder, "after release").release();
  });

  test("a lock file with this process's pid that it did not take (a container restart) is stale", async () => {
    const folder = join(tempDir("lock"), "pglite");
    const { writeFileSync } = await import("node:fs");
    const { hostname } = await import("node:os");
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z", command: "before the restart" }));
    lockDataFolder(folder, "after restart").release();
  });

  test("the CLI's migrate refuses while another process holds the database", async () => {
    const dataDir = tempDir("lock-migrate");
    const holder = await holdInAnotherProcess(join(dataDir, "pglite"));
    const run = spawnSync(TSX, ["lib/cli/migrate.ts"], { cwd: ROOT, env: { ...process.env, PRIME_PLUS_DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The embedded database in ${join(dataDir, "pglite")} is in use by process ${holder.pid} (test holder)`);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    const again = spawnSync(TSX, ["lib/cli/migrate.ts"], { cwd: ROOT, env: { ...process.env, PRIME_PLUS_DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8" });
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(existsSync(join(dataDir, "pglite.lock"))).toBe(false);
  });
});
