import { createInterface } from "node:readline";
import type { TBaseline } from "../../baseline/load";
import { DEVIATIONS, DEVIATION_NAMES, isDeviation, type TDeviation } from "../../simulator/deviations";
import { listen } from "../../simulator/endpoints";
import { createProfileSimulator } from "../../simulator/create";
import { p1Output, startP1, type TRunningP1 } from "../../simulator/p1";
import type { TArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { readProfileFile, readSecretsFile } from "../inputs";

export const SIMULATE_USAGE =
  "usage: simulate <profile.json> --secrets <secrets.json> [--port 4059] [--hdlc-port N] [--host 127.0.0.1] [--deviation NAME]... [--list-deviations] [--state file] [--baud N] [--latency MS] [--p1 file|tcp-port]";

function portOption(args: TArgs, name: string): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(EXIT.usage, `--${name} must be a port number from 0 to 65535, not "${v}"`);
  return n;
}

function positiveOption(args: TArgs, name: string, max: number): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new CliError(EXIT.usage, `--${name} must be a number above 0 and at most ${max}, not "${v}"`);
  return n;
}

const output = (profile: { objects: Array<{ obis: string }> }) => (profile.objects.some((o) => o.obis === "0-0:43.0.7.255") ? ", AES-128-GCM frames" : ", plain telegrams");

export function deviationsList(): string {
  return DEVIATION_NAMES.map((name) => `${name.padEnd(36)} ${DEVIATIONS[name].description} (testbook chapter ${DEVIATIONS[name].chapter})`).join("\n");
}

const COMMANDS_HELP = "commands on stdin: power-failure SECONDS, clock-invalid, status, help";

/**
 * Serves the meter a profile describes until SIGINT or SIGTERM: one line per endpoint on stdout,
 * one line per association event on stderr; stdin takes commands that make things happen to the meter.
 */
export async function simulateCommand(args: TArgs, _baseline: TBaseline): Promise<string> {
  if (args.flags.has("list-deviations")) return deviationsList();
  const [file, extra] = args.positionals;
  if (!file || extra !== undefined || !args.options.secrets) throw new CliError(EXIT.usage, SIMULATE_USAGE);
  const deviations: TDeviation[] = [];
  for (const name of args.repeated.deviation ?? []) {
    if (!isDeviation(name)) throw new CliError(EXIT.usage, `unknown deviation "${name}"; --list-deviations lists them`);
    deviations.push(name);
  }
  const profile = readProfileFile(file);
  const secrets = readSecretsFile(args.options.secrets, profile);
  const wrapperPort = portOption(args, "port") ?? 4059;
  const hdlcPort = portOption(args, "hdlc-port") ?? null;
  const baud = positiveOption(args, "baud", 10_000_000);
  const latencyMs = positiveOption(args, "latency", 600_000);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let sim;
  try {
    sim = createProfileSimulator({ profile, secrets, deviations, log, ...(args.options.state ? { stateFile: args.options.state } : {}) });
  } catch (e) {
    throw new CliError(EXIT.invalid, (e as Error).message);
  }
  let running;
  try {
    running = await listen(sim.simulator, {
      host: args.options.host ?? "127.0.0.1",
      wrapperPort,
      hdlcPort,
      ...(baud || latencyMs ? { throttle: { ...(baud ? { baud } : {}), ...(latencyMs ? { latencyMs } : {}) } } : {}),
      onEvent: (framing, e) => {
        if (e.type === "error" || e.type === "frame-error") log(`${framing} ${e.remote}: ${e.message}`);
      },
    });
  } catch (e) {
    throw new CliError(EXIT.invalid, (e as Error).message);
  }
  let p1: TRunningP1 | undefined;
  if (args.options.p1) {
    const output = p1Output(sim.simulator, secrets);
    if (!output) {
      await running.close();
      throw new CliError(EXIT.usage, "--p1: the profile has no P1 port (no P1 readout list)");
    }
    const target = /^\d{1,5}$/.test(args.options.p1) ? { port: Number(args.options.p1), host: args.options.host ?? "127.0.0.1" } : { file: args.options.p1 };
    try {
      p1 = await startP1(output, target);
    } catch (e) {
      await running.close();
      throw new CliError(EXIT.invalid, `--p1 ${args.options.p1}: ${(e as Error).message}`);
    }
  }
  const clients = profile.clients.map((c) => `${c.name} ${c.sap} (${c.authentication.name}${c.securityPolicy.id !== "none" ? `, ${c.securityPolicy.id}` : ""})`).join(", ");
  for (const e of running.endpoints) console.log(`${e.url} (${e.framing === "wrapper" ? "TCP wrapper" : "HDLC over TCP"}): ${clients}`);
  if (p1) console.log(`${p1.target} (P1 port${output(profile)}): one telegram every 10 s`);
  if (deviations.length > 0) console.log(`deviations: ${deviations.join(", ")}`);
  log(COMMANDS_HELP);
  const input = createInterface({ input: process.stdin, terminal: false });
  input.on("line", (line) => log(sim.command(line)));
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping`);
      done();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  input.close();
  await p1?.stop();
  await running.close();
  sim.stop();
  return "";
}
