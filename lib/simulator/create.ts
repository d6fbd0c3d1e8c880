import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TUserProfile } from "../profile/schema";
import type { TSecrets } from "../secrets/schema";
import type { TDeviation } from "./deviations";
import { pressButton } from "./meter/disconnector";
import type { TMeterState } from "./meter/meter";
import type { TSecurityStateFile } from "./security-state";
import { Simulator } from "./simulator";
import type { TMeterIdentity, TValueContext } from "./values/context";

/**
 * A simulator for a profile, wired with its initial values, an optional state file (read at
 * start, written every minute and at stop, atomically) and the operator's commands.
 */
export interface TCreateOptions {
  profile: TUserProfile;
  secrets: TSecrets;
  deviations?: TDeviation[];
  log?: (line: string) => void;
  stateFile?: string;
  now?: () => number;
  historyMs?: number;
  maxReceivePdu?: number;
}

export interface TProfileSimulator {
  simulator: Simulator;
  /** Runs one operator command ("power-failure 60") and says what happened. */
  command(line: string): string;
  /** Writes the state file (when there is one) and stops the timers. */
  stop(): void;
}

const STATE_FORMAT_VERSION = "1.0";
const SAVE_EVERY_MS = 60_000;

interface TStateFile {
  stateFormatVersion: string;
  profileId: string;
  savedAt: string;
  meter: TMeterState;
  security: TSecurityStateFile;
}

/** The meter identity the initial values use, taken from the secrets' system title so both agree. */
export function identityOf(secrets: TSecrets): TMeterIdentity {
  const title = Uint8Array.from(Buffer.from(secrets.meter.systemTitle, "hex"));
  const flag = String.fromCharCode(...title.subarray(0, 3));
  const serial = title.subarray(3).reduce((n, b) => n * 256n + BigInt(b), 0n).toString();
  return {
    flagId: /^[A-Z]{3}$/.test(flag) ? flag : "PPS",
    serialNumber: serial,
    systemTitle: title,
    firmware: { identifier: "PPS-MTR-1.0.0", version: "1.0.0", former: "0.9.8", prime: "1.4.0" },
  };
}

function readState(path: string, profile: TUserProfile): TStateFile | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    return `${path} is not a readable state file: ${(e as Error).message}`;
  }
  const s = parsed as Partial<TStateFile>;
  if (s.stateFormatVersion !== STATE_FORMAT_VERSION || !s.meter || !s.security) return `${path} is not a simulator state file of format ${STATE_FORMAT_VERSION}`;
  if (s.profileId !== profile.id) return `${path} belongs to another profile (${String(s.profileId).slice(0, 12)}…)`;
  return s as TStateFile;
}

export function createProfileSimulator(options: TCreateOptions): TProfileSimulator {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const context: TValueContext = { profile: options.profile, meter: identityOf(options.secrets), startedAt: now() };
  const simulator = new Simulator({
    profile: options.profile,
    secrets: options.secrets,
    deviations: options.deviations ?? [],
    now,
    valueContext: context,
    log,
    ...(options.historyMs !== undefined ? { historyMs: options.historyMs } : {}),
    ...(options.maxReceivePdu !== undefined ? { maxReceivePdu: options.maxReceivePdu } : {}),
  });
  const stateFile = options.stateFile;
  if (stateFile && existsSync(stateFile)) {
    const state = readState(stateFile, options.profile);
    if (typeof state === "string") throw new Error(state);
    simulator.meter.restore(state.meter);
    simulator.security.restore(state.security);
    log(`state restored from ${stateFile} (saved ${state.savedAt})`);
  }
  const save = () => {
    if (!stateFile) return;
    const state: TStateFile = {
      stateFormatVersion: STATE_FORMAT_VERSION,
      profileId: options.profile.id,
      savedAt: new Date(now()).toISOString(),
      meter: simulator.meter.snapshot(),
      security: simulator.security.snapshot(),
    };
    const temporary = join(dirname(stateFile), `.${process.pid}.state.tmp`);
    writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(temporary, stateFile);
  };
  const timer = stateFile ? setInterval(save, SAVE_EVERY_MS) : undefined;
  timer?.unref();
  return {
    simulator,
    command: (line) => runCommand(simulator, line.trim()),
    stop: () => {
      if (timer) clearInterval(timer);
      save();
    },
  };
}

function runCommand(sim: Simulator, line: string): string {
  const [word, arg] = line.split(/\s+/, 2);
  if (!word) return "";
  if (word === "power-failure") {
    const seconds = Number(arg ?? "5");
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 86_400) return "power-failure SECONDS: a duration from 1 s to 7 days";
    sim.meter.powerFailure(seconds * 1000);
    return `power failure for ${seconds} s simulated`;
  }
  if (word === "clock-invalid") {
    sim.meter.clockInvalid = true;
    return "clock marked invalid until the next clock set";
  }
  if (word === "button") return pressButton(sim.meter);
  if (word === "status") {
    sim.meter.advance();
    return `meter time ${new Date(sim.meter.meterTime()).toISOString()}, ${sim.meter.objects.size} objects, disconnector ${sim.meter.disconnectorClosed() ? "closed" : "open"}`;
  }
  if (word === "help") return "commands: power-failure SECONDS, clock-invalid, button (the customer presses the breaker's button), status, help";
  return `unknown command "${word}": try help`;
}
