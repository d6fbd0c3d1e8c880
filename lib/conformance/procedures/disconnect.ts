import { d, numberOf } from "../../dlms/axdr/data";
import type { Association } from "../../dlms/client";
import { actionResultName } from "../../dlms/xdlms/results";
import type { TProfileObject } from "../../profile/schema";
import type { TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import type { TCause } from "./causes";
import { causeAndFind, loggedEvent } from "./events";
import { codesSince, markLog } from "./logs";
import { associationOf, objectById, operatorConfirms, type TProcedure } from "./util";

/**
 * The supply breaker (testbook chapter "disconnect", Disconnect control class 70, Blue Book
 * 4.5.8): remote_disconnect opens it (DISC-002, transition b), remote_reconnect closes it at once
 * in control modes 2 and 4 (DISC-003, a) or only arms it in modes 1, 3, 5 and 6, the customer's
 * button closing it (DISC-004, d then e; c back from armed), and in mode 0 nothing opens it
 * (DISC-007). The DLMS part is the runner's; the operator says what the load side shows. Each
 * test leaves the breaker closed where the control mode lets a command close it.
 */
export const STATE = { disconnected: 0, connected: 1, ready: 2 } as const;
const STATE_NAMES = ["disconnected (0)", "connected (1)", "ready_for_reconnection (2)"];
const REMOTE_DISCONNECT = 1;
const REMOTE_RECONNECT = 2;

export interface TSwitch {
  output: boolean | null;
  state: number | null;
  text: string;
}

/** output_state (2) and control_state (3), read now. */
export async function readSwitch(a: Association, o: TProfileObject): Promise<TSwitch> {
  const output = await a.get({ classId: 70, obis: o.obis, attribute: 2 });
  const state = await a.get({ classId: 70, obis: o.obis, attribute: 3 });
  const out = output.ok && output.value.type === "boolean" ? output.value.value : null;
  const st = state.ok ? numberOf(state.value) : null;
  const text = `output_state ${out === null ? (output.ok ? "not a boolean" : output.error.message) : out}, control_state ${st === null ? (state.ok ? "not a number" : state.error.message) : (STATE_NAMES[st] ?? st)}`;
  return { output: out, state: st, text };
}

/** remote_disconnect (1) or remote_reconnect (2) with data integer 0: the action-result, or a failure text; the states are read again by later tests. */
export async function command(env: TRunEnvironment, a: Association, o: TProfileObject, method: number): Promise<number | string> {
  const r = await a.actionResult({ classId: 70, obis: o.obis, method }, d.i8(0));
  for (const attribute of [2, 3]) env.readings.forget({ classId: 70, obis: o.obis, attribute });
  return r.ok ? r.value.result : r.error.message;
}

export const resultText = (r: number | string): string => (typeof r === "string" ? `no answer: ${r}` : r === 0 ? "success" : `refused with ${actionResultName(r)}`);

/** The client that may run both methods of the object, the Management client first. */
export function switcher(env: TRunEnvironment, o: TProfileObject): TClientId | undefined {
  return (["management", ...env.profile.clients.map((c) => c.id)] as TClientId[]).find((c) => c !== "broadcast" && env.profile.clients.some((x) => x.id === c) && [REMOTE_DISCONNECT, REMOTE_RECONNECT].every((m) => o.methods.find((x) => x.index === m)?.access[c] === "X"));
}

const controlMode = (env: TRunEnvironment): number | undefined => {
  const v = env.profile.parameters.find((p) => p.id === "controlMode")?.value;
  return typeof v === "number" ? v : undefined;
};

interface TBreaker {
  o: TProfileObject;
  client: TClientId;
  a: Association;
}

async function breakerOf(env: TRunEnvironment, run: TestRun): Promise<TBreaker | undefined> {
  const o = objectById(env, "disconnect-control");
  const client = o ? switcher(env, o) : undefined;
  if (!o || !client) {
    run.notRun(run.test.title, !o ? "the profile has no disconnect control" : "no client of the profile may run remote_disconnect and remote_reconnect");
    return undefined;
  }
  const a = await associationOf(env, run, client);
  return a ? { o, client, a } : undefined;
}

/**
 * Runs a command as the cause of its event (found in the disconnect control log when the profile
 * records it) and checks the ACTION answered success; gives the result.
 */
async function commandLogged(env: TRunEnvironment, run: TestRun, b: TBreaker, method: number, eventId: string, step: number, logStep: number): Promise<number | string> {
  const outcome: { result: number | string } = { result: "not sent" };
  const name = method === REMOTE_DISCONNECT ? "remote_disconnect" : "remote_reconnect";
  const cause: TCause = {
    events: [eventId],
    what: `${env.sessions.client(b.client).name} sends ${name} to ${b.o.obis}`,
    run: async () => {
      outcome.result = await command(env, b.a, b.o, method);
      return typeof outcome.result === "string" ? outcome.result : null;
    },
  };
  const logged = loggedEvent(env, eventId);
  if (logged) await causeAndFind(env, run, cause, [logged], logStep);
  else await cause.run(env);
  run.expect(outcome.result === 0, `${env.sessions.client(b.client).name}: ACTION ${b.o.obis} method ${method} (${name})`, "success", resultText(outcome.result), { client: b.client, step });
  return outcome.result;
}

/** Brings the breaker to disconnected first (the precondition of DISC-003 and DISC-004); false with an INCONCLUSIVE check when it cannot. */
async function disconnectedFirst(env: TRunEnvironment, run: TestRun, b: TBreaker): Promise<boolean> {
  let s = await readSwitch(b.a, b.o);
  if (s.state !== STATE.disconnected) {
    await command(env, b.a, b.o, REMOTE_DISCONNECT);
    s = await readSwitch(b.a, b.o);
  }
  if (s.state === STATE.disconnected) return true;
  run.inconclusive(`${b.o.obis} disconnected first`, `remote_disconnect did not bring the breaker to disconnected: ${s.text}`, { client: b.client });
  return false;
}

/** Closes the breaker again after a test; in a mode that only arms it, says the button must do the rest. */
async function restore(env: TRunEnvironment, run: TestRun, b: TBreaker): Promise<void> {
  const r = await command(env, b.a, b.o, REMOTE_RECONNECT);
  const s = await readSwitch(b.a, b.o);
  if (s.state === STATE.connected) return;
  if (s.state === STATE.ready) run.notRun(`${b.o.obis} breaker closed again`, `control mode ${controlMode(env) ?? "?"} only arms the breaker remotely (${s.text}): the customer's button closes it (DISC-004)`, { client: b.client });
  else run.inconclusive(`${b.o.obis} breaker closed again`, `remote_reconnect ${resultText(r)}; ${s.text}`, { client: b.client });
}

/** DISC-002: remote_disconnect opens the breaker, the states follow, the event is logged, a second command changes nothing. */
export const remoteDisconnect: TProcedure = async (env, run, question) => {
  const b = await breakerOf(env, run);
  if (!b) return;
  let before = await readSwitch(b.a, b.o);
  if (before.state !== STATE.connected) {
    await command(env, b.a, b.o, REMOTE_RECONNECT);
    before = await readSwitch(b.a, b.o);
  }
  if (before.state !== STATE.connected) {
    run.inconclusive(`${b.o.obis} connected first`, `the breaker must be connected for this test: ${before.text}`, { client: b.client });
    return;
  }
  if ((await commandLogged(env, run, b, REMOTE_DISCONNECT, "remote-disconnection", 1, 3)) !== 0) return;
  const after = await readSwitch(b.a, b.o);
  run.expect(after.output === false && after.state === STATE.disconnected, `${b.o.obis} after remote_disconnect`, after.text, `${after.text}; output_state false and control_state disconnected (0) expected`, { client: b.client, step: 2 });
  const again = await command(env, b.a, b.o, REMOTE_DISCONNECT);
  const still = await readSwitch(b.a, b.o);
  run.expect(again === 0 && still.state === STATE.disconnected, `${b.o.obis}: remote_disconnect again`, `${resultText(again)}; ${still.text}`, `${resultText(again)}; ${still.text} (success and disconnected (0) expected)`, { client: b.client, step: 4 });
  await operatorConfirms(env, run, question, "the breaker did not open, or the load side still has voltage", { step: 2 });
  await restore(env, run, b);
};

/** DISC-003: in control modes 2 and 4, remote_reconnect closes the breaker at once and logs it. */
export const remoteReconnect: TProcedure = async (env, run, question) => {
  const b = await breakerOf(env, run);
  if (!b || !(await disconnectedFirst(env, run, b))) return;
  if ((await commandLogged(env, run, b, REMOTE_RECONNECT, "remote-connection", 1, 3)) !== 0) return;
  const after = await readSwitch(b.a, b.o);
  run.expect(after.output === true && after.state === STATE.connected, `${b.o.obis} after remote_reconnect`, after.text, `${after.text}; output_state true and control_state connected (1) expected in control mode ${controlMode(env) ?? "?"}`, { client: b.client, step: 2 });
  await operatorConfirms(env, run, question, "the breaker did not close, or the load side has no voltage", { step: 2 });
  if (after.state !== STATE.connected) await restore(env, run, b);
};

/**
 * DISC-004: in control modes 1, 3, 5 and 6, remote_reconnect only arms the breaker (logged), a
 * remote_disconnect takes it back to disconnected (c), and once armed again the operator presses
 * the button: the breaker closes and the manual connection is logged.
 */
export const remoteReconnectArmed: TProcedure = async (env, run, question) => {
  const b = await breakerOf(env, run);
  if (!b || !(await disconnectedFirst(env, run, b))) return;
  if ((await commandLogged(env, run, b, REMOTE_RECONNECT, "ready-for-manual-reconnection", 1, 3)) !== 0) return;
  const armed = await readSwitch(b.a, b.o);
  run.expect(armed.output === false && armed.state === STATE.ready, `${b.o.obis} after remote_reconnect`, armed.text, `${armed.text}; output_state false and control_state ready_for_reconnection (2) expected in control mode ${controlMode(env) ?? "?"}`, { client: b.client, step: 2 });
  if (armed.state !== STATE.ready) {
    if (armed.state !== STATE.connected) await restore(env, run, b);
    return;
  }
  const back = await command(env, b.a, b.o, REMOTE_DISCONNECT);
  const disconnected = await readSwitch(b.a, b.o);
  run.expect(back === 0 && disconnected.state === STATE.disconnected, `${b.o.obis}: remote_disconnect from ready_for_reconnection`, disconnected.text, `${resultText(back)}; ${disconnected.text} (disconnected (0) expected)`, { client: b.client, step: 6 });
  const rearm = await command(env, b.a, b.o, REMOTE_RECONNECT);
  const rearmed = await readSwitch(b.a, b.o);
  if (rearm !== 0 || rearmed.state !== STATE.ready) {
    run.inconclusive(`${b.o.obis} armed again for the button`, `${resultText(rearm)}; ${rearmed.text}`, { client: b.client, step: 4 });
    return;
  }
  const manual = loggedEvent(env, "manual-connection");
  const mark = manual ? await markLog(b.a, manual.log) : undefined;
  const answer = await operatorConfirms(env, run, question, "the breaker did not close when the button was pressed", { step: 4 });
  if (answer === null) return;
  const closed = await readSwitch(b.a, b.o);
  run.expect(closed.output === true && closed.state === STATE.connected, `${b.o.obis} after the button`, closed.text, `${closed.text}; output_state true and control_state connected (1) expected`, { client: b.client, step: 4 });
  if (manual && mark && typeof mark !== "string") {
    const codes = await codesSince(env, b.a, mark);
    const title = `${manual.log.name}: event ${manual.event.code} (${manual.event.name}) after the button`;
    if (typeof codes === "string") run.inconclusive(title, `the log's new entries were not read: ${codes}`, { client: b.client, step: 5 });
    else run.expect(codes.includes(manual.event.code), title, `recorded (new codes ${codes.join(", ")})`, `not recorded in ${manual.log.object.obis}: new codes ${codes.join(", ") || "none"}`, { client: b.client, step: 5 });
  }
};

/** DISC-007: with control mode 0 remote_disconnect leaves the breaker connected; the runner never changes the mode. */
export const disconnectMode0: TProcedure = async (env, run) => {
  const mode = controlMode(env);
  if (mode !== 0) {
    run.notRun(run.test.title, `the profile's control mode is ${mode ?? "not given"}, not 0: this test is for a meter in mode 0, and the runner does not change the mode of a meter for a test`);
    return;
  }
  const b = await breakerOf(env, run);
  if (!b) return;
  const meterMode = await b.a.get({ classId: 70, obis: b.o.obis, attribute: 4 });
  const read = meterMode.ok ? numberOf(meterMode.value) : null;
  if (read !== 0) {
    run.fail(`${b.o.obis} control_mode`, `reads ${meterMode.ok ? read : meterMode.error.message}; the profile says 0: the remote_disconnect is not sent`, { client: b.client, step: 1 });
    return;
  }
  const r = await command(env, b.a, b.o, REMOTE_DISCONNECT);
  const after = await readSwitch(b.a, b.o);
  const closed = after.output === true && after.state === STATE.connected;
  run.expect(closed, `${env.sessions.client(b.client).name}: remote_disconnect in control mode 0`, `${resultText(r)}; ${after.text}`, `the breaker opened (${resultText(r)}): ${after.text}; in mode 0 it stays connected`, { client: b.client, step: 1 });
  if (!closed) await restore(env, run, b);
  run.notRun("manual disconnection in control mode 0", "needs a person to press the meter's button (DISC-005)", { step: 2 });
};
