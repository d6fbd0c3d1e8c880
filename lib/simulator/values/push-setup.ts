import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectByObis, objectsOfClass, type TValueContext } from "./context";
import { familyOf, HEAD_END } from "./addresses";
import { dateTimeOctets, NOT_SPECIFIED_DATE_TIME } from "./date-times";
import { LOAD_PROFILE_1, LOGICAL_DEVICE_NAME, logicalName, NO_OBJECT, pushInstance } from "./references";

/**
 * Push setup (class 40, Blue Book, versions 0 to 2): what each push sends, where and how.
 * The alarm push (0-4:25.9.0.255) sends the logical device name and the alarm registers, the
 * interval push (0-1:25.9.0.255) the logical device name and the load profile 1 buffer, any other
 * push the logical device name; all go to the head end over the cellular TCP-UDP setup.
 * Types checked against Gurux.DLMS.Python 1.0.197 GXDLMSPushSetup.
 */

const ALARM_PUSH = 4;
const INTERVAL_PUSH = 1;

/** Objects and attributes pushed, as (obis, attribute) pairs of objects the profile has. */
function pushed(profile: TUserProfile, object: TProfileObject): { obis: string; attribute: number }[] {
  const items = [{ obis: LOGICAL_DEVICE_NAME, attribute: 2 }];
  const instance = pushInstance(object);
  if (instance === ALARM_PUSH) items.push(...profile.alarms.registers.map((r) => ({ obis: r.object.obis, attribute: 2 })));
  if (instance === INTERVAL_PUSH) items.push({ obis: LOAD_PROFILE_1, attribute: 2 });
  return items.filter((i) => objectByObis(profile, i.obis) !== undefined);
}

/**
 * push_object_list elements: version 0 and 1 the capture object definition {class_id, logical_name,
 * attribute_index, data_index}; version 2 adds a restriction {restriction_type (0) none, null} and
 * the columns (none: the whole attribute), as Gurux.DLMS.Python 1.0.197 reads version 2 lists.
 */
function pushObjectList(profile: TUserProfile, object: TProfileObject): TData {
  return d.array(
    pushed(profile, object).map((item) => {
      const definition = [d.u16(objectByObis(profile, item.obis)!.classId), logicalName(item.obis), d.i8(item.attribute), d.u16(0)];
      return object.version >= 2 ? d.struct(...definition, d.struct(d.enum(0), d.null()), d.array([])) : d.struct(...definition);
    }),
  );
}

/** transport_service (0) TCP; message (0) A-XDR encoded xDLMS APDU. */
const TCP = 0;
const AXDR_APDU = 0;
const RETRIES = 3;
/** Alarms go out at once; interval pushes are spread over two minutes so that a network of meters does not push together. */
const RANDOMISATION_S = { alarm: 5, other: 120 } as const;
/** Version 2 repetition delay {min, exponent (in hundredths, 200 = each delay doubles), max}, seconds. */
const REPETITION = { min: 30, exponent: 200, max: 900 } as const;
const REPETITION_DELAY_V0_S = 60;
/** push_operation_method (0): unconfirmed, retried when the transport fails. */
const UNCONFIRMED = 0;

function portReference(profile: TUserProfile): TData {
  const setups = objectsOfClass(profile, 41);
  const port = setups.find((o) => familyOf(profile, o) === "cellular") ?? setups[0];
  return port ? logicalName(port.obis) : NO_OBJECT;
}

/** Pushes are addressed to the head end's management application (the Management client's SAP). */
function pushClientSap(profile: TUserProfile): number {
  return profile.clients.find((c) => c.id === "management")?.sap ?? 1;
}

export function pushSetupAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return pushObjectList(ctx.profile, object);
    case 3:
      return d.struct(d.enum(TCP), d.octets(new TextEncoder().encode(HEAD_END)), d.enum(AXDR_APDU));
    case 4:
      // No communication window: the push may run at any time.
      return d.array([]);
    case 5:
      return d.u16(pushInstance(object) === ALARM_PUSH ? RANDOMISATION_S.alarm : RANDOMISATION_S.other);
    case 6:
      return d.u8(RETRIES);
    case 7:
      return object.version >= 2 ? d.struct(d.u16(REPETITION.min), d.u16(REPETITION.exponent), d.u16(REPETITION.max)) : d.u16(REPETITION_DELAY_V0_S);
    default:
      break;
  }
  if (object.version < 1) return undefined;
  switch (index) {
    case 8:
      return portReference(ctx.profile);
    case 9:
      return d.i8(pushClientSap(ctx.profile));
    case 10:
      return d.array([]);
    default:
      break;
  }
  if (object.version < 2) return undefined;
  switch (index) {
    case 11:
      return d.enum(UNCONFIRMED);
    case 12:
      // confirmation_parameters {confirmation_start_date, confirmation_interval}: no confirmation asked.
      return d.struct(dateTimeOctets(NOT_SPECIFIED_DATE_TIME), d.u32(0));
    case 13:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    default:
      return undefined;
  }
}
