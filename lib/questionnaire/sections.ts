import type { TRule } from "../rules/json-logic";

/**
 * The questionnaire as data: its steps in order, the questions of each (by answer path: labels
 * come from the answers schema's titles), plain-language help on every DLMS notion, option
 * labels with one sentence where a choice needs explaining, and visibility rules in JSON Logic
 * over the answers. Expert values with good PRIME+ defaults (SAPs, HLS mechanisms, security
 * suites) are `advanced`: the form keeps them behind an "Advanced" disclosure. The web form
 * renders this; a test checks every path, option and rule against the answers schema.
 */
export type TOption = { value: string | number | null; label: string; description?: string; visibleIf?: TRule };
export type TFieldKind = "text" | "email" | "yes-no" | "choice" | "multi" | "number" | "optional-number" | "optional-logs" | "optional-events" | "alarms";
export type TField = {
  path: string;
  kind: TFieldKind;
  help?: string;
  options?: TOption[];
  visibleIf?: TRule;
  advanced?: true;
};
export type TSection = { id: string; title: string; intro: string; help?: { term: string; text: string }[]; fields: TField[] };

const on = (path: string): TRule => ({ "==": [{ var: path }, true] });
const threePhase: TRule = { "==": [{ var: "electrical.phases" }, 3] };
type TOptionalClient = "firmware" | "limitedRemote" | "broadcast";
const PORT_OPTIONS: TOption[] = [
  { value: "optical", label: "Optical port (local)", visibleIf: on("communication.optical.enabled") },
  { value: "plc", label: "PRIME power line (remote)", visibleIf: on("communication.plc.enabled") },
  { value: "cellular", label: "Cellular 2G/3G/4G (remote)", visibleIf: on("communication.cellular.enabled") },
];
const AUTH_OPTIONS: TOption[] = [
  { value: "lls", label: "Password (LLS)", description: "The client sends a password when it connects; unless messages are encrypted, anyone listening on the line can copy it." },
  { value: "hls", label: "Cryptographic challenge (HLS)", description: "The client and the meter prove they hold the same secret without sending it, so a recorded login cannot be replayed." },
];
const SUITE_OPTIONS: TOption[] = [
  { value: null, label: "None: no ciphering", description: "Only possible with a password and no message protection." },
  { value: 0, label: "Suite 0: AES-GCM-128", description: "128-bit keys shared by the meter and the client: the PRIME+ default." },
  { value: 1, label: "Suite 1: AES-GCM-128, ECDSA P-256, SHA-256", description: "Adds public-key signatures and certificates (curve P-256), needed for ECDSA logins." },
  { value: 2, label: "Suite 2: AES-GCM-256, ECDSA P-384, SHA-384", description: "As suite 1 with 256-bit keys and curve P-384, for the longest-lived meters." },
];
const POLICY_OPTIONS: TOption[] = [
  { value: "none", label: "No protection", description: "Anyone on the line can read the messages and change them on the way." },
  { value: "authenticated", label: "Messages authenticated", description: "The meter rejects any message that was changed or replayed, but anyone listening can read it." },
  { value: "encrypted", label: "Messages encrypted", description: "Nobody listening can read the messages, but a changed message is not detected." },
  { value: "authenticated-encrypted", label: "Messages authenticated and encrypted", description: "Messages can be neither read nor changed on the way: recommended for every remote client." },
];
const MECHANISM_OPTIONS: TOption[] = [
  { value: "gmac", label: "GMAC (suites 0, 1, 2)", description: "Each side signs the other's random challenge with the client's AES keys: it proves both hold those keys, and needs no other secret." },
  { value: "sha256", label: "SHA-256 (suites 0, 1, 2)", description: "Each side hashes the other's challenge with a separate HLS secret: the login secret stays apart from the ciphering keys." },
  { value: "ecdsa", label: "ECDSA signature (suites 1, 2)", description: "Each side signs with its own private key, checked against a certificate: no shared secret that could open other meters." },
];
const MINUTES = (periods: number[]): TOption[] => periods.map((s) => ({ value: s, label: `${s / 60} minutes` }));

const optionalClient = (id: TOptionalClient): TField[] => [
  { path: `clients.${id}.enabled`, kind: "yes-no" },
  { path: `clients.${id}.ports`, kind: "multi", options: PORT_OPTIONS, visibleIf: on(`clients.${id}.enabled`) },
];
const clientSap = (id: string): TField => ({
  path: `clients.${id}.sap`,
  kind: "number",
  advanced: true,
  ...(id === "public" || id === "reading" || id === "management" ? {} : { visibleIf: on(`clients.${id}.enabled`) }),
});
const visibleFor = (id: "reading" | "management" | TOptionalClient): TRule | undefined =>
  id === "reading" || id === "management" ? undefined : on(`clients.${id}.enabled`);
const when = (rule: TRule | undefined) => (rule ? { visibleIf: rule } : {});
/** What a person decides for a client: how it logs in and how its messages are protected. */
const clientSecurity = (id: "reading" | "management" | TOptionalClient): TField[] => [
  // The Broadcast client's association is pre-established: "none" is its only authentication, so it is not asked.
  ...(id === "broadcast" ? [] : [{ path: `security.${id}.authentication`, kind: "choice", options: AUTH_OPTIONS, ...when(visibleFor(id)) } satisfies TField]),
  { path: `security.${id}.securityPolicy`, kind: "choice", options: POLICY_OPTIONS, ...when(visibleFor(id)) },
];
/** The expert side of a client's security, defaulted from the PRIME+ baseline. */
const clientSecurityAdvanced = (id: "reading" | "management" | TOptionalClient): TField[] => {
  const visible = visibleFor(id);
  const hls: TRule = { "==": [{ var: `security.${id}.authentication` }, "hls"] };
  return [
    ...(id === "broadcast" ? [] : [{ path: `security.${id}.hlsMechanism`, kind: "choice", options: MECHANISM_OPTIONS, advanced: true, visibleIf: visible ? { and: [visible, hls] } : hls } satisfies TField]),
    { path: `security.${id}.securitySuite`, kind: "choice", options: SUITE_OPTIONS, advanced: true, ...when(visible) },
  ];
};
const SECURED = ["reading", "management", "firmware", "limitedRemote", "broadcast"] as const;

export const SECTIONS: TSection[] = [
  {
    id: "contact",
    title: "Contact information",
    intro: "Who is defining this profile. All fields are required, as on the PRIME Alliance form.",
    fields: [
      { path: "contact.name", kind: "text" },
      { path: "contact.email", kind: "email" },
      { path: "contact.company", kind: "text" },
      { path: "contact.primeAllianceMember", kind: "yes-no" },
      { path: "contact.utilityFinalCustomer", kind: "text", help: "The utility or customer base the meters are for." },
    ],
  },
  {
    id: "electrical",
    title: "Technical electrical information",
    intro: "The network the meters connect to. Three-phase meters get per-phase objects for L1, L2 and L3; single-phase meters only L1.",
    fields: [
      { path: "electrical.frequencyHz", kind: "choice", options: [{ value: 50, label: "50 Hz" }, { value: 60, label: "60 Hz" }] },
      { path: "electrical.phases", kind: "choice", options: [{ value: 1, label: "Single-phase" }, { value: 3, label: "Three-phase" }] },
      {
        path: "electrical.wiring",
        kind: "choice",
        options: [
          { value: "two-wire", label: "Two-wire (single-phase)", visibleIf: { "==": [{ var: "electrical.phases" }, 1] } },
          { value: "four-wire", label: "Four-wire (three phases and neutral)", visibleIf: { "==": [{ var: "electrical.phases" }, 3] } },
          { value: "three-wire", label: "Three-wire (no neutral)", visibleIf: { "==": [{ var: "electrical.phases" }, 3] } },
        ],
      },
      {
        path: "electrical.connection",
        kind: "choice",
        help: "Direct meters carry the load current; transformer-connected meters measure through current (and voltage) transformers.",
        options: [
          { value: "direct", label: "Direct connection" },
          { value: "current-transformer", label: "Through current transformers" },
          { value: "current-voltage-transformer", label: "Through current and voltage transformers", visibleIf: { "==": [{ var: "electrical.phases" }, 3] } },
        ],
      },
      { path: "electrical.nominalVoltageV", kind: "number" },
      { path: "electrical.basicCurrentA", kind: "number", help: "Ib or Iref of the meter, e.g. 5 A for a 5(60) A meter." },
      { path: "electrical.maximumCurrentA", kind: "number", help: "Imax, e.g. 60 A for a 5(60) A meter." },
      {
        path: "electrical.accuracyClassActive",
        kind: "choice",
        options: ["A", "B", "C", "2", "1", "0.5S", "0.2S"].map((v) => ({ value: v, label: /^[ABC]$/.test(v) ? `MID class ${v}` : `IEC class ${v}` })),
      },
      {
        path: "electrical.accuracyClassReactive",
        kind: "choice",
        options: [{ value: "none", label: "No reactive energy class" }, ...["3", "2", "1"].map((v) => ({ value: v, label: `Class ${v}` }))],
      },
    ],
  },
  {
    id: "communication",
    title: "Communication profiles",
    intro: "How the meters talk to the head end (remotely) and to a technician (locally).",
    help: [
      { term: "Communication profile", text: "The stack of protocols that carries DLMS messages: PRIME power line, cellular IP, or the optical port." },
      { term: "PRIME PLC profiles", text: "IEC 62056-8-4 defines three ways to carry DLMS over PRIME: directly over the IEC 61334-4-32 LLC layer, or over TCP/UDP with IPv4 or IPv6." },
    ],
    fields: [
      { path: "communication.plc.enabled", kind: "yes-no" },
      {
        path: "communication.plc.profiles",
        kind: "multi",
        visibleIf: on("communication.plc.enabled"),
        options: [
          { value: "llc", label: "IEC 61334-4-32 LLC (classic PRIME)" },
          { value: "tcp-udp-ipv4", label: "TCP-UDP over IPv4" },
          { value: "tcp-udp-ipv6", label: "TCP-UDP over IPv6" },
        ],
      },
      { path: "communication.cellular.enabled", kind: "yes-no" },
      {
        path: "communication.cellular.technology",
        kind: "choice",
        visibleIf: on("communication.cellular.enabled"),
        options: [{ value: "2g", label: "2G (GPRS)" }, { value: "3g", label: "3G" }, { value: "4g", label: "4G (LTE)" }],
      },
      { path: "communication.cellular.apn", kind: "text", visibleIf: on("communication.cellular.enabled"), help: "Given by the mobile operator; may be left empty until known." },
      { path: "communication.cellular.pushOnAlarm", kind: "yes-no", visibleIf: on("communication.cellular.enabled") },
      { path: "communication.cellular.pushOnInterval", kind: "yes-no", visibleIf: on("communication.cellular.enabled") },
      { path: "communication.optical.enabled", kind: "yes-no" },
    ],
  },
  {
    id: "clients",
    title: "Clients and access",
    intro: "The systems that may talk to the meter, and where each may connect. Public, Reading and Management always exist; the other three are optional. The head end reads and manages meters remotely through the Reading and Management clients.",
    help: [
      { term: "Client", text: "A system that opens a session (an association) with the meter, with its own rights: the head end, a reading tool, a firmware server." },
      { term: "Port", text: "Where a client may connect: the optical port on the meter (local) or the power line or cellular network (remote)." },
      { term: "SAP (under Advanced)", text: "The client's address number. The PRIME+ defaults follow PRIME practice: Public 16, Management 1, Reading 2, Firmware 3; change them only if your head end uses others." },
    ],
    fields: [
      { path: "clients.public.ports", kind: "multi", options: PORT_OPTIONS, help: "The Public client reads only what identifies the meter and needs no password." },
      { path: "clients.reading.ports", kind: "multi", options: PORT_OPTIONS, help: "Reads energy, load profiles and events." },
      { path: "clients.management.ports", kind: "multi", options: PORT_OPTIONS, help: "Reads everything, changes settings and runs commands (clock, tariffs, disconnector)." },
      ...optionalClient("firmware"),
      ...optionalClient("limitedRemote"),
      ...optionalClient("broadcast"),
      ...["public", "reading", "management", "firmware", "limitedRemote", "broadcast"].map(clientSap),
    ],
  },
  {
    id: "security",
    title: "Security",
    intro: "How each client proves who it is and how its messages are protected. The Public client never uses security.",
    help: [
      { term: "Authentication", text: "A password (LLS) is sent to the meter and can be copied by anyone listening unless messages are encrypted; a cryptographic challenge (HLS) proves the secret without sending it." },
      { term: "Message protection", text: "Authenticated messages cannot be changed or replayed; encrypted messages cannot be read. Anything other than no protection needs a security suite and keys, which the PRIME+ defaults choose for you." },
      { term: "Broadcast client", text: "It talks to many meters at once and none of them answers, so it cannot log in: the meter accepts only its messages protected with the broadcast key." },
      { term: "Security suite and HLS mechanism (under Advanced)", text: "The algorithms and key sizes behind the protection. Suite 0 (AES-GCM-128) with GMAC is the PRIME+ default; suites 1 and 2 add public-key signatures." },
    ],
    fields: [...SECURED.flatMap(clientSecurity), ...SECURED.flatMap(clientSecurityAdvanced)],
  },
  {
    id: "energy",
    title: "Energy and tariffs",
    intro: "The energy the meter registers, its tariff rates and calendar, and its clock.",
    help: [
      { term: "Tariff rate", text: "A price period (peak, off-peak...): the meter keeps one energy register per rate and switches between them by a time-of-use calendar." },
      { term: "Quadrants", text: "Reactive energy split by the direction of active and reactive power: R1 and R4 with import, R2 and R3 with export." },
    ],
    fields: [
      {
        path: "metering.energy.quantities",
        kind: "multi",
        options: [
          { value: "active-import", label: "Active energy import (+A)" },
          { value: "active-export", label: "Active energy export (-A)" },
          { value: "reactive-import", label: "Reactive energy import (+R)" },
          { value: "reactive-export", label: "Reactive energy export (-R)" },
          { value: "reactive-q1", label: "Reactive energy quadrant I (R1)" },
          { value: "reactive-q2", label: "Reactive energy quadrant II (R2)" },
          { value: "reactive-q3", label: "Reactive energy quadrant III (R3)" },
          { value: "reactive-q4", label: "Reactive energy quadrant IV (R4)" },
          { value: "apparent-import", label: "Apparent energy import (+S)" },
          { value: "apparent-export", label: "Apparent energy export (-S)" },
        ],
      },
      { path: "metering.tou.enabled", kind: "yes-no", help: "Without a calendar the meter has a single tariff rate." },
      { path: "metering.energy.tariffRates", kind: "number", visibleIf: on("metering.tou.enabled") },
      { path: "metering.tou.seasons", kind: "number", visibleIf: on("metering.tou.enabled") },
      { path: "metering.tou.specialDays", kind: "yes-no", visibleIf: on("metering.tou.enabled") },
      { path: "metering.clock.timeZoneOffsetMin", kind: "number", help: "For example 60 for Central European Time, 0 for UTC." },
      { path: "metering.clock.daylightSaving", kind: "yes-no" },
      { path: "metering.clock.maxTimeShiftS", kind: "number", help: "A clock correction larger than this is recorded as a time change event." },
    ],
  },
  {
    id: "demand",
    title: "Demand and load profiles",
    intro: "Average power over periods, instantaneous values, and the profiles that store readings at regular intervals.",
    help: [
      { term: "Demand", text: "Average power over an integration period; maximum demand is the highest such average in a billing period." },
      { term: "Load profile", text: "A table in the meter that stores a row of readings at every capture period, for as many days as its depth." },
    ],
    fields: [
      { path: "metering.demand.enabled", kind: "yes-no" },
      { path: "metering.demand.integrationPeriodS", kind: "choice", visibleIf: on("metering.demand.enabled"), options: MINUTES([300, 600, 900, 1800, 3600]) },
      { path: "metering.demand.maximumDemand", kind: "yes-no", visibleIf: on("metering.demand.enabled") },
      { path: "metering.instantaneous.powerFactor", kind: "yes-no" },
      {
        path: "metering.instantaneous.phaseAngles",
        kind: "yes-no",
        visibleIf: threePhase,
        help: "The angles between the phase voltages and between each phase's current and voltage.",
      },
      { path: "metering.loadProfiles.profile1.enabled", kind: "yes-no" },
      {
        path: "metering.loadProfiles.profile1.capturePeriodS",
        kind: "choice",
        visibleIf: on("metering.loadProfiles.profile1.enabled"),
        options: MINUTES([300, 600, 900, 1800, 3600]),
      },
      {
        path: "metering.loadProfiles.profile1.depthDays",
        kind: "number",
        visibleIf: on("metering.loadProfiles.profile1.enabled"),
        help: "How many days of rows the meter keeps before overwriting the oldest: with one row every 15 minutes, 60 days are 5760 rows.",
      },
      { path: "metering.loadProfiles.profile2.enabled", kind: "yes-no", help: "One row per day." },
      { path: "metering.loadProfiles.profile2.depthDays", kind: "number", visibleIf: on("metering.loadProfiles.profile2.enabled") },
    ],
  },
  {
    id: "billing",
    title: "Billing and disconnector",
    intro: "When billing periods close and how many the meter keeps, and the breaker that connects the customer.",
    help: [
      { term: "Billing period", text: "The meter closes a period on the billing day and keeps a copy of its registers for each closed period." },
      { term: "Disconnector", text: "A breaker in the meter that cuts and restores the supply, remotely or at the customer's button." },
    ],
    fields: [
      { path: "metering.billing.billingDayOfMonth", kind: "number" },
      { path: "metering.billing.storedMonthlyPeriods", kind: "number" },
      { path: "metering.billing.daily", kind: "yes-no" },
      { path: "metering.billing.storedDailyPeriods", kind: "number", visibleIf: on("metering.billing.daily") },
      { path: "metering.disconnector.enabled", kind: "yes-no" },
      {
        path: "metering.disconnector.controlMode",
        kind: "choice",
        visibleIf: on("metering.disconnector.enabled"),
        help: "How the breaker may be opened and closed: remotely, by the customer's button, or locally by the meter.",
        options: [
          { value: 0, label: "0: always connected" },
          { value: 1, label: "1: remote, manual or local disconnection; remote command only readies reconnection, the customer reconnects" },
          { value: 2, label: "2: as 1, but remote reconnection is direct" },
          { value: 3, label: "3: as 1, without manual disconnection" },
          { value: 4, label: "4: as 3, but remote reconnection is direct" },
          { value: 5, label: "5: as 1, plus local reconnection" },
          { value: 6, label: "6: as 3, plus local reconnection" },
        ],
      },
      { path: "metering.disconnector.limiter", kind: "yes-no", visibleIf: on("metering.disconnector.enabled"), help: "Opens the breaker when the customer draws more than the contracted power." },
      { path: "metering.disconnector.scheduler", kind: "yes-no", visibleIf: on("metering.disconnector.enabled") },
    ],
  },
  {
    id: "functions",
    title: "Other functions",
    intro: "Optional functions of the meter: each one you choose adds its objects, events and tests.",
    help: [
      { term: "Irms supervision", text: "The RMS current averaged over an integration period and compared with a threshold." },
      { term: "P1 port", text: "A customer port that sends readings every 10 seconds to an in-home display." },
      { term: "M-Bus", text: "A wired or wireless bus to gas, water and heat meters, which the electricity meter reads and forwards." },
    ],
    fields: [
      { path: "metering.firmwareUpgrade.enabled", kind: "yes-no" },
      { path: "metering.prepayment.enabled", kind: "yes-no" },
      { path: "metering.publicLighting.enabled", kind: "yes-no" },
      { path: "metering.publicLighting.relays", kind: "number", visibleIf: on("metering.publicLighting.enabled") },
      { path: "metering.irms.enabled", kind: "yes-no" },
      { path: "metering.irms.integrationPeriodS", kind: "number", visibleIf: on("metering.irms.enabled") },
      { path: "metering.irms.thresholdA", kind: "number", visibleIf: on("metering.irms.enabled") },
      { path: "metering.p1Port.enabled", kind: "yes-no" },
      { path: "metering.p1Port.encrypted", kind: "yes-no", visibleIf: on("metering.p1Port.enabled") },
      { path: "metering.mbus.enabled", kind: "yes-no" },
      { path: "metering.mbus.channels", kind: "number", visibleIf: on("metering.mbus.enabled") },
    ],
  },
  {
    id: "events",
    title: "Events and logs",
    intro: "The meter records every event with a unique code in the log of its group. Mandatory logs are always recorded; logs of functions you chose follow those functions.",
    help: [{ term: "Event log", text: "A list in the meter of what happened and when: power failures, cover openings, firmware changes, voltage dips." }],
    fields: [
      { path: "events.optionalLogs", kind: "optional-logs" },
      { path: "events.omittedEvents", kind: "optional-events", help: "Untick an optional event to leave it out of the profile. Only the events this meter can have are listed." },
    ],
  },
  {
    id: "alarms",
    title: "Alarms",
    intro: "Events you want to be alerted about: they set a flag in the alarm register, which the head end reads or receives. Untick to mask an alarm.",
    help: [{ term: "Alarm filter", text: "A mask in the meter: only the alarms it lets through set a flag in the alarm register." }],
    fields: [{ path: "alarms.raised", kind: "alarms", help: "Only the alarms this meter can raise are listed: those of phases L2 and L3 need a three-phase meter, M-Bus and public lighting alarms need those functions." }],
  },
  {
    id: "regulatory",
    title: "Regulatory limits",
    intro: "Limits set by your regulator: power-quality thresholds and times, and limits on firmware upgrades.",
    help: [
      { term: "Voltage sag and swell", text: "A dip below or a rise above the nominal voltage by more than the threshold, for longer than the time threshold." },
      { term: "Long power failure", text: "An interruption longer than the time threshold (EN 50160 uses 3 minutes)." },
    ],
    fields: [
      { path: "regulatory.powerQuality.sagThresholdPercent", kind: "number" },
      { path: "regulatory.powerQuality.swellThresholdPercent", kind: "number" },
      { path: "regulatory.powerQuality.sagSwellTimeThresholdS", kind: "number" },
      { path: "regulatory.powerQuality.missingVoltageThresholdPercent", kind: "number" },
      { path: "regulatory.powerQuality.longPowerFailureThresholdS", kind: "number" },
      {
        path: "regulatory.firmware.maxUpgrades",
        kind: "optional-number",
        visibleIf: on("metering.firmwareUpgrade.enabled"),
        help: "Leave empty when no regulation limits the number of firmware upgrades.",
      },
    ],
  },
];

export const REVIEW_STEP = { id: "review", title: "Review and submit" } as const;
export const STEP_IDS = [...SECTIONS.map((s) => s.id), REVIEW_STEP.id];

/** A step's page title, before the app's name: "Security · Questionnaire". */
export function stepPageTitle(step: string): string {
  return `${SECTIONS.find((s) => s.id === step)?.title ?? REVIEW_STEP.title} · Questionnaire`;
}

/** The question a problem's path belongs to: the longest question path that prefixes it (list items belong to their list). */
export function fieldOfPath(path: string): string | undefined {
  let best: string | undefined;
  for (const section of SECTIONS) {
    for (const field of section.fields) {
      if ((path === field.path || path.startsWith(`${field.path}.`)) && (!best || field.path.length > best.length)) best = field.path;
    }
  }
  return best;
}

/** The wizard step a problem's path belongs to; problems no question owns go to the review step. */
export function sectionOfPath(path: string): string {
  const field = fieldOfPath(path);
  return SECTIONS.find((s) => s.fields.some((f) => f.path === field))?.id ?? REVIEW_STEP.id;
}
