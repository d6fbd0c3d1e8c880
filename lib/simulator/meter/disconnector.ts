import { d, numberOf } from "../../dlms/axdr/data";
import { obisGroups } from "../values/context";
import { MAIN_DISCONNECTOR } from "../values/references";
import type { SimMeter } from "./meter";
import { RESULT, type TMethodOutcome, type TSimObject } from "./object";

/**
 * The state machine of Disconnect control (class 70, Blue Book 4.5.8): control_state (3) is
 * disconnected (0), connected (1) or ready_for_reconnection (2), output_state (2) is true only when
 * connected. Transitions: remote_disconnect from connected (b) or ready (c) to disconnected;
 * remote_reconnect from disconnected to connected directly (a) in control modes 2 and 4, to ready
 * (d) in modes 1, 3, 5 and 6; the customer's button from ready to connected (e), and from
 * connected to ready (f) in modes 1, 2 and 5. Mode 0 is always connected and ignores commands.
 * The supply breaker logs the disconnect control events, a public lighting relay 0-k:96.3.10.255
 * its "lighting relay k on/off" events; other disconnectors log nothing here.
 */
export const STATE = { disconnected: 0, connected: 1, ready: 2 } as const;

const REMOTE_RECONNECTS_DIRECTLY = new Set([2, 4]);
const MANUAL_DISCONNECTION = new Set([1, 2, 5]);

const modeOf = (o: TSimObject): number => numberOf(o.values.get(4) ?? d.enum(1)) ?? 1;
const stateOf = (o: TSimObject): number => numberOf(o.values.get(3) ?? d.enum(STATE.connected)) ?? STATE.connected;

/** The lighting relay number of a public lighting output (0-k:96.3.10.255, k ≥ 1), else undefined. */
function relayOf(o: TSimObject): number | undefined {
  const [a, b, c, d_, e] = obisGroups(o.obis);
  return a === 0 && b >= 1 && c === 96 && d_ === 3 && e === 10 ? b : undefined;
}

function moveTo(meter: SimMeter, o: TSimObject, state: number, event: { breaker: string; relay: boolean | null }): void {
  o.values.set(3, d.enum(state));
  o.values.set(2, d.bool(state === STATE.connected));
  const relay = relayOf(o);
  if (o.obis === MAIN_DISCONNECTOR) meter.recordEvent(event.breaker);
  else if (relay !== undefined && event.relay !== null) meter.recordEvent(`lighting-relay-${relay}-${event.relay ? "on" : "off"}`);
}

export function remoteDisconnect(meter: SimMeter, o: TSimObject): TMethodOutcome {
  if (modeOf(o) === 0) return { result: RESULT.temporaryFailure };
  if (stateOf(o) !== STATE.disconnected) moveTo(meter, o, STATE.disconnected, { breaker: "remote-disconnection", relay: false });
  return { result: RESULT.success };
}

export function remoteReconnect(meter: SimMeter, o: TSimObject): TMethodOutcome {
  const mode = modeOf(o);
  if (mode === 0) return { result: RESULT.temporaryFailure };
  if (stateOf(o) !== STATE.disconnected) return { result: RESULT.success };
  if (REMOTE_RECONNECTS_DIRECTLY.has(mode)) moveTo(meter, o, STATE.connected, { breaker: "remote-connection", relay: true });
  else moveTo(meter, o, STATE.ready, { breaker: "ready-for-manual-reconnection", relay: null });
  return { result: RESULT.success };
}

/** The customer presses the meter's button: what it does depends on the state and the control mode. */
export function pressButton(meter: SimMeter, obis: string = MAIN_DISCONNECTOR): string {
  const o = meter.objects.get(obis);
  if (!o || o.classId !== 70) return `the meter has no disconnector ${obis}`;
  meter.advance();
  const mode = modeOf(o);
  const state = stateOf(o);
  if (mode === 0) return "control mode 0: the button does nothing";
  if (state === STATE.ready) {
    moveTo(meter, o, STATE.connected, { breaker: "manual-connection", relay: true });
    return "the breaker closed (manual reconnection)";
  }
  if (state === STATE.connected && MANUAL_DISCONNECTION.has(mode)) {
    moveTo(meter, o, STATE.ready, { breaker: "manual-disconnection", relay: false });
    return "the breaker opened (manual disconnection)";
  }
  return `control mode ${mode}, state ${state}: the button does nothing`;
}
