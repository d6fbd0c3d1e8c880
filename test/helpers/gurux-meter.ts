import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { requirePeers } from "./peers";
import { accepts, freePortRange } from "./ports";

const BUILD_TIMEOUT_MS = 300_000;
const START_TIMEOUT_MS = 15_000;

/** The build folder: one per machine, user and peers folder, reused while the sources are unchanged. */
export function guruxBuildDir(): string {
  const key = createHash("sha256").update(requirePeers().dir).digest("hex").slice(0, 12);
  return join(tmpdir(), `prime-plus-gurux-meter-${userInfo().uid}-${key}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An exclusive mkdir, so that vitest workers in other processes wait for one build instead of
 * running build-gurux-meter.sh into the same folder at once. A lock whose owner has died, or that is
 * older than a build can take, is broken.
 */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const owner = join(lock, "owner");
  const deadline = Date.now() + BUILD_TIMEOUT_MS + 30_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let stale = false;
    try {
      const pid = Number(readFileSync(owner, "utf8"));
      stale = Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
    } catch {
      // The owner file is written just after the mkdir: no file yet means the owner is starting.
    }
    try {
      stale ||= Date.now() - statSync(lock).mtimeMs > BUILD_TIMEOUT_MS;
    } catch {
      continue;
    }
    if (stale) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the Gurux meter build lock ${lock}`);
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function runBuild(script: string, out: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn("bash", [script, out], { stdio: ["ignore", "pipe", "pipe"], timeout: BUILD_TIMEOUT_MS, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", fail);
    child.once("close", (code, signal) => {
      const bin = stdout.trim().split("\n").pop() ?? "";
      if (code === 0 && bin && existsSync(bin)) done(bin);
      else fail(new Error(`build-gurux-meter.sh failed (${signal ?? `exit ${code}`}): ${stderr.trim() || stdout.trim()}`));
    });
  });
}

let binary: Promise<string> | undefined;

/**
 * Builds the Gurux C example meter (GuruxDLMS.c) with the peers' build-gurux-meter.sh, which skips
 * the build when the binary is newer than the sources, and returns the binary's path. Once per
 * process; across processes the build folder is locked.
 */
export function guruxMeterBinary(): Promise<string> {
  if (!binary) {
    const peers = requirePeers();
    const out = guruxBuildDir();
    binary = withLock(`${out}.lock`, () => runBuild(join(peers.dir, "build-gurux-meter.sh"), out));
    binary.catch(() => (binary = undefined));
  }
  return binary;
}

/** The meter's five listeners, from its start port P (GuruxDLMSServerExample main.c). */
export type TGuruxMeterPorts = {
  /** P: short names over HDLC. */
  snHdlc: number;
  /** P+1: logical names over HDLC. */
  lnHdlc: number;
  /** P+2: short names over the wrapper (IEC 62056-47). */
  snWrapper: number;
  /** P+3: logical names over the wrapper. */
  lnWrapper: number;
  /** P+4: logical names over HDLC with the IEC 62056-21 mode E opening. */
  lnHdlcModeE: number;
};

export type TGuruxMeter = {
  ports: TGuruxMeterPorts;
  pid: number;
  /** Its working folder: the meter keeps its settings, keys and profile buffers there. */
  dir: string;
  /** What it printed so far (its stdout is block-buffered: recent lines may be missing). */
  log(): string;
  /** Kills it and removes its folder; safe to call more than once. */
  stop(): Promise<void>;
};

export type TGuruxMeterOptions = {
  /** The meter's trace level (-t): "Error", "Warning", "Info", "Verbose" or "Off". */
  trace?: "Error" | "Warning" | "Info" | "Verbose" | "Off";
};

type TRunning = { meter: ChildProcess; guard: ChildProcess; dir: string };
const running = new Set<TRunning>();

process.once("exit", () => {
  for (const r of running) {
    r.guard.kill("SIGKILL");
    r.meter.kill("SIGKILL");
    rmSync(r.dir, { recursive: true, force: true });
  }
});

function exited(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

async function launch(bin: string, base: number, options: TGuruxMeterOptions): Promise<TGuruxMeter | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "prime-plus-gurux-meter-run-"));
  const logFile = join(dir, "meter.log");
  const logFd = openSync(logFile, "w");
  const args = ["-p", String(base), ...(options.trace ? ["-t", options.trace] : [])];
  // The example derives its data file names from argv[0]'s folder and writes the rest into its
  // working folder: both point into the fresh folder, so runs never share state. Its stdin must stay
  // open and unread: it stops only on a signal (a newline hangs in its shutdown, and at end of input
  // it spins on getchar), so nothing is ever written to it.
  const meter = spawn(bin, args, { cwd: dir, argv0: join(dir, "gurux.dlms.server.bin"), stdio: ["pipe", logFd, logFd] });
  closeSync(logFd);
  if (meter.pid === undefined) {
    const error = await new Promise<Error>((done) => meter.once("error", done));
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the Gurux meter could not be started: ${error.message}`);
  }
  // A watchdog holding a pipe from this process: if the test process dies without stop(), the pipe
  // closes and the watchdog kills the meter, so no meter outlives its test run.
  const guard = spawn("sh", ["-c", 'cat >/dev/null; kill -9 "$1" 2>/dev/null', "gurux-meter-guard", String(meter.pid)], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  // Without sh there is no watchdog; stop() and the exit hook still end the meter.
  guard.once("error", () => undefined);
  const entry: TRunning = { meter, guard, dir };
  running.add(entry);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      guard.kill("SIGKILL");
      meter.kill("SIGKILL");
      await Promise.all([exited(meter), exited(guard)]);
      running.delete(entry);
      rmSync(dir, { recursive: true, force: true });
    })());
  const ports: TGuruxMeterPorts = { snHdlc: base, lnHdlc: base + 1, snWrapper: base + 2, lnWrapper: base + 3, lnHdlcModeE: base + 4 };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (meter.exitCode !== null || meter.signalCode !== null) {
      // Most often another process took one of the five ports first.
      await stop();
      return undefined;
    }
    const ready = await Promise.all([ports.lnHdlc, ports.lnWrapper, ports.lnHdlcModeE].map(accepts));
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      const log = readFileSync(logFile, "utf8");
      await stop();
      throw new Error(`the Gurux meter did not open its ports ${base}..${base + 4} within ${START_TIMEOUT_MS} ms: ${log}`);
    }
    await sleep(25);
  }
  return { ports, pid: meter.pid, dir, log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""), stop };
}

/**
 * Starts the Gurux C example meter on five free ports in a fresh working folder and resolves once its
 * logical-name ports accept connections. Each listener serves one connection at a time. Stop it in
 * an afterAll.
 */
export async function startGuruxMeter(options: TGuruxMeterOptions = {}): Promise<TGuruxMeter> {
  const bin = await guruxMeterBinary();
  for (let attempt = 0; attempt < 8; attempt++) {
    const meter = await launch(bin, await freePortRange(5), options);
    if (meter) return meter;
  }
  throw new Error("the Gurux meter exited at start-up on every port range tried");
}
