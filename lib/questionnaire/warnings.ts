import { SECURED_CLIENT_IDS, type TClientId, type TPort, type TSecuredClientId } from "../vocabulary";
import type { TAnswers } from "./answers";
import { isRemotePort, type TClientFacts, type TQuestionnaireFacts } from "./facts";
import { isClientEnabled } from "./rules";

/**
 * Answers that are valid but leave the utility with a meter it probably did not mean: a
 * function nobody can reach remotely, or a secret that travels unprotected. Warnings, not
 * errors: the person may submit anyway. Each names the question it sits on, the risk in one
 * sentence and the setting we suggest.
 */
export type TAnswerWarning = { id: string; path: string; risk: string; suggestion: string };

const PORT_NAMES: Record<TPort, string> = { optical: "the optical port", plc: "PRIME PLC", cellular: "cellular" };
const listNames = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
/** "the Reading and Management clients", not "the Reading client and Management client". */
const listClients = (names: string[]) =>
  names.length > 1 && names.every((n) => n.endsWith(" client")) ? `${listNames(names.map((n) => n.slice(0, -" client".length)))} clients` : listNames(names);

export function answerWarnings(a: TAnswers, facts: TQuestionnaireFacts): TAnswerWarning[] {
  const warnings: TAnswerWarning[] = [];
  const remote = (["plc", "cellular"] as const).filter((p) => a.communication[p].enabled);
  const remoteNames = listNames(remote.map((p) => PORT_NAMES[p]));
  const used = facts.clients.filter((c) => isClientEnabled(a, c.id));
  const remotePorts = (c: TClientFacts) => a.clients[c.id].ports.filter(isRemotePort);
  const reachesRemotely = (c: TClientFacts) => remotePorts(c).length > 0;
  const reachesGroup = (c: TClientFacts, group: string) => c.manages && (c.groups === null || c.groups.includes(group));
  const name = (id: TClientId) => facts.clients.find((c) => c.id === id)?.name ?? id;

  if (remote.length > 0) {
    if (!used.some((c) => c.id !== "public" && c.readsMeteringData && reachesRemotely(c))) {
      warnings.push({
        id: "no-remote-reading",
        path: "clients.reading.ports",
        risk: `No client but the Public client can reach the meter over ${remoteNames}: the head end cannot read energy, load profiles or events remotely.`,
        suggestion: `Add ${remoteNames} to the ports of the Reading and Management clients.`,
      });
    }
    if (!used.some((c) => c.manages && c.groups === null && reachesRemotely(c))) {
      warnings.push({
        id: "no-remote-management",
        path: "clients.management.ports",
        risk: "No client can change settings or send commands remotely: clock, tariffs and alarms can be set only by a technician at the meter.",
        suggestion: `Add ${remoteNames} to the ports of the Management client.`,
      });
    }
    if (a.metering.firmwareUpgrade.enabled && !used.some((c) => reachesGroup(c, "firmware-upgrade") && reachesRemotely(c))) {
      warnings.push({
        id: "firmware-unreachable",
        path: a.clients.firmware.enabled ? "clients.firmware.ports" : "clients.management.ports",
        risk: "Remote firmware upgrade is chosen, but no client that may load firmware reaches the meter remotely: every upgrade needs a visit.",
        suggestion: `Add ${remoteNames} to the ports of the ${a.clients.firmware.enabled ? "Firmware" : "Management"} client.`,
      });
    }
    const disconnectsRemotely = a.metering.disconnector.enabled && a.metering.disconnector.controlMode !== 0;
    if (disconnectsRemotely && !used.some((c) => reachesGroup(c, "disconnect-load-management") && reachesRemotely(c))) {
      warnings.push({
        id: "disconnector-unreachable",
        path: "clients.management.ports",
        risk: "The disconnector's control mode allows remote commands, but no client that may send them reaches the meter remotely.",
        suggestion: `Add ${remoteNames} to the ports of the Management client, or choose control mode 0.`,
      });
    }
  }

  const secured = used.filter((c): c is TClientFacts & { id: TSecuredClientId } => (SECURED_CLIENT_IDS as readonly string[]).includes(c.id));
  const encrypts = (id: TSecuredClientId) => a.security[id].securityPolicy === "encrypted" || a.security[id].securityPolicy === "authenticated-encrypted";
  for (const c of secured) {
    const s = a.security[c.id];
    const over = listNames(remotePorts(c).map((p) => PORT_NAMES[p]));
    if (c.id === "firmware" && s.authentication === "lls" && !encrypts(c.id) && remotePorts(c).length > 0) {
      warnings.push({
        id: "firmware-password-in-clear",
        path: "security.firmware.authentication",
        risk: `The Firmware client sends its password unencrypted over ${over}: whoever copies it can load their own firmware into the meters.`,
        suggestion: "Use a cryptographic challenge (HLS) with messages authenticated and encrypted.",
      });
    } else if (c.manages && c.id !== "broadcast" && !encrypts(c.id) && remotePorts(c).length > 0) {
      warnings.push({
        id: `${c.id}-unencrypted`,
        path: `security.${c.id}.securityPolicy`,
        risk: `The ${c.name} changes settings over ${over} without encryption: anyone listening sees the commands and the new settings, including passwords it writes.`,
        suggestion: "Choose messages authenticated and encrypted (security suite 0 is enough).",
      });
    }
  }
  const withPassword = secured.filter((c) => a.security[c.id].authentication === "lls");
  if (withPassword.length >= 2) {
    const last = withPassword.at(-1)!;
    warnings.push({
      id: "several-passwords",
      path: `security.${last.id}.authentication`,
      risk: `The ${listClients(withPassword.map((c) => c.name))} ${withPassword.length === 2 ? "both" : "all"} log in with a password: if two of them share one, whoever holds the weaker client's password has the stronger client's rights.`,
      suggestion: `Give each client its own password when the meters are personalised, or use a cryptographic challenge (HLS) for the ${name("management")}${withPassword.some((c) => c.id === "firmware") ? " and the Firmware client" : ""}.`,
    });
  }
  return warnings;
}
