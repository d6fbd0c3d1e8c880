import { d, numberOf } from "../../dlms/axdr/data";
import type { TProfileLog } from "../../profile/schema";
import { SETTING_EVENT_RULES } from "../../profile/setting-events";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { causeOf, readerOf, type TCause } from "./causes";
import { codesSince, markLog, type TLogMark } from "./logs";
import { readData, readingText, ref, type TProcedure } from "./util";
import type { TClientId } from "../../vocabulary";

/**
 * Events the runner causes and then finds in their logs (testbook chapters "events" and
 * "security", and the tests of other chapters that check a setting change is recorded): the
 * logs' entry counts before the cause, the cause, then the event codes of the new entries.
 */
export interface TLoggedEvent {
  event: TProfileLog["events"][number];
  log: TProfileLog;
}

export function loggedEvent(env: TRunEnvironment, eventId: string): TLoggedEvent | undefined {
  for (const log of env.profile.events.logs) {
    const event = log.events.find((e) => e.id === eventId);
    if (event) return { event, log };
  }
  return undefined;
}

/** Causes, then checks that each expected event is in its log; returns false when the cause could not run. */
export async function causeAndFind(env: TRunEnvironment, run: TestRun, cause: TCause, expected: TLoggedEvent[], step?: number): Promise<boolean> {
  const logs = [...new Map(expected.map((e) => [e.log.id, e.log])).values()];
  const marks: Array<{ log: TProfileLog; mark: TLogMark; reader: TClientId }> = [];
  for (const log of logs) {
    const object = env.profile.objects.find((o) => o.obis === log.object.obis);
    const reader = object ? readerOf(env, object, 2) : undefined;
    if (!object || !reader) {
      run.notRun(`${log.name}`, "no client of the profile may read this log");
      return false;
    }
    const a = await env.sessions.get(reader.id);
    if (!a.ok) {
      run.inconclusive(`${log.name}`, `${reader.name} cannot associate: ${a.error.message}`, { client: reader.id });
      return false;
    }
    const mark = await markLog(a.value, log);
    if (typeof mark === "string") {
      run.inconclusive(`${log.name} before: ${cause.what}`, mark, { client: reader.id });
      return false;
    }
    marks.push({ log, mark, reader: reader.id });
  }
  const failed = await cause.run(env);
  if (failed) {
    run.inconclusive(cause.what, `the runner could not cause the event: ${failed}`, step ? { step } : {});
    return false;
  }
  for (const { log, mark, reader } of marks) {
    const a = await env.sessions.get(reader);
    const codes = a.ok ? await codesSince(env, a.value, mark) : a.error.message;
    for (const e of expected.filter((x) => x.log.id === log.id)) {
      const title = `${log.name}: event ${e.event.code} (${e.event.name}) after: ${cause.what}`;
      const options = { client: reader, requirements: [`event:${e.event.id}`, `log:${log.id}`], ...(step ? { step } : {}) };
      if (typeof codes === "string") run.inconclusive(title, `the log's new entries were not read: ${codes}`, options);
      else run.expect(codes.includes(e.event.code), title, `recorded (new codes ${codes.join(", ")})`, `not recorded in ${log.object.obis}: new codes ${codes.join(", ") || "none"}`, options);
    }
  }
  return true;
}

/** EVT-001: the event of the test, caused where the runner can, found in its log, and its code object set. */
export const eventRecorded: TProcedure = async (env, run) => {
  const id = run.test.binding?.kind === "event" ? run.test.binding.id : undefined;
  const logged = id ? loggedEvent(env, id) : undefined;
  if (!logged) return;
  const cause = causeOf(env, logged.event.id);
  if (!cause) {
    run.notRun(`${logged.event.name} (${logged.event.code})`, `the runner cannot cause it over DLMS: ${logged.event.description ?? "a person provokes it on the meter"} Cause it on the meter and read its log by hand.`);
    return;
  }
  if (!(await causeAndFind(env, run, cause, [logged], 2))) return;
  const codeObject = env.profile.objects.find((o) => o.obis === logged.log.codeObject.obis);
  const reader = codeObject ? readerOf(env, codeObject, 2) : undefined;
  if (!codeObject || !reader) return;
  const v = await env.readings.value(reader.id, ref(codeObject, 2), { fresh: true });
  const companions = cause.events.map((e) => loggedEvent(env, e)).filter((e): e is TLoggedEvent => e?.log.id === logged.log.id).map((e) => e.event.code);
  const code = numberOf(readData(v) ?? d.null());
  run.expect(code !== null && companions.includes(code), `${codeObject.obis} event code object`, `reads ${code}`, `reads ${readingText(v)}; expected ${companions.join(" or ")}`, { client: reader.id, evidence: v.evidence, step: 3 });
};

/** A procedure that causes one event and checks its log, for tests of a single recorded refusal or change. */
function causing(eventId: string): TProcedure {
  return async (env, run) => {
    const logged = loggedEvent(env, eventId);
    const cause = causeOf(env, eventId);
    if (!logged || !cause) {
      run.notRun(eventId, logged ? "the runner has no way to cause this event with the profile's clients and rights" : "the profile does not record this event");
      return;
    }
    await causeAndFind(env, run, cause, [logged]);
  };
}

/** ACC-013: a refused SET is recorded in the failed security log. */
export const refusalLogged = causing("access-denied");

/** SEC-EV-001: an association refused for a wrong secret is recorded. */
export const authenticationFailureLogged = causing("association-authentication-failed");

/** SEC-EV-002: the event of the test (a client's secret changed) after the Management client writes that secret again. */
export const secretChangeLogged: TProcedure = async (env, run) => {
  const id = run.test.binding?.kind === "event" ? run.test.binding.id : undefined;
  if (id) await causing(id)(env, run);
};

/**
 * The setting changes a test names as events (TIME-005, TIME-009, BILL-009, PQ-002, IRMS-006,
 * DISC-008, DISC-010): each setting written back by the client that may write it, and its event
 * found in its log.
 */
export const settingChangeLogged: TProcedure = async (env, run) => {
  const events = run.test.requirements.filter((r) => r.startsWith("event:")).map((r) => r.slice(6));
  const settings = events.filter((e) => SETTING_EVENT_RULES.some((r) => r.event === e));
  for (const eventId of settings) {
    const logged = loggedEvent(env, eventId);
    const cause = causeOf(env, eventId);
    if (!logged) continue;
    if (!cause) {
      run.notRun(`${logged.event.name} (${logged.event.code})`, "no client of the profile may write the setting");
      continue;
    }
    await causeAndFind(env, run, cause, [logged]);
  }
};

/** EVT-007: an adjustment beyond the limit records old and new time; one within it records nothing. */
export const clockAdjustmentsLogged: TProcedure = async (env, run) => {
  const oldTime = loggedEvent(env, "clock-adjusted-old-time");
  const newTime = loggedEvent(env, "clock-adjusted-new-time");
  const cause = causeOf(env, "clock-adjusted-old-time");
  if (!oldTime || !newTime || !cause) {
    run.notRun("clock adjustment events", "the profile has no synchronization events or no client may set the clock");
    return;
  }
  await causeAndFind(env, run, cause, [oldTime, newTime], 1);
};
