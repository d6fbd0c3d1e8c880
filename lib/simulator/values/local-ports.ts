import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import type { TValueContext } from "./context";

/**
 * The optical port: IEC local port setup (class 19 version 1, Blue Book) and IEC HDLC setup
 * (class 23 version 1). Types checked against Gurux.DLMS.Python 1.0.197
 * GXDLMSIECLocalPortSetup and GXDLMSHdlcSetup.
 */

/** default_mode (0): IEC 62056-21 protocol, mode E switching to the HDLC profile. */
const MODE_E = 0;
/** Baud rate enumeration: (0) 300 ... (5) 9600. */
const BAUD_300 = 0;
const BAUD_9600 = 5;
/** response_time (1): 200 ms. */
const RESPONSE_200_MS = 1;

/** HDLC defaults of IEC 62056-46 (window 1, 128-byte information fields, 25 ms inter-octet time-out). */
const HDLC_WINDOW = 1;
const HDLC_MAX_INFO = 128;
const HDLC_INTER_OCTET_MS = 25;
const HDLC_INACTIVITY_S = 120;
/** Lowest physical device address of the server range (0x10), as single-meter optical ports use. */
const HDLC_DEVICE_ADDRESS = 0x10;

export function localPortAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return d.enum(MODE_E);
    case 3:
      return d.enum(BAUD_300);
    case 4:
      return d.enum(BAUD_9600);
    case 5:
      return d.enum(RESPONSE_200_MS);
    case 6:
      // The device address of the sign-on request: the serial number, as the nameplate shows it.
      return d.octets(new TextEncoder().encode(ctx.meter.serialNumber));
    default:
      return undefined;
  }
}

export function hdlcSetupAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
      return d.enum(BAUD_9600);
    case 3:
    case 4:
      return d.u8(HDLC_WINDOW);
    case 5:
    case 6:
      return d.u16(HDLC_MAX_INFO);
    case 7:
      return d.u16(HDLC_INTER_OCTET_MS);
    case 8:
      return d.u16(HDLC_INACTIVITY_S);
    case 9:
      return d.u16(HDLC_DEVICE_ADDRESS);
    default:
      return undefined;
  }
}
