import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TBaseline } from "../../baseline/load";
import { renderDocumentsSync } from "../../documents/render-sync";
import { guruxAssociationFiles } from "../../export/gurux-xml";
import { objectsCsv } from "../../export/objects-csv";
import { CliError, EXIT } from "../errors";
import { readProfileFile } from "../inputs";
import type { TArgs } from "../args";

/** Writes profile.pdf, objects.csv and one Gurux object-list XML per client association for a user profile. */
export function documentCommand(args: TArgs, _baseline: TBaseline): string {
  const [file, extra] = args.positionals;
  const out = args.options.out;
  if (!file || extra !== undefined || !out) throw new CliError(EXIT.usage, "usage: document <profile.json> --out <dir>");
  const profile = readProfileFile(file);
  mkdirSync(out, { recursive: true });
  const [pdf] = renderDocumentsSync([{ kind: "profile", input: profile, options: {}, file: join(out, "profile.pdf") }]);
  writeFileSync(join(out, "objects.csv"), objectsCsv(profile));
  const gurux = guruxAssociationFiles(profile);
  for (const g of gurux) writeFileSync(join(out, g.fileName), g.xml);
  return [
    `wrote ${pdf!.file} (${Math.round(pdf!.bytes / 1024)} KiB in ${pdf!.milliseconds} ms)`,
    `wrote ${join(out, "objects.csv")}: ${profile.objects.length} objects x ${profile.clients.length} clients`,
    `wrote ${gurux.length} Gurux object lists: ${gurux.map((g) => g.fileName).join(", ")}`,
  ].join("\n");
}
