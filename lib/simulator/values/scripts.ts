import { d, numberOf, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectsOfClass, obisGroups, type TValueContext } from "./context";
import { executionTime, NOT_SPECIFIED_DATE, timeOfDay } from "./date-times";
import { tariffScripts } from "./calendars";
import { requiredAttributeValue } from "./parameters";
import {
  EXECUTE_METHOD,
  IMAGE_TRANSFER,
  LOAD_PROFILE_1,
  MAIN_DISCONNECTOR,
  MONTHLY_BILLING,
  REMOTE_DISCONNECT,
  REMOTE_RECONNECT,
  SCRIPT_TABLES,
  lightingRelays,
  logicalName,
  objectOr,
  pushInstance,
  pushSetups,
  relayScript,
} from "./references";

/**
 * Script tables (class 9, Blue Book) and Single action schedules (class 22): each script
 * table holds the scripts its OBIS code stands for, each acting on the objects of the profile; each
 * schedule runs the script of its purpose. Types checked against Gurux.DLMS.Python 1.0.197
 * GXDLMSScriptTable and GXDLMSActionSchedule.
 */

/** action_specification: structure {service_id enum, class_id long-unsigned, logical_name, index integer, parameter}. */
const execute = (classId: number, obis: string, method: number): TData =>
  d.struct(d.enum(EXECUTE_METHOD), d.u16(classId), logicalName(obis), d.i8(method), d.i8(0));
const script = (id: number, actions: TData[]): TData => d.struct(d.u16(id), d.array(actions));

/** Profile generic methods: 1 reset, 2 capture; Extended register 1 reset; Image transfer 4 image_activate; Push setup 1 push. */
const RESET = 1;
const CAPTURE = 2;
const IMAGE_ACTIVATE = 4;
const PUSH = 1;

function billingScripts(profile: TUserProfile): TData[] {
  const billing = objectOr(profile, MONTHLY_BILLING, 7);
  const maximumDemands = objectsOfClass(profile, 4).filter((o) => obisGroups(o.obis)[3] === 6);
  const actions = [...(billing ? [execute(7, billing.obis, CAPTURE)] : []), ...maximumDemands.map((o) => execute(4, o.obis, RESET))];
  return [script(1, actions)];
}

function disconnectScripts(profile: TUserProfile): TData[] {
  const breaker = objectOr(profile, MAIN_DISCONNECTOR, 70)?.obis ?? MAIN_DISCONNECTOR;
  return [script(1, [execute(70, breaker, REMOTE_DISCONNECT)]), script(2, [execute(70, breaker, REMOTE_RECONNECT)])];
}

function lightingScripts(profile: TUserProfile): TData[] {
  return lightingRelays(profile).flatMap((relay, i) => [
    script(relayScript(i + 1, true), [execute(70, relay.obis, REMOTE_RECONNECT)]),
    script(relayScript(i + 1, false), [execute(70, relay.obis, REMOTE_DISCONNECT)]),
  ]);
}

/** Global meter reset: what the manufacturer clears is its choice; here every profile and log. */
function globalResetScripts(profile: TUserProfile): TData[] {
  return [script(1, objectsOfClass(profile, 7).map((o) => execute(7, o.obis, RESET)))];
}

function scriptsOf(object: TProfileObject, profile: TUserProfile): TData[] {
  switch (object.obis) {
    case SCRIPT_TABLES.tariffs:
      return tariffScripts(profile);
    case SCRIPT_TABLES.billing:
      return billingScripts(profile);
    case SCRIPT_TABLES.disconnect:
      return disconnectScripts(profile);
    case SCRIPT_TABLES.lighting:
      return lightingScripts(profile);
    case SCRIPT_TABLES.imageActivation:
      return [script(1, [execute(18, objectOr(profile, IMAGE_TRANSFER, 18)?.obis ?? IMAGE_TRANSFER, IMAGE_ACTIVATE)])];
    case SCRIPT_TABLES.push:
      return pushSetups(profile).map((p) => script(pushInstance(p), [execute(40, p.obis, PUSH)]));
    case SCRIPT_TABLES.globalReset:
      return globalResetScripts(profile);
    default:
      return [];
  }
}

export function scriptTableAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  return index === 2 ? d.array(scriptsOf(object, ctx.profile)) : undefined;
}

/**
 * Single action schedule types: (1) one execution time, wildcards in the date allowed;
 * (5) several, times may differ, wildcards in the date allowed.
 */
const ONE_TIME = 1;
const MANY_TIMES = 5;

/** Times of day every `period` seconds from midnight, the hour a wildcard when the period divides an hour. */
function everyPeriod(period: number): TData[] {
  if (period > 0 && period < 3600 && 3600 % period === 0) {
    const times: TData[] = [];
    for (let t = 0; t < 3600; t += period) times.push(executionTime(timeOfDay(null, Math.floor(t / 60), t % 60), NOT_SPECIFIED_DATE));
    return times;
  }
  if (period > 0 && 86_400 % period === 0) {
    const times: TData[] = [];
    for (let t = 0; t < 86_400; t += period) times.push(executionTime(timeOfDay(Math.floor(t / 3600), Math.floor(t / 60) % 60, t % 60), NOT_SPECIFIED_DATE));
    return times;
  }
  return [executionTime(timeOfDay(0, 0), NOT_SPECIFIED_DATE)];
}

interface TSchedule {
  script: string;
  selector: number;
  times: TData[];
}

const DEFAULT_BILLING_DAY = 1;

function scheduleOf(object: TProfileObject, ctx: TValueContext): TSchedule {
  const [, b, , , e] = obisGroups(object.obis);
  switch (e) {
    case 0: {
      const fixed = requiredAttributeValue(ctx.profile, object, 4);
      const times = fixed?.type === "array" ? fixed.items : [executionTime(timeOfDay(0, 0), { ...NOT_SPECIFIED_DATE, day: DEFAULT_BILLING_DAY })];
      return { script: SCRIPT_TABLES.billing, selector: 1, times };
    }
    case 1:
      // Nothing planned: an empty execution_time until the Management client schedules a disconnection.
      return { script: SCRIPT_TABLES.disconnect, selector: 1, times: [] };
    case 2:
      return { script: SCRIPT_TABLES.imageActivation, selector: 1, times: [] };
    case 4: {
      const profile = objectOr(ctx.profile, LOAD_PROFILE_1, 7);
      const period = (profile && numberOf(requiredAttributeValue(ctx.profile, profile, 4) ?? d.u32(900))) ?? 900;
      return { script: SCRIPT_TABLES.push, selector: b, times: everyPeriod(period) };
    }
    default:
      return { script: SCRIPT_TABLES.billing, selector: 1, times: [] };
  }
}

export function singleActionScheduleAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const schedule = scheduleOf(object, ctx);
  switch (index) {
    case 2:
      return d.struct(logicalName(schedule.script), d.u16(schedule.selector));
    case 3:
      return d.enum(schedule.times.length > 1 ? MANY_TIMES : ONE_TIME);
    case 4:
      return d.array(schedule.times);
    default:
      return undefined;
  }
}
