import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectByObis, objectsOfClass, obisGroups, type TValueContext } from "./context";
import { NOT_SPECIFIED_DATE_TIME, dateTimeOctets } from "./date-times";
import { registerRaw } from "./quantities";
import { ACTIVE_POWER_IMPORT, logicalName, NO_OBJECT, SCRIPT_TABLES } from "./references";

/**
 * Register monitor (class 21, Blue Book) and Limiter (class 71), both watching the
 * active power import against the contracted power: the limiter disconnects above it, the monitor
 * warns at 90 % of it. Thresholds have the type and scaler of the watched register. Types checked
 * against Gurux.DLMS.Python 1.0.197 GXDLMSRegisterMonitor and GXDLMSLimiter.
 */

/** The watched value: the profile's monitored value for the object, else active power import, else any instantaneous active power. */
function watched(profile: TUserProfile, object: TProfileObject): TProfileObject | undefined {
  const named = object.monitoredValue ? objectByObis(profile, object.monitoredValue.obis) : undefined;
  return (
    named ??
    objectByObis(profile, ACTIVE_POWER_IMPORT) ??
    objectsOfClass(profile, 3).find((o) => {
      const [a, , c, d_] = obisGroups(o.obis);
      return a === 1 && c === 1 && d_ === 7;
    })
  );
}

/** Contracted power: 80 % of what the meter can carry (phases × nominal voltage × maximum current), in whole 100 W (or VA, for a limiter watching apparent power). */
export function contractedPowerW(profile: TUserProfile): number {
  const { phases, nominalVoltageV, maximumCurrentA } = profile.electrical;
  return Math.round((phases * nominalVoltageV * maximumCurrentA * 0.8) / 100) * 100;
}

function threshold(profile: TUserProfile, object: TProfileObject, watts: number): TData {
  const target = watched(profile, object);
  return target ? registerRaw(target, profile, watts) : d.u32(watts);
}

function monitoredValue(profile: TUserProfile, object: TProfileObject): TData {
  const target = watched(profile, object);
  return d.struct(d.u16(target?.classId ?? 3), target ? logicalName(target.obis) : NO_OBJECT, d.i8(object.monitoredValue?.attribute ?? 2));
}

const WARNING_SHARE = 0.9;
const MIN_DURATION_S = 60;
/** Disconnect control script table selectors: 1 disconnect, 2 reconnect. */
const DISCONNECT_SCRIPT = 1;
const RECONNECT_SCRIPT = 2;
const EMERGENCY_PROFILE_ID = 1;

export function registerMonitorAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  switch (index) {
    case 2:
      return d.array([threshold(ctx.profile, object, contractedPowerW(ctx.profile) * WARNING_SHARE)]);
    case 3:
      return monitoredValue(ctx.profile, object);
    case 4:
      // No script: crossing the warning threshold raises the meter's own demand event.
      return d.array([d.struct(d.struct(NO_OBJECT, d.u16(0)), d.struct(NO_OBJECT, d.u16(0)))]);
    default:
      return undefined;
  }
}

export function limiterAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const contracted = contractedPowerW(ctx.profile);
  const disconnectScripts = logicalName(SCRIPT_TABLES.disconnect);
  switch (index) {
    case 2:
      return monitoredValue(ctx.profile, object);
    case 3:
    case 4:
      return threshold(ctx.profile, object, contracted);
    case 5:
      return threshold(ctx.profile, object, contracted / 2);
    case 6:
    case 7:
      return d.u32(MIN_DURATION_S);
    case 8:
      // emergency_profile {id, activation_time, duration}: none planned.
      return d.struct(d.u16(EMERGENCY_PROFILE_ID), dateTimeOctets(NOT_SPECIFIED_DATE_TIME), d.u32(0));
    case 9:
      return d.array([d.u16(EMERGENCY_PROFILE_ID)]);
    case 10:
      return d.bool(false);
    case 11:
      return d.struct(d.struct(disconnectScripts, d.u16(DISCONNECT_SCRIPT)), d.struct(disconnectScripts, d.u16(RECONNECT_SCRIPT)));
    default:
      return undefined;
  }
}
