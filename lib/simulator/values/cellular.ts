import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import { objectsOfClass, obisGroups, type TValueContext } from "./context";
import { HEAD_END } from "./addresses";
import { meterDateTime } from "./clock";
import { dateTimeOctets, NOT_SPECIFIED_DATE_TIME, timeOfDay } from "./date-times";
import { logicalName, NO_OBJECT } from "./references";

/**
 * The cellular modem: Auto connect (class 29 version 2, Blue Book), PPP setup (44),
 * GPRS modem setup (45) and GSM diagnostic (47 version 1), for a 4G modem registered
 * on its home network and permanently connected. Types checked against Gurux.DLMS.Python 1.0.197
 * GXDLMSAutoConnect, GXDLMSPppSetup, GXDLMSGprsSetup, GXDLMSGSMDiagnostic.
 */

/** Auto connect mode (101): permanently connected (version 2). */
const PERMANENTLY_CONNECTED = 101;
const REPETITIONS = 3;
const REPETITION_DELAY_S = 60;

const text = (s: string): TData => d.octets(new TextEncoder().encode(s));

/** A window open all day, every day: start 00:00:00, end 23:59:59, every date field a wildcard. */
const ALL_DAY = d.struct(
  dateTimeOctets({ ...NOT_SPECIFIED_DATE_TIME, ...timeOfDay(0, 0, 0) }),
  dateTimeOctets({ ...NOT_SPECIFIED_DATE_TIME, ...timeOfDay(23, 59, 59) }),
);

export function autoConnectAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
      return d.enum(PERMANENTLY_CONNECTED);
    case 3:
      return d.u8(REPETITIONS);
    case 4:
      return d.u16(REPETITION_DELAY_S);
    case 5:
      return d.array([ALL_DAY]);
    case 6:
      return d.array([text(HEAD_END)]);
    default:
      return undefined;
  }
}

/** LCP option (1) maximum receive unit 1500; IPCP option (3) IP address 0.0.0.0, asking the network for one (RFC 1661, RFC 1332). */
const LCP_MRU = d.struct(d.enum(1), d.u8(4), d.u16(1500));
const IPCP_ADDRESS = d.struct(d.enum(3), d.u8(6), d.u32(0));

export function pppSetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2: {
      const modem = objectsOfClass(ctx.profile, 45).find((o) => obisGroups(o.obis)[1] === obisGroups(object.obis)[1]);
      return modem ? logicalName(modem.obis) : NO_OBJECT;
    }
    case 3:
      return d.array([LCP_MRU]);
    case 4:
      return d.array([IPCP_ADDRESS]);
    default:
      return undefined;
  }
}

/** An APN for profiles that do not name one. */
const DEFAULT_APN = "iot.example";
/** QoS profile (3GPP TS 23.107 R97): all zero = subscribed values. */
const SUBSCRIBED_QOS = d.struct(d.u8(0), d.u8(0), d.u8(0), d.u8(0), d.u8(0));

export function gprsSetupAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
      return text(DEFAULT_APN);
    case 4:
      return d.struct(SUBSCRIBED_QOS, SUBSCRIBED_QOS);
    default:
      return undefined;
  }
}

/** status (1) registered, home network; cs_attachment (0) inactive; ps_status (5) LTE. */
const REGISTERED_HOME = 1;
const CS_INACTIVE = 0;
const PS_LTE = 5;
/** The ITU-T E.212 test network (MCC 001, MNC 01), so that no real operator is named. */
const TEST_MCC = 1;
const TEST_MNC = 1;
const OPERATOR = "Test Network";
/** Serving cell: signal quality 0..31 as AT+CSQ (21 ≈ -71 dBm), bit error rate class 0, LTE channel (EARFCN) 1300. */
const SERVING = { cellId: 0x01a2b3c, locationId: 0x1f40, quality: 21, ber: 0, channel: 1300 } as const;
const NEIGHBOURS = [
  { cellId: 0x01a2b3d, quality: 17 },
  { cellId: 0x01a2c01, quality: 12 },
] as const;

export function gsmDiagnosticAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  // Version 0 has 16-bit cell ids and no network codes; version 1 widens the ids and adds MCC, MNC and channel.
  const cellId = (id: number): TData => (object.version === 0 ? d.u16(id & 0xffff) : d.u32(id));
  switch (index) {
    case 2:
      return d.visible(OPERATOR);
    case 3:
      return d.enum(REGISTERED_HOME);
    case 4:
      return d.enum(CS_INACTIVE);
    case 5:
      return d.enum(PS_LTE);
    case 6: {
      const common = [cellId(SERVING.cellId), d.u16(SERVING.locationId), d.u8(SERVING.quality), d.u8(SERVING.ber)];
      return object.version === 0 ? d.struct(...common) : d.struct(...common, d.u16(TEST_MCC), d.u16(TEST_MNC), d.u32(SERVING.channel));
    }
    case 7:
      return d.array(NEIGHBOURS.map((n) => d.struct(cellId(n.cellId), d.u8(n.quality))));
    case 8:
      return d.dateTime(meterDateTime(ctx.profile, ctx.startedAt));
    default:
      return undefined;
  }
}
