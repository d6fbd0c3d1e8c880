import { getPath, setPath } from "../json/path";
import { PORTS, SECURED_CLIENT_IDS, type TPort } from "../vocabulary";
import { clientDefaultPorts, type TQuestionnaireFacts } from "./facts";

/**
 * What the form changes by itself when an answer changes, so that a person never meets an error
 * on a question they cannot see or did not touch: the wiring follows the number of phases,
 * clients' ports follow the ports enabled, a protected client gets the PRIME+ default security
 * suite, and answers of a function that is switched off go back to their neutral value. The
 * questionnaire applies it on every change; the dead-answer test applies it the same way.
 *
 * Pure: returns the answers to set (by path), nothing when `next` needs no change.
 */
export type TFollowUp = { path: string; value: unknown }[];
type TValues = Record<string, unknown>;

const changed = (previous: TValues, next: TValues, path: string) => JSON.stringify(getPath(previous, path)) !== JSON.stringify(getPath(next, path));

export function followUps(previous: TValues, next: TValues, facts: TQuestionnaireFacts): TFollowUp {
  const out: TFollowUp = [];
  const set = (path: string, value: unknown) => {
    if (JSON.stringify(getPath(next, path)) !== JSON.stringify(value)) out.push({ path, value });
  };

  if (changed(previous, next, "electrical.phases")) {
    const phases = getPath(next, "electrical.phases");
    const raised = asStrings(getPath(next, "alarms.raised"));
    if (phases === 1) {
      set("electrical.wiring", "two-wire");
      if (getPath(next, "electrical.connection") === "current-voltage-transformer") set("electrical.connection", "current-transformer");
      set("alarms.raised", raised.filter((id) => !facts.threePhase.alarms.includes(id)));
      // Answers that add only three-phase items (phase angles) are refused on a single-phase meter.
      for (const path of facts.threePhase.answers) if (getPath(next, path) === true) set(path, false);
    } else if (phases === 3) {
      if (getPath(next, "electrical.wiring") === "two-wire") set("electrical.wiring", "four-wire");
      set("alarms.raised", [...raised, ...facts.threePhase.defaultAlarms.filter((id) => !raised.includes(id))]);
    }
  }

  const enabled = PORTS.filter((p) => getPath(next, `communication.${p}.enabled`) === true);
  const switchedOn = PORTS.filter((p) => changed(previous, next, `communication.${p}.enabled`) && enabled.includes(p));
  const switchedOff = PORTS.filter((p) => changed(previous, next, `communication.${p}.enabled`) && !enabled.includes(p));
  if (switchedOn.length > 0 || switchedOff.length > 0) {
    for (const client of facts.clients) {
      const path = `clients.${client.id}.ports`;
      const ports = new Set(asStrings(getPath(next, path)) as TPort[]);
      switchedOff.forEach((p) => ports.delete(p));
      const defaults = clientDefaultPorts(client, enabled);
      switchedOn.filter((p) => defaults.includes(p)).forEach((p) => ports.add(p));
      set(path, PORTS.filter((p) => ports.has(p)));
    }
  }

  for (const id of SECURED_CLIENT_IDS) {
    const base = `security.${id}`;
    if (!["authentication", "securityPolicy", "hlsMechanism"].some((k) => changed(previous, next, `${base}.${k}`))) continue;
    const suite = getPath(next, `${base}.securitySuite`);
    const protectedClient = (id !== "broadcast" && getPath(next, `${base}.authentication`) === "hls") || (getPath(next, `${base}.securityPolicy`) ?? "none") !== "none";
    // The Broadcast client never logs in, so its HLS answers never apply.
    const ecdsa = id !== "broadcast" && getPath(next, `${base}.authentication`) === "hls" && getPath(next, `${base}.hlsMechanism`) === "ecdsa";
    if (ecdsa && suite !== 1 && suite !== 2) set(`${base}.securitySuite`, 1);
    else if (protectedClient && suite === null) set(`${base}.securitySuite`, 0);
  }

  if (changed(previous, next, "metering.tou.enabled") && getPath(next, "metering.tou.enabled") === false) set("metering.energy.tariffRates", 1);
  if (changed(previous, next, "metering.firmwareUpgrade.enabled") && getPath(next, "metering.firmwareUpgrade.enabled") === false) {
    set("regulatory.firmware.maxUpgrades", null);
    set("clients.firmware.enabled", false);
  }
  return out;
}

/** The answers with their follow-ups applied, as the form would leave them. */
export function applyFollowUps(previous: TValues, next: TValues, facts: TQuestionnaireFacts): TValues {
  const result = structuredClone(next);
  for (const { path, value } of followUps(previous, next, facts)) setPath(result, path, value);
  return result;
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
