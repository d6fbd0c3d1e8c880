/** Exit codes of the CLI: 0 success, 1 invalid input, 2 wrong usage. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: (typeof EXIT)["invalid" | "usage"],
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}
