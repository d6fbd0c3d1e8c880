import { z } from "zod";
import automation from "../../testbook/automation.json";

/**
 * How each catalogue case runs in the automatic conformance run (testbook/automation.json):
 * automatic (a procedure does it all), assisted (a procedure does the DLMS part and asks the
 * operator one yes/no question), or manual (a person does it, for the reason given).
 */
export const AUTOMATION_MODES = ["automatic", "assisted", "manual"] as const;

const ZProcedureId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

export const ZAutomation = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("automatic"), procedure: ZProcedureId, note: z.string().min(1).optional() }),
  z.strictObject({
    mode: z.literal("assisted"),
    procedure: ZProcedureId,
    question: z.string().min(1).meta({ description: "The one yes/no question the operator answers, e.g. \"Did the breaker open?\"" }),
  }),
  z.strictObject({ mode: z.literal("manual"), reason: z.string().min(1).meta({ description: "Why a person must run the case" }) }),
]);
export type TAutomation = z.infer<typeof ZAutomation>;

export const ZAutomationFile = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().min(1),
    cases: z.record(z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{3}$/), ZAutomation),
  })
  .meta({ title: "PRIME+ testbook automation", description: "For every case of the testbook catalogue, how the conformance runner executes it." });
export type TAutomationFile = z.infer<typeof ZAutomationFile>;

let cached: TAutomationFile | undefined;

export function getAutomation(): TAutomationFile {
  cached ??= ZAutomationFile.parse(automation);
  return cached;
}
