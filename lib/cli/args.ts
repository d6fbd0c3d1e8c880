import { CliError, EXIT } from "./errors";

/** How a command's option is given: `value` once, `repeat` any number of times, `flag` without a value. */
export type TOptionKind = "value" | "repeat" | "flag";
export type TOptionSpec = Record<string, TOptionKind>;

export type TArgs = {
  command: string;
  positionals: string[];
  options: Record<string, string>;
  repeated: Record<string, string[]>;
  flags: Set<string>;
};

/** Options of every command; a command not listed here takes only --out. */
export const COMMAND_OPTIONS: Record<string, TOptionSpec> = {
  secrets: { out: "value", force: "flag" },
  simulate: { secrets: "value", port: "value", "hdlc-port": "value", host: "value", deviation: "repeat", "list-deviations": "flag", state: "value", baud: "value", latency: "value", p1: "value" },
  inspect: {
    client: "value",
    auth: "value",
    mechanism: "value",
    security: "value",
    secrets: "value",
    profile: "value",
    password: "value",
    server: "value",
    physical: "value",
    timeout: "value",
    "invocation-counter": "value",
    read: "flag",
    json: "flag",
    traffic: "flag",
  },
  run: { meter: "value", secrets: "value", out: "value", only: "repeat", operator: "flag", p1: "value", server: "value", physical: "value", timeout: "value" },
  p1: { profile: "value", key: "repeat", "auth-key": "value", times: "value", serial: "value", baud: "value", "request-line": "flag", tcp: "value", seconds: "value", "tolerance-ms": "value", out: "value" },
};

export function parseArgs(argv: string[]): TArgs {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    throw new CliError(EXIT.usage, "");
  }
  const spec: TOptionSpec = COMMAND_OPTIONS[command] ?? { out: "value" };
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) throw new CliError(EXIT.usage, `unknown option --${name}`);
    if (kind === "flag") {
      if (inline !== undefined) throw new CliError(EXIT.usage, `option --${name} takes no value`);
      flags.add(name);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value === "") throw new CliError(EXIT.usage, `option --${name} needs a value`);
    if (kind === "repeat") (repeated[name] ??= []).push(value);
    else if (name in options) throw new CliError(EXIT.usage, `option --${name} is given twice`);
    else options[name] = value;
  }
  return { command, positionals, options, repeated, flags };
}

export const USAGE = `PRIME+ command line

usage: npm run cli -- <command> [arguments]

commands:
  profile <answers.json> --out <dir>   build the user profile from an answers file; writes <dir>/profile.json
  validate <file>                      check an answers file or a user profile file
  document <profile.json> --out <dir>  write profile.pdf, objects.csv and the Gurux object-list XML of each client
  testbook <profile.json> --out <dir>  write testbook.json, testbook.csv and testbook.pdf
  secrets <profile.json> --out <secrets.json>   fresh random test secrets for every secured client (never printed)
  simulate <profile.json> --secrets <secrets.json> [--port 4059] [--hdlc-port N] [--deviation NAME]... [--list-deviations] [--state file] [--baud N] [--latency MS]
                                       serve the meter the profile describes until Ctrl-C
  inspect <tcp://host:port | hdlc+tcp://host:port | serial:///dev/ttyUSB0> --client SAP [--auth none|lls|hls] [--secrets file] [--profile file] [--read] [--json]
                                       associate, list the object list with its rights and, with --read, every readable value
  run <profile.json> --meter <address> --secrets <secrets.json> --out <dir> [--only <chapter|case|test id>]... [--operator] [--p1 <capture|tcp://host:port|serial:///dev/tty…>]
                                       run the profile's testbook against a meter; writes the report, results, JUnit XML, traffic and evidence.zip
  p1 <capture> --profile <profile.json> [--key HEX --auth-key HEX] [--times <file>] [--serial <port> | --tcp <host:port> --seconds N] --out <dir>   check P1 output; writes p1-report.json, p1-report.html, p1-results.json

exit codes: 0 success, 1 invalid input (every problem is listed by JSON path) or, for run, a check that failed or could not be judged, 2 wrong usage`;
