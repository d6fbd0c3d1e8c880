import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import { obisGroups } from "./context";

/**
 * Disconnect control (class 70 version 1, Blue Book 4.5.8) for the three uses a PRIME+ meter has:
 * the supply breaker (0-0:96.3.10) closed, the public lighting relays (0-k:96.3.10) open until the
 * lighting calendar or the Management client switches them, the M-Bus valves (0-b:24.4.0) open.
 * Control modes (where the profile fixes none): the breaker (1) remote disconnection, remote
 * reconnection only arming it for the customer's button; a lighting relay (2) switched on and off
 * remotely at once (remote_reconnect is transition a), as a lamp circuit is; a valve (1), since
 * a gas valve must be reopened on site. See meter/disconnector.ts for the transitions.
 */

interface TSwitchState {
  connected: boolean;
  mode: number;
}

/** control_state: (0) disconnected, (1) connected. */
const DISCONNECTED = 0;
const CONNECTED = 1;

function stateOf(object: TProfileObject): TSwitchState {
  const [a, b, c, d_] = obisGroups(object.obis);
  if (a === 0 && b >= 1 && c === 96 && d_ === 3) return { connected: false, mode: 2 };
  if (a === 0 && c === 24 && d_ === 4) return { connected: true, mode: 1 };
  return { connected: true, mode: 1 };
}

export function disconnectControlAttribute(object: TProfileObject, index: number): TData | undefined {
  const state = stateOf(object);
  switch (index) {
    case 2:
      return d.bool(state.connected);
    case 3:
      return d.enum(state.connected ? CONNECTED : DISCONNECTED);
    case 4:
      return d.enum(state.mode);
    default:
      return undefined;
  }
}
