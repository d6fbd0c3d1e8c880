import { z } from "zod";

/**
 * The generic PRIME+ testbook catalogue (testbook/): chapters of test cases that a laboratory
 * runs against a meter. Each case has an applicability rule and may be a template expanded per
 * client, object, event, log, alarm or access right of a user profile.
 */

export const TEST_ID_PATTERN = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{3}$/;
export const EXPANSIONS = ["client", "object", "log", "event", "alarm", "access"] as const;
export type TExpansion = (typeof EXPANSIONS)[number];

const ZRule = z.record(z.string(), z.unknown()).meta({ description: "JSON Logic rule over the testbook context (see lib/testbook/context.ts)" });
const ZText = z.string().min(1).meta({ description: "Text with {placeholders}: paths into the test context, e.g. {client.sap}, {object.obis}, {parameters.sagThresholdPercent}" });

export const ZTestCase = z.strictObject({
  id: z.string().regex(TEST_ID_PATTERN, "test ids look like SEC-IC-003"),
  title: ZText,
  purpose: ZText,
  references: z.strictObject({
    requirements: z
      .array(z.string().regex(/^(object|client|event|log|alarm|parameter|security|right|communication):[^\s]+$/))
      .meta({ description: "Profile requirements the case verifies, as kind:id (placeholders allowed), e.g. object:{object.id}, security:{client.id}, parameter:sagThresholdPercent" }),
    clauses: z.array(z.string().min(1)).min(1).meta({ description: "Standard clauses and baseline sources the case rests on" }),
  }),
  applicability: ZRule.optional().meta({ description: "The case applies when this rule holds; absent means it always applies" }),
  applicabilityNote: z.string().min(1).optional().meta({ description: "The rule in plain words, shown when the case is left out" }),
  expand: z
    .strictObject({
      over: z.enum(EXPANSIONS),
      where: ZRule.optional().meta({ description: "Rule over the context plus the bound item (client, object, log, event, alarm or access)" }),
    })
    .optional(),
  preconditions: z.array(ZText),
  steps: z
    .array(
      z.strictObject({
        action: ZText,
        expected: ZText,
        forEach: z
          .string()
          .regex(/^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9-]+)*$/)
          .optional()
          .meta({ description: "Path to a list in the test context (e.g. access.objects): the step is repeated per element, which its texts name {item.*}" }),
        where: ZRule.optional().meta({ description: "With forEach: only the elements for which this rule (over the context plus item) holds get the step" }),
      }),
    )
    .min(1),
  verdict: z.strictObject({ pass: ZText, fail: ZText, inconclusive: ZText }),
  tags: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).min(1),
});
export type TTestCase = z.infer<typeof ZTestCase>;

export const ZChapterFile = z.strictObject({
  $schema: z.string().optional(),
  chapter: z.strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    number: z.int().min(1),
    code: z.string().regex(/^[A-Z][A-Z0-9]*$/).meta({ description: "Prefix of the chapter's test ids" }),
    title: z.string().min(1),
    description: z.string().min(1),
  }),
  cases: z.array(ZTestCase).min(1),
});
export type TChapterFile = z.infer<typeof ZChapterFile>;

export const ZTestbookManifest = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  description: z.string().min(1),
  baseline: z.strictObject({ id: z.string().min(1), version: z.string().min(1) }),
  verdicts: z.array(z.strictObject({ id: z.enum(["PASS", "FAIL", "INCONCLUSIVE"]), meaning: z.string().min(1) })).length(3),
  changelog: z.array(z.strictObject({ version: z.string(), date: z.iso.date(), changes: z.array(z.string().min(1)).min(1) })).min(1),
});
export type TTestbookManifest = z.infer<typeof ZTestbookManifest>;
