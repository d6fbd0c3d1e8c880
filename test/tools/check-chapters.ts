import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getBaseline } from "../../lib/baseline/prime-plus";
import { buildUserProfile } from "../../lib/profile/build";
import { buildTestbook } from "../../lib/testbook/build";
import { ZChapterFile, ZTestbookManifest, type TChapterFile } from "../../lib/testbook/schema";
import { RULE_OPERATORS, ruleOperators } from "../../lib/rules/json-logic";

/**
 * For catalogue authors: checks chapter files on their own (schema, ids, rules) and builds them
 * against every example profile. Usage: npx tsx test/tools/check-chapters.ts testbook/chapters/<file>.json ...
 */
const root = join(import.meta.dirname, "../..");
const baseline = getBaseline();
const manifest = ZTestbookManifest.parse(JSON.parse(readFileSync(join(root, "testbook/manifest.json"), "utf8")));
const chapters: TChapterFile[] = [];
let failed = false;
for (const file of process.argv.slice(2)) {
  const r = ZChapterFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!r.success) {
    failed = true;
    for (const i of r.error.issues) console.log(`${file}: ${i.path.join(".")}: ${i.message}`);
    continue;
  }
  for (const c of r.data.cases) {
    if (!c.id.startsWith(`${r.data.chapter.code}-`)) console.log(`${file}: ${c.id} does not start with ${r.data.chapter.code}-`);
    for (const rule of [c.applicability, c.expand?.where]) {
      for (const op of ruleOperators(rule ?? {})) if (!(RULE_OPERATORS as readonly string[]).includes(op)) console.log(`${c.id}: operator ${op} not allowed`);
    }
  }
  const ids = r.data.cases.map((c) => c.id);
  if (new Set(ids).size !== ids.length) console.log(`${file}: duplicate case ids`);
  chapters.push(r.data);
}
const catalogue = { manifest, chapters, hash: "0".repeat(64), groupNames: Object.fromEntries(baseline.groups.map((g) => [g.id, g.name])) };
for (const name of ["single-phase-plc", "three-phase-hls-cellular", "full"]) {
  const answers = JSON.parse(readFileSync(join(root, `profiles/examples/${name}.answers.json`), "utf8")) as unknown;
  try {
    const tb = buildTestbook(buildUserProfile(answers, baseline), catalogue);
    console.log(`${name}: ${tb.summary.tests} tests, ${tb.summary.steps} steps, ${tb.summary.excluded} excluded, per chapter: ${tb.chapters.map((c) => `${c.code} ${c.tests.length}`).join(", ")}`);
    for (const e of tb.excluded) console.log(`   excluded ${e.caseId}: ${e.reason}`);
  } catch (e) {
    failed = true;
    console.log(`${name}: ${(e as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
