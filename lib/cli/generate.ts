import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getBaseline } from "../baseline/prime-plus";
import { buildUserProfile } from "../profile/build";
import { PUBLISHED_SCHEMAS, renderSchema } from "../schemas/published";

/**
 * Regenerates what the repository publishes from its sources: the JSON Schemas in
 * profiles/schema/ (from the zod schemas) and the example profiles in profiles/examples/
 * (from the example answers). Tests fail when either is out of date.
 */
const root = join(import.meta.dirname, "../..");
for (const entry of PUBLISHED_SCHEMAS) {
  writeFileSync(join(root, "profiles/schema", entry.file), renderSchema(entry));
  console.log(`wrote profiles/schema/${entry.file}`);
}
const examples = join(root, "profiles/examples");
for (const file of readdirSync(examples).filter((f) => f.endsWith(".answers.json")).sort()) {
  const answers = JSON.parse(readFileSync(join(examples, file), "utf8")) as unknown;
  const target = file.replace(/\.answers\.json$/, ".profile.json");
  writeFileSync(join(examples, target), `${JSON.stringify(buildUserProfile(answers, getBaseline()), null, 2)}\n`);
  console.log(`wrote profiles/examples/${target}`);
}
