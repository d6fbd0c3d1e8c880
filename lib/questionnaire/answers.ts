import { z } from "zod";
import { AUTHENTICATIONS, HLS_MECHANISMS, PORTS, SECURITY_POLICIES } from "../vocabulary";

/**
 * The PRIME+ questionnaire answers file: the one schema for what a utility answers.
 * The web form, the API, the CLI and the published JSON Schema
 * (profiles/schema/answers.schema.json) all derive from it.
 *
 * Each field carries a `title` (the question as a person reads it) so that every
 * validation message can name the question, not only its JSON path.
 */

export const ANSWERS_FORMAT_VERSION = "1.0";

export const PLC_PROFILES = ["llc", "tcp-udp-ipv4", "tcp-udp-ipv6"] as const;
export const ENERGY_QUANTITIES = [
  "active-import",
  "active-export",
  "reactive-import",
  "reactive-export",
  "reactive-q1",
  "reactive-q2",
  "reactive-q3",
  "reactive-q4",
  "apparent-import",
  "apparent-export",
] as const;
export const CAPTURE_PERIODS_S = [300, 600, 900, 1800, 3600] as const;
export const DEMAND_PERIODS_S = [300, 600, 900, 1800, 3600] as const;

const text = (title: string, max = 200) =>
  z.string().trim().min(1, `${title} is required`).max(max, `${title} must be at most ${max} characters`).meta({ title });
const bool = (title: string) => z.boolean().meta({ title });
const int = (title: string, min: number, max: number, unit?: string) =>
  z
    .int(`${title} must be a whole number`)
    .min(min, `${title} must be at least ${min}${unit ? ` ${unit}` : ""}`)
    .max(max, `${title} must be at most ${max}${unit ? ` ${unit}` : ""}`)
    .meta({ title });
const num = (title: string, min: number, max: number, unit?: string) =>
  z
    .number(`${title} must be a number`)
    .min(min, `${title} must be at least ${min}${unit ? ` ${unit}` : ""}`)
    .max(max, `${title} must be at most ${max}${unit ? ` ${unit}` : ""}`)
    .meta({ title });
const choice = <const T extends readonly [string, ...string[]]>(title: string, values: T) =>
  z.enum(values, `${title} must be one of: ${values.join(", ")}`).meta({ title });
const oneOf = <const T extends readonly [number, ...number[]]>(title: string, values: T) =>
  z.literal(values, `${title} must be one of: ${values.join(", ")}`).meta({ title });

export const ZContact = z
  .strictObject({
    name: text("Name and surname"),
    email: z.email("Email address must be a valid email address").max(254).meta({ title: "Email address" }),
    company: text("Company"),
    primeAllianceMember: bool("PRIME Alliance member"),
    utilityFinalCustomer: text("Utility final customer"),
  })
  .meta({ title: "Contact information" });

export const ZElectrical = z
  .strictObject({
    frequencyHz: oneOf("Network frequency (Hz)", [50, 60]),
    phases: oneOf("Number of phases", [1, 3]),
    wiring: choice("Wiring", ["two-wire", "three-wire", "four-wire"]),
    connection: choice("Connection type", ["direct", "current-transformer", "current-voltage-transformer"]),
    nominalVoltageV: num("Nominal voltage (V, phase to neutral)", 50, 480, "V"),
    basicCurrentA: num("Basic or reference current (A)", 0.1, 100, "A"),
    maximumCurrentA: num("Maximum current (A)", 0.1, 200, "A"),
    accuracyClassActive: choice("Active energy accuracy class", ["A", "B", "C", "2", "1", "0.5S", "0.2S"]),
    accuracyClassReactive: choice("Reactive energy accuracy class", ["none", "3", "2", "1"]),
  })
  .meta({ title: "Technical electrical information" });

export const ZCommunication = z
  .strictObject({
    plc: z
      .strictObject({
        enabled: bool("PRIME power-line communication"),
        profiles: z
          .array(choice("PRIME PLC communication profile", PLC_PROFILES))
          .max(PLC_PROFILES.length)
          .meta({ title: "PRIME PLC communication profiles" }),
      })
      .meta({ title: "PRIME PLC" }),
    cellular: z
      .strictObject({
        enabled: bool("Cellular (2G/3G/4G) communication"),
        technology: choice("Cellular technology", ["2g", "3g", "4g"]),
        apn: z.string().trim().max(100, "Access point name (APN) must be at most 100 characters").meta({ title: "Access point name (APN)" }),
        pushOnAlarm: bool("Push alarms to the head end"),
        pushOnInterval: bool("Push load profiles at each interval"),
      })
      .meta({ title: "Cellular" }),
    optical: z.strictObject({ enabled: bool("Optical port (local HDLC)") }).meta({ title: "Optical port" }),
  })
  .meta({ title: "Communication profiles" });

const ZMandatoryClient = (name: string) =>
  z.strictObject({
    sap: int(`${name} client SAP`, 1, 127),
    ports: z.array(choice(`${name} client port`, PORTS)).min(1, `${name} client ports: choose at least one port`).meta({ title: `${name} client ports` }),
  });
const ZOptionalClient = (name: string) =>
  ZMandatoryClient(name).extend({ enabled: bool(`${name} client is used`) });

export const ZClients = z
  .strictObject({
    public: ZMandatoryClient("Public"),
    reading: ZMandatoryClient("Reading"),
    management: ZMandatoryClient("Management"),
    firmware: ZOptionalClient("Firmware"),
    limitedRemote: ZOptionalClient("Limited remote customized"),
    broadcast: ZOptionalClient("Broadcast"),
  })
  .meta({ title: "Clients and access" });

const ZClientSecurity = (name: string) =>
  z.strictObject({
    authentication: choice(`${name} client authentication`, AUTHENTICATIONS),
    hlsMechanism: choice(`${name} client HLS mechanism`, HLS_MECHANISMS),
    securitySuite: z
      .union([oneOf(`${name} client security suite`, [0, 1, 2]), z.null()], `${name} client security suite must be 0, 1, 2 or none`)
      .meta({ title: `${name} client security suite` }),
    securityPolicy: choice(`${name} client security policy`, SECURITY_POLICIES),
  });

export const ZSecurity = z
  .strictObject({
    reading: ZClientSecurity("Reading"),
    management: ZClientSecurity("Management"),
    firmware: ZClientSecurity("Firmware"),
    limitedRemote: ZClientSecurity("Limited remote customized"),
    broadcast: ZClientSecurity("Broadcast"),
  })
  .meta({ title: "Security" });

export const ZEvents = z
  .strictObject({
    optionalLogs: z.array(text("Optional event log", 60)).meta({ title: "Optional event logs to record" }),
    omittedEvents: z.array(text("Omitted event", 80)).meta({ title: "Optional events not to record" }),
  })
  .meta({ title: "Events and logs" });

export const ZAlarms = z
  .strictObject({
    raised: z.array(text("Alarm", 80)).meta({ title: "Events raised as alarms" }),
  })
  .meta({ title: "Alarms" });

const ZLoadProfile = (name: string, periods: readonly [number, ...number[]]) =>
  z.strictObject({
    enabled: bool(`${name}`),
    capturePeriodS: oneOf(`${name} capture period (s)`, periods),
    depthDays: int(`${name} depth (days)`, 1, 1000, "days"),
  });

export const ZMetering = z
  .strictObject({
    energy: z.strictObject({
      quantities: z
        .array(choice("Energy quantity", ENERGY_QUANTITIES))
        .min(1, "Energy quantities: choose at least one quantity to register")
        .meta({ title: "Energy quantities" }),
      tariffRates: int("Number of tariff rates", 1, 6),
    }),
    demand: z.strictObject({
      enabled: bool("Demand registers"),
      integrationPeriodS: oneOf("Demand integration period (s)", DEMAND_PERIODS_S),
      maximumDemand: bool("Maximum demand registers"),
    }),
    instantaneous: z.strictObject({
      powerFactor: bool("Instantaneous power factor"),
      phaseAngles: bool("Instantaneous phase angles"),
    }),
    loadProfiles: z.strictObject({
      profile1: ZLoadProfile("Load profile 1", CAPTURE_PERIODS_S),
      profile2: ZLoadProfile("Load profile 2 (daily)", [86400]),
    }),
    billing: z.strictObject({
      daily: bool("Daily billing values"),
      billingDayOfMonth: int("Billing day of month", 1, 28),
      storedMonthlyPeriods: int("Stored monthly billing periods", 1, 24),
      storedDailyPeriods: int("Stored daily billing periods", 1, 99),
    }),
    tou: z.strictObject({
      enabled: bool("Time-of-use calendar"),
      seasons: int("Number of seasons", 1, 4),
      specialDays: bool("Special days (holidays)"),
    }),
    clock: z.strictObject({
      timeZoneOffsetMin: int("Time zone offset from UTC (minutes)", -720, 840, "minutes"),
      daylightSaving: bool("Daylight saving time"),
      maxTimeShiftS: int("Maximum clock shift without a synchronization event (s)", 1, 3600, "s"),
    }),
    disconnector: z.strictObject({
      enabled: bool("Disconnector (breaker)"),
      controlMode: int("Disconnector control mode", 0, 6),
      limiter: bool("Load limiter"),
      scheduler: bool("Disconnector scheduler"),
    }),
    firmwareUpgrade: z.strictObject({
      enabled: bool("Remote firmware upgrade"),
    }),
    prepayment: z.strictObject({ enabled: bool("Prepayment") }),
    publicLighting: z.strictObject({
      enabled: bool("Public lighting control"),
      relays: int("Number of public lighting relays", 1, 4),
    }),
    irms: z.strictObject({
      enabled: bool("Irms (RMS current) supervision"),
      integrationPeriodS: int("Irms integration period (s)", 1, 3600, "s"),
      thresholdA: num("Irms threshold (A)", 0.1, 200, "A"),
    }),
    p1Port: z.strictObject({
      enabled: bool("P1 customer port"),
      encrypted: bool("P1 telegrams encrypted (AES-128-GCM)"),
    }),
    mbus: z.strictObject({
      enabled: bool("M-Bus (gas, water, heat meters)"),
      channels: int("Number of M-Bus channels", 1, 4),
    }),
  })
  .meta({ title: "Metering functions" });

export const ZRegulatory = z
  .strictObject({
    powerQuality: z.strictObject({
      sagThresholdPercent: num("Voltage sag threshold (% below nominal)", 1, 50, "%"),
      swellThresholdPercent: num("Voltage swell threshold (% above nominal)", 1, 50, "%"),
      sagSwellTimeThresholdS: int("Sag and swell time threshold (s)", 1, 600, "s"),
      missingVoltageThresholdPercent: num("Missing voltage threshold (% of nominal)", 1, 90, "%"),
      longPowerFailureThresholdS: int("Long power failure time threshold (s)", 1, 86400, "s"),
    }),
    firmware: z.strictObject({
      maxUpgrades: z
        .union([int("Maximum number of firmware upgrades", 1, 10000), z.null()], "Maximum number of firmware upgrades must be a whole number or none")
        .meta({ title: "Maximum number of firmware upgrades" }),
    }),
  })
  .meta({ title: "Regulatory limits" });

/** Structure only: field types, ranges and enumerations. Cross-field rules are in `answers-rules.ts`. */
export const ZAnswersShape = z
  .strictObject({
    formatVersion: z.literal(ANSWERS_FORMAT_VERSION, `Format version must be "${ANSWERS_FORMAT_VERSION}"`).meta({ title: "Format version" }),
    baseline: z
      .strictObject({
        id: text("Baseline id", 60),
        version: text("Baseline version", 40),
      })
      .meta({ title: "Baseline the answers were given against" }),
    contact: ZContact,
    electrical: ZElectrical,
    communication: ZCommunication,
    clients: ZClients,
    security: ZSecurity,
    events: ZEvents,
    alarms: ZAlarms,
    metering: ZMetering,
    regulatory: ZRegulatory,
  })
  .meta({
    title: "PRIME+ questionnaire answers",
    description:
      "Answers of a utility to the PRIME+ questionnaire. This JSON Schema checks structure and ranges; " +
      "cross-field rules (for example HLS requires a security suite) are checked by the PRIME+ tool itself.",
  });
export type TAnswers = z.infer<typeof ZAnswersShape>;
