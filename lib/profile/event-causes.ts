/**
 * What a meter does when something happens to it: the events it logs (baseline event ids) and
 * the AMR status bits it sets for the interval. The simulator raises these; the conformance runner
 * causes them on a meter and checks the logs. Events the profile leaves out are not logged.
 */
export const EVENT_CAUSES = {
  "power-failure": { events: ["power-down"], amrBits: ["amr-power-down"], description: "supply lost on all phases" },
  "power-restored": { events: ["power-up"], amrBits: ["amr-power-down"], description: "supply back after a failure" },
  "long-power-failure": { events: ["long-power-failure-start"], amrBits: [], description: "a failure longer than the long power failure threshold began" },
  "long-power-failure-end": { events: ["long-power-failure-end"], amrBits: [], description: "a long power failure ended" },
  "clock-set": { events: ["clock-adjusted-old-time", "clock-adjusted-new-time"], amrBits: ["amr-clock-adjusted"], description: "the clock was set or adjusted by more than the clock time shift limit" },
  "clock-shift-small": { events: [], amrBits: ["amr-clock-adjusted"], description: "the clock was adjusted within the clock time shift limit: no synchronization event" },
  "access-denied": { events: ["access-denied"], amrBits: [], description: "a client asked to write or execute something its rights deny" },
  "parameter-changed": { events: ["parameters-changed"], amrBits: ["amr-parameters-changed"], description: "a client wrote a parameter that has no more specific event" },
  "setting-changed": { events: [], amrBits: ["amr-parameters-changed"], description: "a client changed a setting that records its own event (setting-events.ts)" },
  "authentication-failed": { events: ["association-authentication-failed"], amrBits: [], description: "an association was refused for a wrong password or HLS secret" },
  "deciphering-failed": { events: ["decryption-authentication-failed"], amrBits: [], description: "an APDU did not decipher or authenticate" },
  "replay": { events: ["replay-attack"], amrBits: [], description: "an APDU came with an invocation counter already used" },
  "key-changed": { events: ["global-key-changed", "invocation-counter-reset"], amrBits: [], description: "a global key was replaced through key_transfer: its invocation counters restart" },
  "master-key-changed": { events: ["master-key-changed"], amrBits: [], description: "the master key (key encryption key) was replaced through key_transfer" },
  "firmware-transfer-started": { events: ["firmware-transfer-started"], amrBits: [], description: "an image transfer was initiated" },
  "firmware-verified": { events: ["firmware-ready-for-activation"], amrBits: [], description: "an image verified and waits for activation" },
  "firmware-verification-failed": { events: ["firmware-verification-failed"], amrBits: [], description: "an image failed verification" },
  "firmware-activated": { events: ["firmware-activated"], amrBits: [], description: "a new firmware image became active" },
  "firmware-limit-reached": { events: ["firmware-upgrade-limit-reached"], amrBits: [], description: "an activation was refused: the regulatory upgrade limit was reached" },
  "remote-disconnection": { events: ["remote-disconnection"], amrBits: [], description: "the disconnector opened on a client's command" },
  "remote-connection": { events: ["remote-connection"], amrBits: [], description: "the disconnector closed on a client's command" },
  "billing-reset": { events: ["billing-reset-command"], amrBits: [], description: "a client closed the billing period" },
  "load-profile-cleared": { events: ["load-profile-cleared"], amrBits: [], description: "a client reset a load profile" },
} as const satisfies Record<string, { events: readonly string[]; amrBits: readonly string[]; description: string }>;
export type TEventCause = keyof typeof EVENT_CAUSES;
