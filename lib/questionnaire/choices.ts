import type { TBaseline } from "../baseline/load";

/** The baseline lists a person chooses from in the events and alarms sections. */
export type TChoiceLists = {
  optionalLogs: { id: string; name: string; description: string }[];
  optionalEvents: { id: string; name: string; code: number; logName: string }[];
  alarms: { id: string; name: string; register: string; bit: number }[];
};

export function choiceLists(baseline: TBaseline): TChoiceLists {
  const logName = new Map(baseline.events.logs.map((l) => [l.id, l.name]));
  return {
    optionalLogs: baseline.events.logs.filter((l) => l.status === "optional").map((l) => ({ id: l.id, name: l.name, description: l.description })),
    optionalEvents: baseline.events.events
      .filter((e) => e.status === "optional")
      .map((e) => ({ id: e.id, name: e.name, code: e.code, logName: logName.get(e.log) ?? e.log })),
    alarms: baseline.alarms.registers.flatMap((r) => r.bits.map((b) => ({ id: b.id, name: b.name, register: r.name, bit: b.bit }))),
  };
}
