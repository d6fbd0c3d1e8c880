import { z } from "zod";
import { ZAnswersShape } from "../questionnaire/answers";
import { ZUserProfile } from "../profile/schema";
import { ZChapterFile, ZTestbookManifest } from "../testbook/schema";
import { ZTestbook } from "../testbook/testbook-schema";
import { ZAutomationFile } from "../testbook/automation";
import { ZSecrets } from "../secrets/schema";
import { ZP1ReadoutFile } from "../p1/readout";
import {
  ZAccessTemplatesFile,
  ZAlarmsFile,
  ZAmrStatusFile,
  ZAnswerDefaultsFile,
  ZClassesFile,
  ZClientsFile,
  ZCommunicationFile,
  ZConditionsFile,
  ZEventsFile,
  ZManifest,
  ZObjectGroupFile,
  ZSecurityFile,
} from "../baseline/schema";

/**
 * The JSON Schemas the project publishes in profiles/schema/, generated from the zod schemas
 * (the one source of truth). Input mode for files people and tools write (answers, baseline),
 * output mode for the profile the tool writes.
 */
const SCHEMA_BASE = "https://prime-plus.tool/schema/";

type TSchemaFile = { file: string; schema: z.ZodType; io: "input" | "output" };

export const PUBLISHED_SCHEMAS: TSchemaFile[] = [
  { file: "answers.schema.json", schema: ZAnswersShape, io: "input" },
  { file: "user-profile.schema.json", schema: ZUserProfile, io: "output" },
  { file: "baseline-manifest.schema.json", schema: ZManifest, io: "input" },
  { file: "baseline-classes.schema.json", schema: ZClassesFile, io: "input" },
  { file: "baseline-clients.schema.json", schema: ZClientsFile, io: "input" },
  { file: "baseline-security.schema.json", schema: ZSecurityFile, io: "input" },
  { file: "baseline-access-templates.schema.json", schema: ZAccessTemplatesFile, io: "input" },
  { file: "baseline-conditions.schema.json", schema: ZConditionsFile, io: "input" },
  { file: "baseline-answer-defaults.schema.json", schema: ZAnswerDefaultsFile, io: "input" },
  { file: "baseline-object-group.schema.json", schema: ZObjectGroupFile, io: "input" },
  { file: "baseline-events.schema.json", schema: ZEventsFile, io: "input" },
  { file: "baseline-alarms.schema.json", schema: ZAlarmsFile, io: "input" },
  { file: "baseline-amr-status.schema.json", schema: ZAmrStatusFile, io: "input" },
  { file: "baseline-communication.schema.json", schema: ZCommunicationFile, io: "input" },
  { file: "testbook.schema.json", schema: ZTestbook, io: "output" },
  { file: "secrets.schema.json", schema: ZSecrets, io: "input" },
  { file: "testbook-manifest.schema.json", schema: ZTestbookManifest, io: "input" },
  { file: "testbook-chapter.schema.json", schema: ZChapterFile, io: "input" },
  { file: "testbook-automation.schema.json", schema: ZAutomationFile, io: "input" },
  { file: "p1-readout.schema.json", schema: ZP1ReadoutFile, io: "input" },
];

export function renderSchema({ file, schema, io }: TSchemaFile): string {
  const json = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "throw" });
  return `${JSON.stringify({ ...json, $id: `${SCHEMA_BASE}${file}` }, null, 2)}\n`;
}
