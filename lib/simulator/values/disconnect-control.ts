import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import { obisGroups } from "./context";

/**
 * Disconnect control (class 70 version 1, Blue Book) for the three uses a PRIME+ meter has:
 * the supply breaker (0-0:96.3.10) closed, the public lighting relays (0-k:96.3.10) open until the
 * lighting calendar switches them, the M-Bus valves (0-b:24.4.0) open. Control modes: (1)
 * remote disconnection and direct remote reconnection, (2) remote reconnection only arms the
 * reconnection, which the customer completes on site, as a gas valve must.
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
  if (a === 0 && b >= 1 && c === 96 && d_ === 3) return { connected: false, mode: 1 };
  if (a === 0 && c === 24 && d_ === 4) return { connected: true, mode: 2 };
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
