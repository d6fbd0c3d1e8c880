import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import { objectsOfClass, type TValueContext } from "./context";
import { logicalName, NO_OBJECT } from "./references";

/**
 * M-Bus master port setup (class 74, Blue Book) and M-Bus client (class 72 version 1):
 * the wired M-Bus at 2400 Bd (EN 13757-2), every channel without an installed slave until the
 * Management client installs one. Types checked against Gurux.DLMS.Python 1.0.197
 * GXDLMSMBusMasterPortSetup and GXDLMSMBusClient.
 */

/** comm_speed (3): 2400 Bd. */
const BAUD_2400 = 3;
/** Slaves are read every hour once installed. */
const CAPTURE_PERIOD_S = 3600;
/** encryption_key_status (0): no encryption key. */
const NO_KEY = 0;

export function mbusMasterPortAttribute(_object: TProfileObject, index: number): TData | undefined {
  return index === 2 ? d.enum(BAUD_2400) : undefined;
}

export function mbusClientAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2: {
      const port = objectsOfClass(ctx.profile, 74)[0];
      return port ? logicalName(port.obis) : NO_OBJECT;
    }
    case 3:
      return d.array([]);
    case 4:
      return d.u32(CAPTURE_PERIOD_S);
    case 5:
    case 8:
    case 9:
    case 10:
    case 11:
    case 12:
      return d.u8(0);
    case 6:
      return d.u32(0);
    case 7:
      return d.u16(0);
    default:
      break;
  }
  if (object.version < 1) return undefined;
  if (index === 13) return d.u16(0);
  if (index === 14) return d.enum(NO_KEY);
  return undefined;
}
