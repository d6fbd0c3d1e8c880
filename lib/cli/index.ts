import { getBaseline } from "../baseline/prime-plus";
import { parseArgs, USAGE, type TArgs } from "./args";
import { documentCommand } from "./commands/document";
import { inspectCommand } from "./commands/inspect";
import { secretsCommand } from "./commands/secrets";
import { simulateCommand } from "./commands/simulate";
import { p1Command } from "./commands/p1";
import { runCommand } from "./commands/run";
import { profileCommand } from "./commands/profile";
import { testbookCommand } from "./commands/testbook";
import { validateCommand } from "./commands/validate";
import { CliError, EXIT } from "./errors";
import type { TBaseline } from "../baseline/load";

/**
 * A command returns its summary for stdout (and, when it is not 0, its exit code); long-running
 * commands (simulate, run) resolve when they end.
 */
type TCommand = (args: TArgs, baseline: TBaseline) => string | Promise<string> | Promise<{ summary: string; exitCode: number }>;

const COMMANDS: Record<string, TCommand> = {
  profile: profileCommand,
  validate: validateCommand,
  document: documentCommand,
  testbook: testbookCommand,
  p1: p1Command,
  secrets: secretsCommand,
  simulate: simulateCommand,
  inspect: inspectCommand,
  run: runCommand,
};

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    const command = COMMANDS[args.command];
    if (!command) throw new CliError(EXIT.usage, `unknown command "${args.command}"`);
    const outcome = await command(args, getBaseline());
    const { summary, exitCode } = typeof outcome === "string" ? { summary: outcome, exitCode: EXIT.ok } : outcome;
    if (summary) console.log(summary);
    return exitCode;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (e.message) console.error(`error: ${e.message}`);
    for (const p of e.problems) console.error(`  ${p}`);
    if (e.exitCode === EXIT.usage) console.error(`\n${USAGE}`);
    return e.exitCode;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
