import { getBaseline } from "../baseline/prime-plus";
import { parseArgs, USAGE, type TArgs } from "./args";
import { documentCommand } from "./commands/document";
import { profileCommand } from "./commands/profile";
import { testbookCommand } from "./commands/testbook";
import { validateCommand } from "./commands/validate";
import { CliError, EXIT } from "./errors";
import type { TBaseline } from "../baseline/load";

const COMMANDS: Record<string, (args: TArgs, baseline: TBaseline) => string> = {
  profile: profileCommand,
  validate: validateCommand,
  document: documentCommand,
  testbook: testbookCommand,
};

function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    const command = COMMANDS[args.command];
    if (!command) throw new CliError(EXIT.usage, `unknown command "${args.command}"`);
    console.log(command(args, getBaseline()));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (e.message) console.error(`error: ${e.message}`);
    for (const p of e.problems) console.error(`  ${p}`);
    if (e.exitCode === EXIT.usage) console.error(`\n${USAGE}`);
    return e.exitCode;
  }
}

process.exitCode = main(process.argv.slice(2));
