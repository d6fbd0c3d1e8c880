import type { TBaseline } from "../baseline/load";
import { setPath } from "../json/path";
import { PORTS } from "../vocabulary";
import { ANSWERS_FORMAT_VERSION, type TAnswers } from "./answers";
import { clientDefaultPorts, questionnaireFacts } from "./facts";
import { needsThreePhases } from "./rules";

/**
 * A new questionnaire, every default taken from the baseline: answer-defaults.json for the
 * technical answers, clients.json for clients and security (with remote ports for the Reading and
 * Management clients, see clientDefaultPorts), alarms.json for the alarms raised.
 * Contact fields start empty: they have no default and must be filled in.
 */
export function defaultAnswers(baseline: TBaseline): TAnswers {
  const answers: Record<string, unknown> = {
    formatVersion: ANSWERS_FORMAT_VERSION,
    baseline: { id: baseline.manifest.id, version: baseline.manifest.version },
    contact: { name: "", email: "", company: "", primeAllianceMember: false, utilityFinalCustomer: "" },
  };
  for (const d of baseline.answerDefaults) setPath(answers, d.answer, structuredClone(d.value));

  const enabledPorts = PORTS.filter((p) => isPortEnabled(answers, p));
  const facts = questionnaireFacts(baseline);
  for (const client of baseline.clients) {
    const clientAnswer: Record<string, unknown> = {
      sap: client.defaultSap,
      ports: clientDefaultPorts(facts.clients.find((c) => c.id === client.id)!, enabledPorts),
    };
    if (client.status === "optional") clientAnswer.enabled = client.defaultEnabled ?? false;
    setPath(answers, `clients.${client.id}`, clientAnswer);
    if (client.defaultSecurity) {
      setPath(answers, `security.${client.id}`, { authentication: client.authentication.default, ...client.defaultSecurity });
    }
  }
  setPath(answers, "events", { optionalLogs: [], omittedEvents: [] });
  // Alarms that need a three-phase meter are raised by default only when the default meter has three phases.
  const threePhases = (answers.electrical as { phases?: number } | undefined)?.phases === 3;
  setPath(answers, "alarms", {
    raised: baseline.alarms.registers.flatMap((r) =>
      r.bits.filter((b) => b.defaultRaised && (threePhases || !needsThreePhases(b.when))).map((b) => b.id),
    ),
  });
  return answers as TAnswers;
}

function isPortEnabled(answers: Record<string, unknown>, port: (typeof PORTS)[number]): boolean {
  const communication = answers.communication as Record<string, { enabled?: boolean }> | undefined;
  return communication?.[port]?.enabled === true;
}
