import type { TBaseline } from "../baseline/load";
import type { TRule } from "../rules/json-logic";
import { PORTS, type TClientId, type TPort } from "../vocabulary";
import { needsThreePhases, threePhaseOnlyAnswers } from "./rules";

/**
 * What the questionnaire in the browser needs to know of the baseline, small enough to send with
 * the page: the lists a person chooses from (each item with the rule that says whether this meter
 * has it), the clients' ports and rights, and what only three-phase meters have.
 */
export type TChoiceLists = {
  optionalLogs: { id: string; name: string; description: string; visibleIf?: TRule }[];
  optionalEvents: { id: string; name: string; code: number; logName: string; visibleIf?: TRule }[];
  alarms: { id: string; name: string; register: string; bit: number; visibleIf?: TRule }[];
};
export type TClientFacts = {
  id: TClientId;
  name: string;
  optional: boolean;
  allowedPorts: TPort[];
  defaultPorts: TPort[];
  readsMeteringData: boolean;
  /** May change settings and run commands. */
  manages: boolean;
  /** The object groups it reaches; null for every group. */
  groups: string[] | null;
};
export type TQuestionnaireFacts = {
  lists: TChoiceLists;
  clients: TClientFacts[];
  threePhase: { alarms: string[]; defaultAlarms: string[]; answers: string[] };
};

/**
 * The baseline lists the Reading and Management clients among the local clients (optical port),
 * after the white paper. A meter whose Reading and Management clients cannot use PLC or cellular
 * cannot be read or managed remotely, which no utility with a remote network means, so the
 * questionnaire gives them every remote port that is enabled as well.
 */
const REMOTE_BY_DEFAULT: readonly TClientId[] = ["reading", "management"];
const REMOTE_PORTS: readonly TPort[] = ["plc", "cellular"];
export const isRemotePort = (port: TPort): boolean => REMOTE_PORTS.includes(port);

/** The ports a client gets by default when these ports are enabled, in the order of PORTS. */
export function clientDefaultPorts(client: TClientFacts, enabled: readonly TPort[]): TPort[] {
  const available = client.allowedPorts.filter((p) => enabled.includes(p));
  const wanted = new Set<TPort>(client.defaultPorts);
  if (REMOTE_BY_DEFAULT.includes(client.id)) REMOTE_PORTS.forEach((p) => wanted.add(p));
  const defaults = PORTS.filter((p) => wanted.has(p) && available.includes(p));
  return defaults.length > 0 ? defaults : available.length > 0 ? available : [...client.defaultPorts];
}

function whenRule(when: readonly string[] | undefined, baseline: TBaseline): TRule | undefined {
  if (!when || when.length === 0) return undefined;
  const rules = when.map((id) => {
    const condition = baseline.index.conditions.get(id);
    if (!condition) throw new Error(`Unknown condition "${id}"`);
    return condition.rule;
  });
  return rules.length === 1 ? rules[0] : { and: rules };
}

const withRule = <T extends object>(item: T, rule: TRule | undefined): T & { visibleIf?: TRule } => (rule ? { ...item, visibleIf: rule } : item);

const cache = new WeakMap<TBaseline, TQuestionnaireFacts>();

export function questionnaireFacts(baseline: TBaseline): TQuestionnaireFacts {
  const cached = cache.get(baseline);
  if (cached) return cached;
  const logs = new Map(baseline.events.logs.map((l) => [l.id, l]));
  const bits = baseline.alarms.registers.flatMap((r) => r.bits);
  const facts: TQuestionnaireFacts = {
    lists: {
      optionalLogs: baseline.events.logs
        .filter((l) => l.status === "optional")
        .map((l) => ({ id: l.id, name: l.name, description: l.description })),
      optionalEvents: baseline.events.events
        .filter((e) => e.status === "optional")
        .map((e) => {
          const log = logs.get(e.log);
          const when = [...(log?.when ?? []), ...(e.when ?? [])];
          return withRule({ id: e.id, name: e.name, code: e.code, logName: log?.name ?? e.log }, whenRule([...new Set(when)], baseline));
        }),
      alarms: baseline.alarms.registers.flatMap((r) =>
        r.bits.map((b) => withRule({ id: b.id, name: b.name, register: r.name, bit: b.bit }, whenRule(b.when, baseline))),
      ),
    },
    clients: baseline.clients.map((c) => ({
      id: c.id,
      name: c.name,
      optional: c.status === "optional",
      allowedPorts: [...c.ports.allowed],
      defaultPorts: [...c.ports.default],
      readsMeteringData: c.limits.readMeteringData,
      manages: c.limits.write && c.limits.execute,
      groups: c.limits.groups ? [...c.limits.groups] : null,
    })),
    threePhase: {
      alarms: bits.filter((b) => needsThreePhases(b.when)).map((b) => b.id),
      defaultAlarms: bits.filter((b) => b.defaultRaised && needsThreePhases(b.when)).map((b) => b.id),
      answers: [...new Set(threePhaseOnlyAnswers(baseline).flatMap((x) => x.answers))],
    },
  };
  cache.set(baseline, facts);
  return facts;
}
