import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PRIME_PLUS_FILES } from "@/lib/baseline/files";
import { checkBaselineIntegrity } from "@/lib/baseline/integrity";
import { parseBaseline } from "@/lib/baseline/load";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { createAjv } from "@/lib/schemas/ajv";
import { PUBLISHED_SCHEMAS, renderSchema } from "@/lib/schemas/published";
import { ROOT } from "../../helpers/examples";

const BASELINE_DIR = join(ROOT, "profiles/prime-plus");
const SCHEMA_DIR = join(ROOT, "profiles/schema");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

const dataFiles = [
  ...readdirSync(BASELINE_DIR).filter((f) => f.endsWith(".json")),
  ...readdirSync(join(BASELINE_DIR, "objects")).map((f) => `objects/${f}`),
];

describe("PRIME+ baseline files", () => {
  const ajv = createAjv();
  for (const file of readdirSync(SCHEMA_DIR)) ajv.addSchema(readJson(join(SCHEMA_DIR, file)), file);

  test.each(dataFiles)("%s is valid against the JSON Schema it names (ajv, strict)", (file) => {
    const data = readJson(join(BASELINE_DIR, file));
    const schemaFile = String(data.$schema).split("/").pop()!;
    const validate = ajv.getSchema(schemaFile);
    expect(validate, `${file} names ${String(data.$schema)}`).toBeDefined();
    const valid = validate!(data);
    expect(validate!.errors ?? [], file).toEqual([]);
    expect(valid).toBe(true);
  });

  test("every object group file in profiles/prime-plus/objects is loaded", () => {
    const files = readdirSync(join(BASELINE_DIR, "objects")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(Object.keys(PRIME_PLUS_FILES.objectGroups).sort()).toEqual(files);
  });

  test("the published JSON Schemas are generated from the zod schemas and up to date", () => {
    for (const entry of PUBLISHED_SCHEMAS) {
      expect(readFileSync(join(SCHEMA_DIR, entry.file), "utf8"), `${entry.file}: run npm run generate`).toBe(renderSchema(entry));
    }
  });

  test("cross-references are consistent", () => {
    expect(checkBaselineIntegrity(parseBaseline(PRIME_PLUS_FILES))).toEqual([]);
  });
});

describe("PRIME+ baseline content", () => {
  const baseline = getBaseline();

  test("the manifest pins a semantic version, the Blue Book edition, IEC 62056-8-4 and the white paper", () => {
    expect(baseline.manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(baseline.manifest.blueBook.edition).toMatch(/Ed\./);
    const standards = baseline.manifest.standards.map((s) => s.id);
    expect(standards).toEqual(expect.arrayContaining(["iec-62056-8-4", "prime-plus-white-paper", "dlms-ua-1000-1"]));
  });

  test("it holds a realistic object model of a few hundred objects", () => {
    expect(baseline.objects.length).toBeGreaterThanOrEqual(250);
  });

  test("every object group of the white paper is present", () => {
    expect(baseline.groups.map((g) => g.id)).toEqual([
      "associations-security", "identification", "time-tou", "billing", "disconnect-load-management",
      "errors-alarms-events", "firmware-upgrade", "public-lighting", "irms", "other-abstract", "electricity",
      "monitoring-profiles", "prepayment", "han-ihd", "mbus", "local-port", "cellular", "prime-plc",
    ]);
  });

  test("per-phase objects exist for L1, L2 and L3", () => {
    for (const phase of ["L1", "L2", "L3"]) expect(baseline.objects.filter((o) => o.phase === phase).length).toBeGreaterThan(10);
  });

  test("the six clients of the white paper have the default SAPs 16, 2, 1, 3", () => {
    const sap = Object.fromEntries(baseline.clients.map((c) => [c.id, c.defaultSap]));
    expect(sap).toMatchObject({ public: 16, reading: 2, management: 1, firmware: 3 });
    expect(baseline.clients.filter((c) => c.status === "mandatory").map((c) => c.id)).toEqual(["public", "reading", "management"]);
    expect(baseline.clients.filter((c) => c.status === "optional").map((c) => c.id)).toEqual(["firmware", "limitedRemote", "broadcast"]);
  });

  test("the fourteen event logs of the white paper fall into eight groups", () => {
    expect(baseline.events.logs).toHaveLength(14);
    expect(new Set(baseline.events.logs.map((l) => l.group)).size).toBe(8);
    expect(baseline.events.groups.map((g) => g.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test("the AMR profile status byte names the white paper's IV, CA, MP, INT and AL bits", () => {
    const abbreviations = baseline.amrStatus.bits.map((b) => b.abbreviation);
    expect(abbreviations).toEqual(expect.arrayContaining(["IV", "CA", "MP", "INT", "AL"]));
  });

  test("the PLC family has the three IEC 62056-8-4 profiles", () => {
    expect(baseline.communication.profiles.filter((p) => p.family === "plc")).toHaveLength(3);
  });

  test("every named condition is used by some baseline item", () => {
    const used = new Set<string>([
      ...baseline.objects.flatMap((o) => o.when ?? []),
      ...baseline.clients.flatMap((c) => c.when ?? []),
      ...baseline.events.logs.flatMap((l) => l.when ?? []),
      ...baseline.events.events.flatMap((e) => e.when ?? []),
      ...baseline.alarms.registers.flatMap((r) => r.bits.flatMap((b) => b.when ?? [])),
      ...baseline.alarms.errorRegister.bits.flatMap((b) => b.when ?? []),
      ...baseline.communication.profiles.flatMap((p) => p.when),
      ...baseline.objects.flatMap((o) => (o.monitoredValue ?? []).flatMap((c) => c.when ?? [])),
      ...baseline.security.keys.flatMap((k) => ("when" in k ? k.when : [])),
    ]);
    expect(baseline.conditions.map((c) => c.id).filter((id) => !used.has(id))).toEqual([]);
  });

  test("every item names its source", () => {
    const unsourced = baseline.objects.filter((o) => o.provenance.length === 0).map((o) => o.id);
    expect(unsourced).toEqual([]);
  });
});
