import { z } from "zod";
import { AUTHENTICATIONS, CLIENT_IDS, HLS_MECHANISMS, PORTS, SECURITY_POLICIES } from "../vocabulary";

/**
 * The shape of the PRIME+ companion baseline files in profiles/prime-plus/.
 * The JSON Schemas in profiles/schema/baseline-*.schema.json are generated from these.
 */

export const ID_PATTERN = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;
export const OBIS_PATTERN = /^\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
export const SOURCE_IDS = [
  "white-paper",
  "dlms-facts",
  "dlms-overview",
  "iec-62056-8-4",
  "p1-luxembourg",
  "dlms-article",
  "prime-plus-tool",
] as const;

export const ZId = z.string().regex(ID_PATTERN, "ids are lower-case words joined by - or .");
export const ZObis = z.string().regex(OBIS_PATTERN, "OBIS codes are written A-B:C.D.E.F");
export const ZStatus = z.enum(["mandatory", "optional", "conditional"]);
export type TStatus = z.infer<typeof ZStatus>;

export const ZProvenance = z
  .array(
    z.strictObject({
      source: z.enum(SOURCE_IDS),
      section: z.string().min(1).meta({ description: "Section, table or row of the source that states the fact" }),
      note: z.string().optional(),
    }),
  )
  .min(1)
  .meta({ description: "Where each fact of the item comes from. `prime-plus-tool` marks a design decision of this baseline, explained in `note`." });
export type TProvenance = z.infer<typeof ZProvenance>;

/** Names of rules in conditions.json; all must hold for the item to be included. */
export const ZWhen = z.array(ZId).min(1);

/**
 * How a client's application association comes about: by an AARQ/AARE exchange, or
 * pre-established (the meter holds it from the start, so there is no AARQ and no authentication).
 */
export const ASSOCIATION_KINDS = ["aarq", "pre-established"] as const;
export type TAssociationKind = (typeof ASSOCIATION_KINDS)[number];
export const ZAssociationKind = z.enum(ASSOCIATION_KINDS);

export const ZManifest = z.strictObject({
  $schema: z.string().optional(),
  id: ZId,
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, "semantic version"),
  description: z.string(),
  blueBook: z.strictObject({ edition: z.string().min(1), note: z.string() }),
  standards: z.array(
    z.strictObject({ id: ZId, title: z.string().min(1), edition: z.string().min(1), role: z.string().min(1) }),
  ),
  sources: z.array(
    z.strictObject({ id: z.enum(SOURCE_IDS), title: z.string().min(1), reference: z.string().min(1) }),
  ),
  changelog: z
    .array(z.strictObject({ version: z.string().min(1), date: z.iso.date(), changes: z.array(z.string().min(1)).min(1) }))
    .min(1),
});
export type TManifest = z.infer<typeof ZManifest>;

export const ZClass = z.strictObject({
  classId: z.int().min(1).max(65535),
  version: z.int().min(0).max(15),
  name: z.string().min(1),
  attributes: z
    .array(
      z.strictObject({
        index: z.int().min(1),
        name: z.string().min(1),
        type: z.string().min(1).meta({ description: "DLMS data type (Blue Book / Green Book naming)" }),
        kind: z.enum(["static", "dynamic"]),
        secret: z.literal(true).optional().meta({ description: "A password or key: never readable by any client" }),
        readOnly: z.literal(true).optional().meta({ description: "A value the meter computes (buffer, scaler_unit, status): never writable by any client" }),
        description: z.string().optional(),
      }),
    )
    .min(1),
  methods: z.array(
    z.strictObject({ index: z.int().min(1), name: z.string().min(1), description: z.string().optional() }),
  ),
  description: z.string().optional(),
  provenance: ZProvenance,
});
export type TClass = z.infer<typeof ZClass>;
export const ZClassesFile = z.strictObject({ $schema: z.string().optional(), description: z.string(), classes: z.array(ZClass) });

export const ZClientLimits = z.strictObject({
  write: z.boolean().meta({ description: "May the client ever write an attribute" }),
  execute: z.boolean().meta({ description: "May the client ever invoke a method" }),
  readMeteringData: z.boolean().meta({ description: "May the client read metering data (objects whose access template is meteringData)" }),
  groups: z
    .array(ZId)
    .optional()
    .meta({ description: "When set, the client reaches only objects of these groups and its own association objects" }),
  objects: z
    .array(ZId)
    .optional()
    .meta({ description: "With groups: objects outside those groups the client still reaches, for example the current association and the logical device name every association reads to discover the meter" }),
});
export type TClientLimits = z.infer<typeof ZClientLimits>;

export const ZClient = z.strictObject({
  id: z.enum(CLIENT_IDS),
  name: z.string().min(1),
  role: z.string().min(1),
  status: z.enum(["mandatory", "optional"]),
  defaultSap: z.int().min(1).max(127),
  sapNote: z.string().min(1),
  association: ZAssociationKind.meta({
    description: "aarq: the client opens its association with an AARQ and authenticates as `authentication` says; pre-established: the association exists from the start (no AARQ, no authentication), the client only sends unconfirmed requests and the meter never answers it",
  }),
  associationObject: ZId,
  securitySetupObject: ZId.optional(),
  invocationCounterObject: ZId.optional(),
  ports: z.strictObject({
    allowed: z.array(z.enum(PORTS)).min(1),
    default: z.array(z.enum(PORTS)).min(1),
    note: z.string().optional(),
  }),
  authentication: z.strictObject({
    allowed: z.array(z.enum(AUTHENTICATIONS)).min(1),
    default: z.enum(AUTHENTICATIONS),
  }),
  defaultSecurity: z
    .strictObject({
      hlsMechanism: z.enum(HLS_MECHANISMS),
      securitySuite: z.union([z.literal([0, 1, 2]), z.null()]),
      securityPolicy: z.enum(SECURITY_POLICIES),
    })
    .optional(),
  defaultEnabled: z.boolean().optional(),
  when: ZWhen.optional().meta({ description: "For optional clients: the condition under which the client is part of the profile" }),
  limits: ZClientLimits,
  provenance: ZProvenance,
});
export type TClient = z.infer<typeof ZClient>;
export const ZClientsFile = z.strictObject({ $schema: z.string().optional(), description: z.string(), clients: z.array(ZClient) });

/** A key of the clients' security contexts: which clients need it follows from their security answers. */
export const ZClientKey = z.strictObject({
  id: ZId,
  name: z.string().min(1),
  scope: z.enum(["meter", "client"]),
  requiredWhen: z.enum(["secured", "lls", "hls"]).meta({
    description: "secured: every client with a security suite; lls: clients authenticating with LLS; hls: clients authenticating with HLS",
  }),
  associations: z
    .array(ZAssociationKind)
    .min(1)
    .optional()
    .meta({ description: "Only clients whose association comes about this way need the key (absent: every client requiredWhen names)" }),
  description: z.string().min(1),
  provenance: ZProvenance,
});

/** A key of a port's own security context (the P1 customer port), used by no client. */
export const ZPortKey = z.strictObject({
  id: ZId,
  name: z.string().min(1),
  scope: z.literal("p1-port").meta({ description: "p1-port: the P1 customer port's own security context, separate from every client" }),
  when: ZWhen.meta({ description: "Conditions under which the port uses the key" }),
  objects: z.array(ZId).min(1).meta({ description: "The objects that hold the key's security context (security setup, frame counter)" }),
  fixedValue: z
    .string()
    .regex(/^[0-9A-F]{32}$/)
    .optional()
    .meta({ description: "A key the specification fixes for every meter (16 octets, hexadecimal): not a secret of the meter" }),
  description: z.string().min(1),
  provenance: ZProvenance,
});
export type TPortKey = z.infer<typeof ZPortKey>;
export const isPortKey = (key: z.infer<typeof ZClientKey> | TPortKey): key is TPortKey => key.scope === "p1-port";

export const ZSecurityFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  suites: z.array(
    z.strictObject({
      id: z.literal([0, 1, 2]),
      name: z.string().min(1),
      authenticatedEncryption: z.string().min(1),
      digitalSignature: z.string().nullable(),
      keyAgreement: z.string().nullable(),
      hash: z.string().nullable(),
      keyWrap: z.string().min(1),
      compression: z.string().nullable(),
      symmetricKeyBits: z.literal([128, 256]),
      provenance: ZProvenance,
    }),
  ),
  policies: z.array(
    z.strictObject({
      id: z.enum(SECURITY_POLICIES),
      name: z.string().min(1),
      description: z.string().min(1),
      securitySetupV0Value: z.int().min(0).max(3),
      securitySetupV1Bits: z.int().min(0).max(255),
      provenance: ZProvenance,
    }),
  ),
  authenticationMechanisms: z.array(
    z.strictObject({
      id: ZId,
      authentication: z.enum(AUTHENTICATIONS),
      hlsMechanism: z.enum(HLS_MECHANISMS).optional(),
      mechanismId: z.int().min(0).max(7),
      name: z.string().min(1),
      requiresSuite: z.array(z.literal([0, 1, 2])).optional(),
      provenance: ZProvenance,
    }),
  ),
  keys: z.array(z.union([ZClientKey, ZPortKey])),
  rules: z.array(z.strictObject({ id: ZId, text: z.string().min(1), provenance: ZProvenance })),
});
export type TSecurityFile = z.infer<typeof ZSecurityFile>;

export const ZSelection = z
  .union([z.enum(["none", "all", "static", "dynamic"]), z.array(z.int().min(1)).min(1)])
  .meta({ description: "Which attributes (get, set) or methods (action): none, all, static or dynamic attributes, or a list of indices" });
export type TSelection = z.infer<typeof ZSelection>;
export const ZRights = z.strictObject({ get: ZSelection, set: ZSelection, action: ZSelection });
export type TRights = z.infer<typeof ZRights>;
const ZRightsPatch = z.strictObject({ get: ZSelection.optional(), set: ZSelection.optional(), action: ZSelection.optional() });

export const ZAccessTemplate = z.strictObject({
  id: ZId,
  description: z.string().min(1),
  meteringData: z.boolean(),
  rights: z.strictObject(Object.fromEntries(CLIENT_IDS.map((c) => [c, ZRights])) as Record<(typeof CLIENT_IDS)[number], typeof ZRights>),
  provenance: ZProvenance,
});
export type TAccessTemplate = z.infer<typeof ZAccessTemplate>;
export const ZAccessTemplatesFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  templates: z.array(ZAccessTemplate),
});

export const ZParameter = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "parameter ids are camelCase"),
  name: z.string().min(1),
  attribute: z.int().min(1),
  answer: z.string().min(1).meta({ description: "Dotted path of the answer that gives the value" }),
  unit: z.string().optional(),
  description: z.string().optional(),
});
export type TParameter = z.infer<typeof ZParameter>;

export const ZBaselineObject = z.strictObject({
  id: ZId,
  name: z.string().min(1),
  obis: ZObis,
  classId: z.int().min(1),
  version: z.int().min(0),
  status: ZStatus,
  when: ZWhen.optional(),
  client: z.enum(CLIENT_IDS).optional().meta({ description: "The client this object belongs to (its association, security setup, invocation counter)" }),
  phase: z.enum(["L1", "L2", "L3"]).optional(),
  access: ZId.meta({ description: "Access template id (access-templates.json)" }),
  accessOverrides: z
    .partialRecord(z.enum(CLIENT_IDS), ZRightsPatch)
    .optional()
    .meta({ description: "Per-client changes to the template rights for this object" }),
  scalerUnit: z.strictObject({ scaler: z.int().min(-10).max(10), unit: z.string().min(1) }).optional(),
  scalerUnitVariants: z
    .array(
      z.strictObject({
        medium: z.enum(["gas", "water", "heat"]),
        deviceTypes: z.array(z.int().min(0).max(255)).min(1).meta({ description: "EN 13757-3 medium codes of the M-Bus devices this variant applies to" }),
        scaler: z.int().min(-10).max(10),
        unit: z.string().min(1),
        description: z.string().min(1),
        provenance: ZProvenance,
      }),
    )
    .min(1)
    .optional()
    .meta({ description: "For values read from an M-Bus device: the scaler_unit follows the device installed on the channel; scalerUnit is the default" }),
  monitoredValue: z
    .array(
      z.strictObject({
        object: ZId,
        attribute: z.int().min(1),
        when: ZWhen.optional().meta({ description: "Conditions under which this value is monitored; the first choice whose conditions hold applies, one without conditions applies always" }),
        note: z.string().min(1).optional(),
      }),
    )
    .min(1)
    .optional()
    .meta({ description: "For limiters and register monitors: the value monitored (monitored_value), as choices in order" }),
  captureObjects: z
    .array(z.strictObject({ object: ZId, attribute: z.int().min(1) }))
    .optional()
    .meta({ description: "For profiles: the captured columns, as object id and attribute index" }),
  parameters: z.array(ZParameter).optional(),
  description: z.string().optional(),
  provenance: ZProvenance,
});
export type TBaselineObject = z.infer<typeof ZBaselineObject>;

export const ZObjectGroupFile = z.strictObject({
  $schema: z.string().optional(),
  group: z.strictObject({
    id: ZId,
    name: z.string().min(1),
    order: z.int().min(1),
    description: z.string().min(1),
    provenance: ZProvenance,
  }),
  objects: z.array(ZBaselineObject).min(1),
});
export type TObjectGroupFile = z.infer<typeof ZObjectGroupFile>;

export const ZEventsFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  groups: z.array(z.strictObject({ id: ZId, number: z.int().min(1).max(8), name: z.string().min(1), description: z.string().min(1), provenance: ZProvenance })),
  logs: z.array(
    z.strictObject({
      id: ZId,
      name: z.string().min(1),
      group: ZId,
      status: ZStatus,
      when: ZWhen.optional(),
      object: ZId.meta({ description: "The event log (profile generic) object" }),
      codeObject: ZId.meta({ description: "The event code object that holds the last event code" }),
      description: z.string().min(1),
      provenance: ZProvenance,
    }),
  ),
  events: z.array(
    z.strictObject({
      id: ZId,
      code: z.int().min(1).max(255),
      name: z.string().min(1),
      log: ZId,
      status: ZStatus,
      when: ZWhen.optional(),
      alarm: ZId.optional().meta({ description: "The alarm bit this event may raise" }),
      description: z.string().optional(),
      provenance: ZProvenance,
    }),
  ),
});
export type TEventsFile = z.infer<typeof ZEventsFile>;

const ZBit = z.strictObject({
  bit: z.int().min(0).max(31),
  id: ZId,
  name: z.string().min(1),
  status: ZStatus,
  when: ZWhen.optional(),
  setBy: z.array(ZId).meta({ description: "Event ids whose occurrence sets the bit" }),
  clearedBy: z.array(ZId).meta({ description: "Event ids whose occurrence clears the bit; empty when only the reset command clears it" }),
  defaultRaised: z.boolean().optional(),
  description: z.string().optional(),
  provenance: ZProvenance,
});
export const ZAlarmsFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  registers: z.array(
    z.strictObject({
      id: ZId,
      name: z.string().min(1),
      object: ZId,
      filterObject: ZId,
      bits: z.array(ZBit).min(1),
      provenance: ZProvenance,
    }),
  ),
  errorRegister: z.strictObject({ object: ZId, bits: z.array(ZBit).min(1), provenance: ZProvenance }),
  reset: z.strictObject({ description: z.string().min(1), object: ZId, attribute: z.int().min(1), provenance: ZProvenance }),
});
export type TAlarmsFile = z.infer<typeof ZAlarmsFile>;

export const ZAmrStatusFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  objects: z.array(ZId).min(1).meta({ description: "The AMR profile status objects captured in load profiles" }),
  bits: z
    .array(
      z.strictObject({
        bit: z.int().min(0).max(7),
        id: ZId,
        abbreviation: z.string().min(1),
        name: z.string().min(1),
        meaning: z.string().min(1),
        provenance: ZProvenance,
      }),
    )
    .length(8),
});
export type TAmrStatusFile = z.infer<typeof ZAmrStatusFile>;

export const ZCommunicationFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  profiles: z.array(
    z.strictObject({
      id: ZId,
      family: z.enum(["plc", "cellular", "optical"]),
      name: z.string().min(1),
      standard: z.string().min(1),
      when: ZWhen,
      layers: z.array(z.string().min(1)).min(1),
      objects: z.array(ZId).min(1),
      addressing: z.array(z.strictObject({ name: z.string().min(1), value: z.string().min(1), note: z.string().optional() })),
      description: z.string().min(1),
      provenance: ZProvenance,
    }),
  ),
});
export type TCommunicationFile = z.infer<typeof ZCommunicationFile>;

export const ZConditionsFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  conditions: z.array(
    z.strictObject({
      id: ZId,
      explanation: z.string().min(1),
      rule: z.record(z.string(), z.unknown()).meta({ description: "JSON Logic expression over the answers" }),
    }),
  ),
});
export type TConditionsFile = z.infer<typeof ZConditionsFile>;

export const ZAnswerDefaultsFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string(),
  defaults: z.array(
    z.strictObject({
      answer: z.string().min(1),
      value: z.unknown(),
      note: z.string().optional(),
      provenance: ZProvenance,
    }),
  ),
});
export type TAnswerDefaultsFile = z.infer<typeof ZAnswerDefaultsFile>;
