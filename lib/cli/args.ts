import { CliError, EXIT } from "./errors";

export type TArgs = { command: string; positionals: string[]; options: Record<string, string> };

const VALUE_OPTIONS = new Set(["out"]);

export function parseArgs(argv: string[]): TArgs {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    throw new CliError(EXIT.usage, "");
  }
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      if (!VALUE_OPTIONS.has(name)) throw new CliError(EXIT.usage, `unknown option --${name}`);
      const value = inline ?? rest[++i];
      if (value === undefined || value === "") throw new CliError(EXIT.usage, `option --${name} needs a value`);
      options[name] = value;
    } else {
      positionals.push(arg);
    }
  }
  return { command, positionals, options };
}

export const USAGE = `PRIME+ command line

usage: npm run cli -- <command> [arguments]

commands:
  profile <answers.json> --out <dir>   build the user profile from an answers file; writes <dir>/profile.json
  validate <file>                      check an answers file or a user profile file
  document <profile.json> --out <dir>  write profile.pdf, objects.csv and the Gurux object-list XML of each client
  testbook <profile.json> --out <dir>  write testbook.json, testbook.csv and testbook.pdf

exit codes: 0 success, 1 invalid input (every problem is listed by JSON path), 2 wrong usage`;
