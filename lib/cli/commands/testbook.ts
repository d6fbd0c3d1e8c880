import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TBaseline } from "../../baseline/load";
import { renderDocumentsSync } from "../../documents/render-sync";
import { testbookCsv } from "../../export/testbook-csv";
import { buildTestbook } from "../../testbook/build";
import { getCatalogue } from "../../testbook/catalogue";
import { CliError, EXIT } from "../errors";
import type { TArgs } from "../args";
import { readProfileFile } from "../inputs";

/** Writes testbook.json, testbook.csv and testbook.pdf for a user profile. */
export function testbookCommand(args: TArgs, _baseline: TBaseline): string {
  const [file, extra] = args.positionals;
  const out = args.options.out;
  if (!file || extra !== undefined || !out) throw new CliError(EXIT.usage, "usage: testbook <profile.json> --out <dir>");
  const profile = readProfileFile(file);
  const testbook = buildTestbook(profile, getCatalogue());
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "testbook.json"), `${JSON.stringify(testbook, null, 2)}\n`);
  writeFileSync(join(out, "testbook.csv"), testbookCsv(testbook));
  const [pdf] = renderDocumentsSync([{ kind: "testbook", input: testbook, options: {}, file: join(out, "testbook.pdf") }]);
  const s = testbook.summary;
  return [
    `wrote ${join(out, "testbook.json")}: ${s.tests} tests, ${s.steps} steps, ${s.covered} of ${s.requirements} requirements covered`,
    `wrote ${join(out, "testbook.csv")}`,
    `wrote ${pdf!.file} (${Math.round(pdf!.bytes / 1024)} KiB in ${pdf!.milliseconds} ms)`,
  ].join("\n");
}
