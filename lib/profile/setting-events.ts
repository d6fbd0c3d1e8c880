import type { TClientId } from "../vocabulary";

/**
 * Which event a meter records when a client changes one of its settings: a SET of an attribute or
 * an ACTION of a method, named by the baseline's object ids. A change that no rule names, of an
 * attribute the profile calls a parameter, records the general "parameters-changed" (code 47).
 * The simulator logs these; the conformance runner makes such a change and looks for the event.
 * Each rule's source is the baseline event's description and the testbook step that checks it.
 */
export interface TSettingEventRule {
  event: string;
  objects: readonly string[];
  attributes?: readonly number[];
  methods?: readonly number[];
  source: string;
}

export const SETTING_EVENT_RULES: readonly TSettingEventRule[] = [
  { event: "dst-settings-changed", objects: ["clock"], attributes: [5, 6, 7, 8], source: "events.json dst-settings-changed; testbook TIME-005" },
  { event: "clock-synchronization-settings-changed", objects: ["clock-synchronization-method", "clock-time-shift-limit"], attributes: [2], source: "events.json clock-synchronization-settings-changed; testbook TIME-009" },
  { event: "billing-parameters-changed", objects: ["end-of-billing-period-scheduler"], attributes: [4], source: "events.json billing-parameters-changed; testbook BILL-009" },
  { event: "billing-parameters-changed", objects: ["billing-period-reset-lockout"], attributes: [2], source: "events.json billing-parameters-changed (minimum time between two closures)" },
  { event: "capture-period-changed", objects: ["load-profile-1"], attributes: [4], source: "events.json capture-period-changed" },
  { event: "transformer-ratio-changed", objects: ["transformer-ratio-current-numerator", "transformer-ratio-current-denominator", "transformer-ratio-voltage-numerator", "transformer-ratio-voltage-denominator"], attributes: [2], source: "events.json transformer-ratio-changed" },
  { event: "special-days-changed", objects: ["special-days-table"], attributes: [2], methods: [1, 2], source: "events.json special-days-changed" },
  { event: "tou-passive-calendar-programmed", objects: ["activity-calendar"], attributes: [6, 7, 8, 9, 10], source: "events.json tou-passive-calendar-programmed; testbook TOU-002" },
  { event: "sag-swell-time-threshold-changed", objects: ["voltage-sag-time-threshold", "voltage-swell-time-threshold"], attributes: [2], source: "events.json sag-swell-time-threshold-changed; testbook PQ-002" },
  { event: "long-power-failure-threshold-changed", objects: ["long-power-failure-time-threshold"], attributes: [2], source: "events.json long-power-failure-threshold-changed; testbook PQ-002" },
  { event: "nominal-voltage-changed", objects: ["reference-voltage"], attributes: [2], source: "events.json nominal-voltage-changed; testbook PQ-002" },
  { event: "swell-threshold-changed", objects: ["voltage-swell-threshold"], attributes: [2], source: "events.json swell-threshold-changed; testbook PQ-002" },
  { event: "sag-threshold-changed", objects: ["voltage-sag-threshold"], attributes: [2], source: "events.json sag-threshold-changed; testbook PQ-002" },
  { event: "missing-voltage-threshold-changed", objects: ["missing-voltage-threshold"], attributes: [2], source: "events.json missing-voltage-threshold-changed; testbook PQ-002" },
  { event: "limiter-threshold-changed", objects: ["limiter"], attributes: [3, 4, 5, 6, 7, 8], source: "events.json limiter-threshold-changed; testbook DISC-010" },
  { event: "disconnect-control-mode-changed", objects: ["disconnect-control"], attributes: [4], source: "events.json disconnect-control-mode-changed; testbook DISC-008" },
  { event: "irms-settings-changed", objects: ["irms-integration-period", "irms-threshold"], attributes: [2], source: "events.json irms-settings-changed; testbook IRMS-006" },
  { event: "lighting-schedule-changed", objects: ["public-lighting-calendar", "public-lighting-script-table"], attributes: [2, 6, 7, 8, 9, 10], source: "events.json lighting-schedule-changed" },
  { event: "alarm-register-cleared", objects: ["alarm-register-1", "alarm-register-2"], attributes: [2], source: "events.json alarm-register-cleared; testbook ALM-003" },
  { event: "error-register-cleared", objects: ["error-register"], attributes: [2], source: "events.json error-register-cleared" },
  { event: "security-setup-changed", objects: ["security-setup-reading", "security-setup-management", "security-setup-firmware", "security-setup-limited-remote", "security-setup-broadcast"], methods: [1], source: "events.json security-setup-changed" },
];

/** Interface classes whose settings are communication parameters (events.json communication-parameters-changed). */
const COMMUNICATION_CLASSES = new Set([19, 23, 28, 29, 41, 42, 44, 45, 48, 80, 82, 83, 85, 151]);

/** The secret-changed event of each client whose association object holds its secret (events.json codes 205 to 208). */
const SECRET_EVENTS: Partial<Record<TClientId, string>> = {
  reading: "reading-secret-changed",
  management: "management-secret-changed",
  firmware: "firmware-secret-changed",
  limitedRemote: "limited-remote-secret-changed",
};

export interface TSettingTarget {
  id: string;
  classId: number;
  /** The client whose association this object is, for class 15. */
  associationOf?: TClientId;
}

/** The specific event a SET of the attribute records, or null when the general rule applies. */
export function eventOfSet(o: TSettingTarget, attribute: number): string | null {
  if (o.classId === 15 && attribute === 7 && o.associationOf) return SECRET_EVENTS[o.associationOf] ?? null;
  const rule = SETTING_EVENT_RULES.find((r) => r.objects.includes(o.id) && r.attributes?.includes(attribute));
  if (rule) return rule.event;
  if (COMMUNICATION_CLASSES.has(o.classId) && attribute > 1) return "communication-parameters-changed";
  return null;
}

/** The event an ACTION of the method records, or null when it records none through this rule. */
export function eventOfAction(o: TSettingTarget, method: number): string | null {
  if (o.classId === 15 && method === 2 && o.associationOf) return SECRET_EVENTS[o.associationOf] ?? null;
  return SETTING_EVENT_RULES.find((r) => r.objects.includes(o.id) && r.methods?.includes(method))?.event ?? null;
}
