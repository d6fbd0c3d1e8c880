import { z } from "zod";
import { hashJson } from "../json/canonical";
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
  type TAccessTemplate,
  type TBaselineObject,
  type TClass,
  type TClient,
  type TObjectGroupFile,
} from "./schema";
import type { TBaselineFiles } from "./files";
import type { TClientId } from "../vocabulary";
import type { TRule } from "../rules/json-logic";

export type TGroup = TObjectGroupFile["group"];
export type TObjectInGroup = TBaselineObject & { group: string };
export type TCondition = { id: string; explanation: string; rule: TRule };

export type TBaseline = {
  manifest: z.infer<typeof ZManifest>;
  classes: TClass[];
  clients: TClient[];
  security: z.infer<typeof ZSecurityFile>;
  accessTemplates: TAccessTemplate[];
  conditions: TCondition[];
  answerDefaults: z.infer<typeof ZAnswerDefaultsFile>["defaults"];
  groups: TGroup[];
  /** Every object, in group order then file order. */
  objects: TObjectInGroup[];
  events: z.infer<typeof ZEventsFile>;
  alarms: z.infer<typeof ZAlarmsFile>;
  amrStatus: z.infer<typeof ZAmrStatusFile>;
  communication: z.infer<typeof ZCommunicationFile>;
  /** SHA-256 of the canonical JSON of every baseline file. */
  hash: string;
  index: {
    objects: Map<string, TObjectInGroup>;
    classes: Map<string, TClass>;
    clients: Map<TClientId, TClient>;
    templates: Map<string, TAccessTemplate>;
    conditions: Map<string, TCondition>;
  };
};

export class BaselineError extends Error {
  constructor(readonly problems: string[]) {
    super(`The baseline is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "BaselineError";
  }
}

export const classKey = (classId: number, version: number) => `${classId}.${version}`;

function parseFile<T extends z.ZodType>(schema: T, data: unknown, name: string, problems: string[]): z.infer<T> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${name}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return undefined;
}

/** Validates the baseline files and indexes them. Throws BaselineError listing every problem. */
export function parseBaseline(files: TBaselineFiles): TBaseline {
  const problems: string[] = [];
  const manifest = parseFile(ZManifest, files.manifest, "manifest.json", problems);
  const classes = parseFile(ZClassesFile, files.classes, "classes.json", problems);
  const clients = parseFile(ZClientsFile, files.clients, "clients.json", problems);
  const security = parseFile(ZSecurityFile, files.security, "security.json", problems);
  const templates = parseFile(ZAccessTemplatesFile, files.accessTemplates, "access-templates.json", problems);
  const conditions = parseFile(ZConditionsFile, files.conditions, "conditions.json", problems);
  const answerDefaults = parseFile(ZAnswerDefaultsFile, files.answerDefaults, "answer-defaults.json", problems);
  const events = parseFile(ZEventsFile, files.events, "events.json", problems);
  const alarms = parseFile(ZAlarmsFile, files.alarms, "alarms.json", problems);
  const amrStatus = parseFile(ZAmrStatusFile, files.amrStatus, "amr-status.json", problems);
  const communication = parseFile(ZCommunicationFile, files.communication, "communication.json", problems);
  const groupFiles = Object.entries(files.objectGroups).map(([name, data]) =>
    parseFile(ZObjectGroupFile, data, `objects/${name}.json`, problems),
  );
  if (
    problems.length > 0 ||
    !manifest || !classes || !clients || !security || !templates || !conditions || !answerDefaults ||
    !events || !alarms || !amrStatus || !communication || groupFiles.some((g) => !g)
  ) {
    throw new BaselineError(problems);
  }

  const groups = (groupFiles as TObjectGroupFile[]).sort((a, b) => a.group.order - b.group.order);
  const objects = groups.flatMap((g) => g.objects.map((o) => ({ ...o, group: g.group.id })));
  const baseline: TBaseline = {
    manifest,
    classes: classes.classes,
    clients: clients.clients,
    security,
    accessTemplates: templates.templates,
    conditions: conditions.conditions as TCondition[],
    answerDefaults: answerDefaults.defaults,
    groups: groups.map((g) => g.group),
    objects,
    events,
    alarms,
    amrStatus,
    communication,
    hash: hashJson(files),
    index: {
      objects: new Map(objects.map((o) => [o.id, o])),
      classes: new Map(classes.classes.map((c) => [classKey(c.classId, c.version), c])),
      clients: new Map(clients.clients.map((c) => [c.id, c])),
      templates: new Map(templates.templates.map((t) => [t.id, t])),
      conditions: new Map(conditions.conditions.map((c) => [c.id, c as TCondition])),
    },
  };
  return baseline;
}
