import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { instantOfDateTime } from "../../dlms/axdr/date-time";
import { unitBySymbol } from "../../dlms/cosem/units";
import type { TProfileObject } from "../../profile/schema";
import type { TValueContext } from "./context";
import { meterDateTime } from "./clock";
import { NOT_SPECIFIED_DATE_TIME } from "./date-times";
import { requiredAttributeValue } from "./parameters";
import { registerValueAtStart } from "./quantities";

/**
 * Register (3), Extended register (4) and Demand register (5), Blue Book; types
 * checked against Gurux.DLMS.Python 1.0.197 GXDLMSRegister, GXDLMSExtendedRegister,
 * GXDLMSDemandRegister. A freshly started meter: no maximum captured yet, the demand period in
 * progress began at the last period boundary, the status words clear.
 */

/** scaler_unit: structure {integer scaler, enum unit}, the unit by its symbol in the Blue Book table. */
export function scalerUnit(object: TProfileObject): TData {
  const su = object.scalerUnit ?? { scaler: 0, unit: "count" };
  const unit = unitBySymbol(su.unit);
  if (!unit) throw new Error(`${object.id}: unit "${su.unit}" is not in the Blue Book unit table`);
  return d.struct(d.i8(su.scaler), d.enum(unit.code));
}

const value = (object: TProfileObject, index: number, ctx: TValueContext): TData =>
  requiredAttributeValue(ctx.profile, object, index) ?? registerValueAtStart(object, ctx.profile);

/** Status of a register's value (CHOICE, here unsigned): no flag set. */
const CLEAR_STATUS = d.u8(0);
const DEFAULT_DEMAND_PERIOD_S = 900;

export function registerAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  if (index === 2) return value(object, index, ctx);
  if (index === 3) return scalerUnit(object);
  if (object.classId !== 4) return undefined;
  if (index === 4) return CLEAR_STATUS;
  if (index === 5) return d.dateTime(NOT_SPECIFIED_DATE_TIME);
  return undefined;
}

/** Start of the demand period in progress: the last multiple of the period since local midnight. */
function periodStart(ctx: TValueContext, periodS: number): number {
  if (periodS <= 0) return ctx.startedAt;
  const local = meterDateTime(ctx.profile, ctx.startedAt);
  const midnight = instantOfDateTime({ ...local, hour: 0, minute: 0, second: 0, hundredths: 0 }) ?? ctx.startedAt;
  const elapsed = ctx.startedAt - midnight;
  return midnight + Math.floor(elapsed / (periodS * 1000)) * periodS * 1000;
}

export function demandRegisterAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const period = requiredAttributeValue(ctx.profile, object, 8) ?? d.u32(DEFAULT_DEMAND_PERIOD_S);
  switch (index) {
    case 2:
    case 3:
      return value(object, index, ctx);
    case 4:
      return scalerUnit(object);
    case 5:
      return CLEAR_STATUS;
    case 6:
    case 7:
      return d.dateTime(meterDateTime(ctx.profile, periodStart(ctx, numberOf(period) ?? DEFAULT_DEMAND_PERIOD_S)));
    case 8:
      return period;
    case 9:
      // Block demand: one period per average (number_of_periods = 1).
      return d.u16(1);
    default:
      return undefined;
  }
}
