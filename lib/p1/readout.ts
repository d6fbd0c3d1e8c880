import { z } from "zod";
import { ZId, ZProvenance } from "../baseline/schema";
import readoutFile from "../../profiles/prime-plus/p1-readout.json";
import { parseFormat, type TP1Format } from "./format";

/**
 * The P1 readout list of the Luxembourg specification (profiles/prime-plus/p1-readout.json):
 * every value a telegram may hold with its format and unit, the scheduling and the channel
 * security parameters. Published as profiles/schema/p1-readout.schema.json.
 */
const ZRowObis = z
  .string()
  .regex(/^\d{1,3}-(\d{1,3}|x):\d{1,3}\.\d{1,3}\.(\d{1,3}|x)\.255$/, "OBIS A-B:C.D.E.255, with x for the M-Bus channel in group B or E")
  .refine((s) => s.split("x").length <= 2, "at most one channel placeholder x");

export const ZP1ReadoutRow = z.strictObject({
  id: ZId,
  name: z.string().min(1).meta({ description: "The row's name in the specification's readout list table" }),
  obis: ZRowObis,
  attribute: z.int().min(1),
  classId: z.int().min(1),
  format: z
    .string()
    .refine((f) => parseFormat(f) !== null, "a P1 value format: Fn(x,y), In, Sn, Sn(n=a..b) or TST")
    .meta({ description: "Representation in the telegram (DSMR P1 6.4): Fn(x,y) n digits with x to y decimals, In an integer of n digits, Sn at most n characters, Sn(n=a..b) a to b characters, TST YYMMDDhhmmssX" }),
  unit: z.string().min(1).nullable().meta({ description: "Unit written after '*' in the telegram; null when the value has none" }),
  encoding: z.enum(["hex", "characters"]).optional().meta({ description: "Octet strings: two hexadecimal digits per octet, or their characters" }),
  default: z.boolean().meta({ description: "In the specification's default readout list" }),
  channel: z.enum(["B", "E"]).optional().meta({ description: "Group of the OBIS code that holds the M-Bus channel number (the x of obis)" }),
  valueIndex: z.int().min(0).optional().meta({ description: "Position of this value on a line shared by several rows of one OBIS code (capture time 0, index 1); 0 when omitted" }),
  deviceTypes: z.array(z.int().min(0).max(255)).min(1).optional().meta({ description: "M-Bus device types (EN 13757-3 media) this row applies to, where rows of one OBIS code differ by medium" }),
  monotonic: z.literal(true).optional().meta({ description: "The value never decreases from one telegram to the next" }),
  description: z.string().min(1),
  provenance: ZProvenance,
});
export type TP1ReadoutRow = z.infer<typeof ZP1ReadoutRow>;

const described = { description: z.string().min(1), provenance: ZProvenance };

export const ZP1ReadoutFile = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string(),
    header: z.strictObject({ ...described, default: z.boolean() }),
    version: z.strictObject({ ...described, value: z.string().min(1).meta({ description: "Value expected on the P1 version line" }) }),
    scheduling: z.strictObject({
      ...described,
      periodMs: z.int().min(1),
      firstWithinMs: z.int().min(0),
      maxDurationMs: z.int().min(1),
      baudRate: z.int().min(300),
    }),
    security: z.strictObject({
      ...described,
      tag: z.int().min(0).max(255).meta({ description: "First byte of an encrypted frame (general-glo-ciphering)" }),
      systemTitleLength: z.int().min(1).max(255),
      securityControl: z.int().min(0).max(255),
      authenticationTagLength: z.int().min(4).max(16),
      authenticationKey: z.string().regex(/^[0-9A-F]{32}$/).meta({ description: "The fixed authentication key of the specification, used in the AAD" }),
    }),
    rows: z.array(ZP1ReadoutRow).min(1),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.rows.forEach((row, i) => {
      if (ids.has(row.id)) ctx.addIssue({ code: "custom", path: ["rows", i, "id"], message: `duplicate row id ${row.id}` });
      ids.add(row.id);
      if (row.obis.includes("x") !== (row.channel !== undefined)) {
        ctx.addIssue({ code: "custom", path: ["rows", i, "channel"], message: "a row has a channel group exactly when its OBIS has x" });
      }
    });
  })
  .meta({
    title: "P1 readout list",
    description: "The values a P1 telegram may hold, with their representation, the telegram scheduling and the channel security of the Luxembourg P1 specification.",
  });
export type TP1ReadoutFile = z.infer<typeof ZP1ReadoutFile>;

/** A readout row with its format parsed once. */
export type TP1Row = TP1ReadoutRow & { parsedFormat: TP1Format };

export type TP1Readout = Omit<TP1ReadoutFile, "rows"> & { rows: TP1Row[] };

let cached: TP1Readout | undefined;

/** The readout list shipped with the tool, validated once per process. */
export function getP1Readout(): TP1Readout {
  if (!cached) {
    const file = ZP1ReadoutFile.parse(readoutFile);
    cached = { ...file, rows: file.rows.map((r) => ({ ...r, parsedFormat: parseFormat(r.format)! })) };
  }
  return cached;
}
