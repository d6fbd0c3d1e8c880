import { z } from "zod";
import { EXPANSIONS } from "./schema";

/** The testbook of one user profile, as written to testbook.json (schema: profiles/schema/testbook.schema.json). */
export const TESTBOOK_FORMAT_VERSION = "1.0";

const ZHash = z.string().regex(/^[0-9a-f]{64}$/);

export const ZTestInstance = z.strictObject({
  id: z.string().min(1).meta({ description: "Case id, followed for template instances by / and the bound item" }),
  caseId: z.string().min(1),
  chapter: z.string().min(1),
  title: z.string(),
  purpose: z.string(),
  binding: z.strictObject({ kind: z.enum(EXPANSIONS), id: z.string() }).optional(),
  requirements: z.array(z.string()),
  clauses: z.array(z.string()),
  preconditions: z.array(z.string()),
  steps: z.array(z.strictObject({ number: z.int().min(1), action: z.string(), expected: z.string() })),
  verdict: z.strictObject({ pass: z.string(), fail: z.string(), inconclusive: z.string() }),
  tags: z.array(z.string()),
});
export type TTestInstance = z.infer<typeof ZTestInstance>;

export const ZRequirement = z.strictObject({
  id: z.string(),
  kind: z.enum(["client", "security", "object", "right", "log", "event", "alarm", "parameter", "communication"]),
  label: z.string(),
});
export type TRequirement = z.infer<typeof ZRequirement>;

export const ZTestbook = z
  .strictObject({
    testbookFormatVersion: z.literal(TESTBOOK_FORMAT_VERSION),
    id: ZHash,
    engineVersion: z.string(),
    catalogue: z.strictObject({ id: z.string(), version: z.string(), hash: ZHash }),
    profile: z.strictObject({ id: ZHash, company: z.string(), baseline: z.strictObject({ id: z.string(), version: z.string() }) }),
    summary: z.strictObject({
      chapters: z.int(),
      cases: z.int(),
      tests: z.int(),
      steps: z.int(),
      excluded: z.int(),
      requirements: z.int(),
      covered: z.int(),
      coveragePercent: z.number(),
    }),
    verdicts: z.array(z.strictObject({ id: z.enum(["PASS", "FAIL", "INCONCLUSIVE"]), meaning: z.string() })),
    chapters: z.array(
      z.strictObject({
        id: z.string(),
        number: z.int(),
        code: z.string(),
        title: z.string(),
        description: z.string(),
        tests: z.array(ZTestInstance),
      }),
    ),
    excluded: z.array(z.strictObject({ caseId: z.string(), title: z.string(), chapter: z.string(), reason: z.string() })),
    traceability: z.strictObject({
      requirements: z.array(ZRequirement.extend({ tests: z.array(z.string()) })),
      uncovered: z.array(z.string()),
    }),
  })
  .meta({ title: "PRIME+ testbook", description: "The tests a laboratory runs to certify a meter against one PRIME+ user profile, with the traceability matrix." });
export type TTestbook = z.infer<typeof ZTestbook>;
