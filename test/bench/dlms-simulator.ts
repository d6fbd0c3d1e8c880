import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TUserProfile } from "../../lib/profile/schema";
import type { TSecrets } from "../../lib/secrets/schema";
import { EXAMPLES_DIR, ROOT } from "../helpers/examples";
import { exampleProfile, exampleSecrets } from "../helpers/simulator";

/**
 * The simulator as users run it, `prime-plus simulate`, in a process of its own: the benchmarks'
 * clients then do not share an event loop (or a core) with the meter they measure. With
 * `cpuProfileDir` it runs under `node --cpu-prof` and writes its profile there when stopped.
 */
export interface TCliSimulator {
  name: string;
  profile: TUserProfile;
  secrets: TSecrets;
  wrapperPort: number;
  hdlcPort: number;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

export async function startCliSimulator(name: string, options: { cpuProfileDir?: string; extraArgs?: string[] } = {}): Promise<TCliSimulator> {
  const profile = exampleProfile(name);
  const secrets = exampleSecrets(name);
  const dir = mkdtempSync(join(tmpdir(), "prime-plus-bench-sim-"));
  const secretsFile = join(dir, "secrets.json");
  writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  const profiling = options.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir] : [];
  const args = [...profiling, "--import", "tsx", join(ROOT, "lib/cli/index.ts"), "simulate", join(EXAMPLES_DIR, `${name}.profile.json`), "--secrets", secretsFile, "--port", "0", "--hdlc-port", "0", ...(options.extraArgs ?? [])];
  // stdin stays open: the simulator reads operator commands from it and would stop at its end.
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // Its association log: read and only the end kept, so that the pipe never fills and stalls it.
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async () => {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited(child);
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const wrapper = /^tcp:\/\/127\.0\.0\.1:(\d+) /m.exec(stdout);
    const hdlc = /^hdlc\+tcp:\/\/127\.0\.0\.1:(\d+) /m.exec(stdout);
    if (wrapper && hdlc) return { name, profile, secrets, wrapperPort: Number(wrapper[1]), hdlcPort: Number(hdlc[1]), pid: child.pid!, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prime-plus simulate ${name} did not start: ${stderr.trim() || stdout.trim()}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}
