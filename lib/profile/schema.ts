import { z } from "zod";
import { ZContact, ZElectrical } from "../questionnaire/answers";
import { ATTRIBUTE_ACCESS, AUTHENTICATIONS, CLIENT_IDS, METHOD_ACCESS, PORTS, SECURITY_POLICIES } from "../vocabulary";
import { ZAssociationKind, ZId, ZObis, ZProvenance, ZStatus } from "../baseline/schema";

/**
 * The user profile: a utility's PRIME+ companion, built from its answers and the baseline.
 * Published as profiles/schema/user-profile.schema.json; every profile the tool writes is
 * checked against that file.
 */
export const PROFILE_FORMAT_VERSION = "1.0";

const ZClientIdKey = z.enum(CLIENT_IDS);

export const ZConditionTrace = z.strictObject({
  id: ZId,
  explanation: z.string().min(1),
  holds: z.boolean(),
  answers: z.array(z.strictObject({ path: z.string().min(1), value: z.json() })).meta({
    description: "The answers the rule read, with their values",
  }),
});
export type TConditionTrace = z.infer<typeof ZConditionTrace>;

export const ZReason = z
  .strictObject({
    kind: z.enum(["mandatory", "answers"]),
    conditions: z.array(ZId).meta({ description: "For kind answers: the conditions (see `conditions`) whose answers switched the item on; empty for mandatory items" }),
  })
  .meta({ description: "Why the item is in the profile: mandatory in the baseline, or switched on by answers" });
export type TReason = z.infer<typeof ZReason>;

/** One optional entry per client id: only the clients of the profile appear. */
const perClient = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(CLIENT_IDS.map((c) => [c, value.optional()])) as Record<(typeof CLIENT_IDS)[number], z.ZodOptional<T>>);
const ZAttributeAccess = z.enum(ATTRIBUTE_ACCESS);
const ZMethodAccess = z.enum(METHOD_ACCESS);

export const ZProfileObject = z.strictObject({
  id: ZId,
  name: z.string(),
  obis: ZObis,
  classId: z.int(),
  className: z.string(),
  version: z.int(),
  group: ZId,
  status: ZStatus,
  reason: ZReason,
  client: ZClientIdKey.optional(),
  phase: z.enum(["L1", "L2", "L3"]).optional(),
  description: z.string().optional(),
  scalerUnit: z.strictObject({ scaler: z.int(), unit: z.string() }).optional(),
  scalerUnitVariants: z
    .array(
      z.strictObject({
        medium: z.enum(["gas", "water", "heat"]),
        deviceTypes: z.array(z.int()).meta({ description: "EN 13757-3 medium codes of the M-Bus devices the variant applies to" }),
        scaler: z.int(),
        unit: z.string(),
        description: z.string(),
      }),
    )
    .optional()
    .meta({ description: "For values read from an M-Bus device: the scaler_unit that follows the device installed on the channel; scalerUnit is the default" }),
  monitoredValue: z
    .strictObject({ object: ZId, obis: ZObis, classId: z.int(), attribute: z.int().min(1) })
    .optional()
    .meta({ description: "For limiters and register monitors: the object and attribute monitored (monitored_value)" }),
  attributes: z.array(
    z.strictObject({
      index: z.int().min(1),
      name: z.string(),
      type: z.string(),
      kind: z.enum(["static", "dynamic"]),
      secret: z.literal(true).optional(),
      access: perClient(ZAttributeAccess).meta({ description: "Rights of each client of the profile: - none, R read, W write, RW both" }),
      value: z.json().optional().meta({ description: "Value fixed by the profile (from a parameter)" }),
    }),
  ),
  methods: z.array(
    z.strictObject({
      index: z.int().min(1),
      name: z.string(),
      access: perClient(ZMethodAccess).meta({ description: "Rights of each client of the profile: - none, X execute" }),
    }),
  ),
  captureObjects: z.array(z.strictObject({ object: ZId, obis: ZObis, attribute: z.int().min(1) })).optional(),
  provenance: ZProvenance,
});
export type TProfileObject = z.infer<typeof ZProfileObject>;

export const ZProfileClient = z.strictObject({
  id: ZClientIdKey,
  name: z.string(),
  role: z.string(),
  status: z.enum(["mandatory", "optional"]),
  reason: ZReason,
  sap: z.int().min(1).max(127),
  association: ZAssociationKind.default("aarq").meta({
    description:
      "How the client's association comes about. aarq: the client opens it with an AARQ, authenticates as `authentication` says, and the meter answers its requests. " +
      "pre-established: the association exists from the meter's start with no AARQ and no authentication (mechanism 0); the client only sends unconfirmed SET and ACTION requests, which the meter never answers, " +
      "and every APDU is ciphered with the global broadcast encryption key (and the global authentication key) as `securityPolicy` demands, in application context 3 when the client has a security suite. " +
      "Profiles written before this field existed read as aarq.",
  }),
  ports: z.array(z.enum(PORTS)),
  authentication: z.strictObject({
    level: z.enum(AUTHENTICATIONS),
    mechanismId: z.int().min(0).max(7),
    name: z.string(),
  }),
  applicationContext: z.strictObject({ id: z.int(), name: z.string() }),
  securitySuite: z.union([z.literal([0, 1, 2]), z.null()]),
  securityPolicy: z.strictObject({
    id: z.enum(SECURITY_POLICIES),
    name: z.string(),
    securitySetupV0Value: z.int(),
    securitySetupV1Bits: z.int(),
  }),
  keys: z.array(z.strictObject({ id: ZId, name: z.string(), scope: z.enum(["meter", "client"]) })),
  associationObject: z.strictObject({ id: ZId, obis: ZObis }),
  securitySetupObject: z.strictObject({ id: ZId, obis: ZObis }).optional(),
  invocationCounterObject: z.strictObject({ id: ZId, obis: ZObis }).optional(),
  provenance: ZProvenance,
});
export type TProfileClient = z.infer<typeof ZProfileClient>;

export const ZProfileEvent = z.strictObject({
  id: ZId,
  code: z.int(),
  name: z.string(),
  status: ZStatus,
  reason: ZReason,
  alarm: ZId.optional(),
  description: z.string().optional(),
});

export const ZProfileLog = z.strictObject({
  id: ZId,
  name: z.string(),
  group: z.strictObject({ id: ZId, number: z.int(), name: z.string() }),
  status: ZStatus,
  reason: ZReason,
  object: z.strictObject({ id: ZId, obis: ZObis }),
  codeObject: z.strictObject({ id: ZId, obis: ZObis }),
  description: z.string(),
  events: z.array(ZProfileEvent),
});
export type TProfileLog = z.infer<typeof ZProfileLog>;

const ZProfileBit = z.strictObject({
  bit: z.int(),
  id: ZId,
  name: z.string(),
  reason: ZReason,
  setBy: z.array(ZId),
  clearedBy: z.array(ZId),
  description: z.string().optional(),
});

export const ZProfileParameter = z.strictObject({
  id: z.string(),
  name: z.string(),
  object: z.strictObject({ id: ZId, obis: ZObis }),
  attribute: z.int(),
  value: z.json(),
  unit: z.string().optional(),
  answer: z.string().meta({ description: "The answer the value comes from" }),
});
export type TProfileParameter = z.infer<typeof ZProfileParameter>;

export const ZExcluded = z.strictObject({
  kind: z.enum(["client", "object", "log", "event", "alarm", "error-bit", "communication-profile"]),
  id: z.string(),
  name: z.string(),
  status: z.string(),
  reason: z.string().meta({ description: "Why the item is left out, in plain words" }),
  conditions: z.array(ZId).meta({ description: "The conditions that do not hold (see `conditions`)" }),
});
export type TExcluded = z.infer<typeof ZExcluded>;

export const ZUserProfile = z
  .strictObject({
    profileFormatVersion: z.literal(PROFILE_FORMAT_VERSION),
    id: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: "Hash of the baseline hash, the answers hash and the engine version: the same inputs always give the same id" }),
    engineVersion: z.string(),
    baseline: z.strictObject({ id: ZId, version: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    answers: z.strictObject({ formatVersion: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    utility: ZContact,
    electrical: ZElectrical,
    summary: z.strictObject({
      clients: z.int(),
      objects: z.int(),
      logs: z.int(),
      events: z.int(),
      alarms: z.int(),
      parameters: z.int(),
      excluded: z.int(),
    }),
    clients: z.array(ZProfileClient),
    objects: z.array(ZProfileObject),
    events: z.strictObject({ logs: z.array(ZProfileLog) }),
    alarms: z.strictObject({
      registers: z.array(
        z.strictObject({
          id: ZId,
          name: z.string(),
          object: z.strictObject({ id: ZId, obis: ZObis }),
          filterObject: z.strictObject({ id: ZId, obis: ZObis }),
          filterMask: z.int().min(0).meta({ description: "Alarm filter value: a 1 bit lets the alarm through" }),
          bits: z.array(ZProfileBit.extend({ raised: z.boolean() })),
        }),
      ),
      errorRegister: z.strictObject({ object: z.strictObject({ id: ZId, obis: ZObis }), bits: z.array(ZProfileBit) }),
      reset: z.strictObject({ description: z.string(), object: z.strictObject({ id: ZId, obis: ZObis }), attribute: z.int() }),
    }),
    amrStatus: z.strictObject({
      objects: z.array(z.strictObject({ id: ZId, obis: ZObis })),
      bits: z.array(z.strictObject({ bit: z.int(), id: ZId, abbreviation: z.string(), name: z.string(), meaning: z.string() })),
    }),
    communication: z.array(
      z.strictObject({
        id: ZId,
        family: z.enum(["plc", "cellular", "optical"]),
        name: z.string(),
        standard: z.string(),
        reason: ZReason,
        layers: z.array(z.string()),
        objects: z.array(z.strictObject({ id: ZId, obis: ZObis })),
        addressing: z.array(z.strictObject({ name: z.string(), value: z.string(), note: z.string().optional() })),
        clients: z.array(z.strictObject({ id: ZClientIdKey, sap: z.int() })).meta({ description: "Clients that may use this profile" }),
      }),
    ),
    parameters: z.array(ZProfileParameter),
    security: z.strictObject({
      suites: z.array(z.strictObject({ id: z.int(), name: z.string(), authenticatedEncryption: z.string(), symmetricKeyBits: z.int() })),
      keys: z.array(
        z.strictObject({
          id: ZId,
          name: z.string(),
          scope: z.enum(["meter", "client", "p1-port"]).meta({ description: "meter: one per meter; client: one per client that needs it; p1-port: the P1 customer port's own security context, used by no client" }),
          clients: z.array(ZClientIdKey),
          objects: z
            .array(z.strictObject({ id: ZId, obis: ZObis }))
            .optional()
            .meta({ description: "For port keys: the objects of the key's security context (security setup, frame counter)" }),
          fixedValue: z.string().optional().meta({ description: "A key the specification fixes for every meter, in hexadecimal: not a secret of the meter" }),
        }),
      ),
      rules: z.array(z.strictObject({ id: ZId, text: z.string() })),
    }),
    excluded: z.array(ZExcluded),
    conditions: z.array(ZConditionTrace).meta({
      description: "Every baseline condition the profile refers to, with the answers it read and whether it holds",
    }),
  })
  .meta({
    title: "PRIME+ user profile",
    description: "A utility's PRIME+ companion profile: clients, security, objects with per-client access rights, events, alarms, AMR status, communication profiles and parameters, with the reason every item is in or out.",
  });
export type TUserProfile = z.infer<typeof ZUserProfile>;
