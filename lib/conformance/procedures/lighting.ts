import { actionResultName } from "../../dlms/xdlms/results";
import { inClientView } from "../../profile/view";
import type { TCause } from "./causes";
import { causeAndFind, loggedEvent, type TLoggedEvent } from "./events";
import { command, readSwitch, resultText, STATE, switcher, type TSwitch } from "./disconnect";
import { associationOf, boundObject, DENIED, operatorConfirms, type TProcedure } from "./util";

/**
 * Public lighting (testbook chapter "public-lighting", PRIME+ white paper: Output Relay Control):
 * the Management client switches a lighting relay (Disconnect control, class 70) on with
 * remote_reconnect and off with remote_disconnect, its states follow, the other relays stay as they
 * are, the Reading client cannot switch it, and the public lighting log records both switchings
 * (PL-001). The operator watches the lamp; the relay ends as it was found.
 */
const REMOTE_DISCONNECT = 1;
const REMOTE_RECONNECT = 2;

/** PL-001: the bound relay switches on and off on the Management client's commands only. */
export const relaySwitch: TProcedure = async (env, run, question) => {
  const relay = boundObject(env, run);
  const client = switcher(env, relay);
  if (!client) {
    run.notRun(run.test.title, "no client of the profile may run remote_disconnect and remote_reconnect of this relay");
    return;
  }
  const a = await associationOf(env, run, client);
  if (!a) return;
  const name = env.sessions.client(client).name;
  const others = env.profile.objects.filter((o) => o.classId === 70 && o.group === "public-lighting" && o.obis !== relay.obis);
  const initial = await readSwitch(a, relay);
  if (initial.state !== STATE.disconnected) await command(env, a, relay, REMOTE_DISCONNECT);
  const off = initial.state === STATE.disconnected ? initial : await readSwitch(a, relay);
  if (off.state !== STATE.disconnected) {
    run.inconclusive(`${relay.obis} off first`, `the relay could not be switched off before the test: ${off.text}`, { client });
    return;
  }
  const reading = env.profile.clients.find((c) => c.id === "reading" && relay.methods.find((m) => m.index === REMOTE_RECONNECT)?.access.reading !== "X");
  const ra = reading ? await associationOf(env, run, reading.id) : undefined;
  if (reading && ra) {
    const r = await command(env, ra, relay, REMOTE_RECONNECT);
    const after = await readSwitch(a, relay);
    const want = inClientView(relay, reading.id) ? DENIED.readWriteDenied : DENIED.objectUndefined;
    run.expect(r === want && after.output === false, `${reading.name}: ACTION ${relay.obis} method 2 (remote_reconnect)`, `refused with ${actionResultName(want)}; the relay stays off`, `${resultText(r)} (${actionResultName(want)} expected); ${after.text}`, { client: reading.id, step: 1 });
    if (after.state !== STATE.disconnected) await command(env, a, relay, REMOTE_DISCONNECT);
  }
  const readOthers = async () => {
    const states: TSwitch[] = [];
    for (const o of others) states.push(await readSwitch(a, o));
    return states;
  };
  const othersBefore = await readOthers();
  const seen: { on?: TSwitch; off?: TSwitch; results: Array<number | string> } = { results: [] };
  const cause: TCause = {
    events: [],
    what: `${name} switches ${relay.obis} on (remote_reconnect) and off (remote_disconnect)`,
    run: async () => {
      seen.results.push(await command(env, a, relay, REMOTE_RECONNECT));
      seen.on = await readSwitch(a, relay);
      seen.results.push(await command(env, a, relay, REMOTE_DISCONNECT));
      seen.off = await readSwitch(a, relay);
      return typeof seen.results[0] === "string" ? seen.results[0] : null;
    },
  };
  const relayNumber = Number(relay.obis.split(/[-:.]/)[1]);
  const events = [`lighting-relay-${relayNumber}-on`, `lighting-relay-${relayNumber}-off`].map((id) => loggedEvent(env, id)).filter((e): e is TLoggedEvent => e !== undefined);
  if (events.length) await causeAndFind(env, run, cause, events, 4);
  else await cause.run(env);
  const [on, offResult] = seen.results;
  run.expect(on === 0 && seen.on?.output === true && seen.on.state === STATE.connected, `${name}: ${relay.obis} remote_reconnect`, `${resultText(on ?? "not sent")}; ${seen.on?.text}`, `${resultText(on ?? "not sent")}; ${seen.on?.text ?? "not read"} (output_state true, control_state connected (1) expected)`, { client, step: 2 });
  run.expect(offResult === 0 && seen.off?.output === false && seen.off.state === STATE.disconnected, `${name}: ${relay.obis} remote_disconnect`, `${resultText(offResult ?? "not sent")}; ${seen.off?.text}`, `${resultText(offResult ?? "not sent")}; ${seen.off?.text ?? "not read"} (output_state false, control_state disconnected (0) expected)`, { client, step: 3 });
  const othersAfter = await readOthers();
  const moved = others.flatMap((o, i) => (othersBefore[i]!.output !== othersAfter[i]!.output ? [`${o.obis} (${othersBefore[i]!.text} → ${othersAfter[i]!.text})`] : []));
  if (others.length) run.expect(moved.length === 0, `the other ${others.length} lighting relays`, "unchanged", `switched too: ${moved.join("; ")}`, { client, step: 2 });
  await operatorConfirms(env, run, question, `the lamp of ${relay.name} did not switch on and off as commanded`, { step: 2 });
  if (initial.state === STATE.connected) await command(env, a, relay, REMOTE_RECONNECT);
};
