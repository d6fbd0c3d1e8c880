import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject, TUserProfile } from "../../profile/schema";
import { objectByObis, objectsOfClass, obisGroups, type TValueContext } from "./context";
import { meterDateTime } from "./clock";
import { NOT_SPECIFIED_DATE_TIME } from "./date-times";
import { logicalName, maskName, NO_OBJECT, tariffRates } from "./references";

/**
 * Prepayment (Blue Book payment classes: Account 111, Credit 112, Charge 113, Token gateway 115): an account
 * activated when the meter started, in prepayment mode, with 50.00 of token credit in use, an
 * emergency credit the customer may select, a consumption charge priced per tariff rate and a daily
 * standing charge. Amounts are in the account currency scaled by 10^-2. Types checked against
 * Gurux.DLMS.Python 1.0.197 GXDLMSAccount, GXDLMSCredit, GXDLMSCharge, GXDLMSTokenGateway.
 */

const CURRENCY = { name: "EUR", scale: -2, unit: 2 } as const;
const TOKEN_CREDIT = 5000;
const LOW_CREDIT = 1000;
const EMERGENCY_CREDIT = 1000;

/** payment_mode (2) prepayment; account_status (2) active. */
const PREPAYMENT = 2;
const ACTIVE = 2;
/** current_credit_status bits: bit 0 in credit. */
const IN_CREDIT = "10000000";

const credits = (profile: TUserProfile): TProfileObject[] => objectsOfClass(profile, 112);
const charges = (profile: TUserProfile): TProfileObject[] => objectsOfClass(profile, 113);
const instance = (object: TProfileObject): number => obisGroups(object.obis)[4];
const tokenCredit = (profile: TUserProfile): TProfileObject | undefined => credits(profile).find((c) => instance(c) === 0) ?? credits(profile)[0];

export function accountAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const token = tokenCredit(ctx.profile);
  switch (index) {
    case 2:
      return d.struct(d.enum(PREPAYMENT), d.enum(ACTIVE));
    case 3:
      // The credit in use, by its position in credit_reference_list: the token credit.
      return d.u8(1);
    case 4:
      return d.bits(IN_CREDIT);
    case 5:
      return d.i32(TOKEN_CREDIT);
    case 6:
    case 7:
    case 8:
    case 17:
      return d.i32(0);
    case 9:
      return d.array(credits(ctx.profile).map((c) => logicalName(c.obis)));
    case 10:
      return d.array(charges(ctx.profile).map((c) => logicalName(c.obis)));
    case 11:
      // Every charge is collected from the token credit; collection_configuration bits all clear.
      return d.array(token ? charges(ctx.profile).map((c) => d.struct(logicalName(token.obis), logicalName(c.obis), d.bits("000"))) : []);
    case 12:
      return d.array(token ? [d.struct(logicalName(token.obis), d.u8(100))] : []);
    case 13:
      return d.dateTime(meterDateTime(ctx.profile, ctx.startedAt));
    case 14:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    case 15:
      return d.struct(d.utf8(CURRENCY.name), d.i8(CURRENCY.scale), d.enum(CURRENCY.unit));
    case 16:
      return d.i32(LOW_CREDIT);
    case 18:
      return d.u16(0);
    case 19:
      return d.u32(0);
    default:
      return undefined;
  }
}

interface TCreditShape {
  amount: number;
  type: number;
  priority: number;
  warning: number;
  configuration: string;
  status: number;
  preset: number;
}

/**
 * credit_type (0) token, (2) emergency; credit_status (1) selectable, (3) in use; credit_configuration
 * bits: 0 visual indication, 1 confirmation for selection, 2 paid back, 3 resettable, 4 receives tokens.
 */
const TOKEN: TCreditShape = { amount: TOKEN_CREDIT, type: 0, priority: 1, warning: LOW_CREDIT, configuration: "00011", status: 3, preset: 0 };
const EMERGENCY: TCreditShape = { amount: 0, type: 2, priority: 2, warning: 200, configuration: "11100", status: 1, preset: EMERGENCY_CREDIT };

export function creditAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const shape = object.id === tokenCredit(ctx.profile)?.id ? TOKEN : EMERGENCY;
  switch (index) {
    case 2:
      return d.i32(shape.amount);
    case 3:
      return d.enum(shape.type);
    case 4:
      return d.u8(shape.priority);
    case 5:
      return d.i32(shape.warning);
    case 6:
    case 10:
      return d.i32(0);
    case 7:
      return d.bits(shape.configuration);
    case 8:
      return d.enum(shape.status);
    case 9:
      return d.i32(shape.preset);
    case 11:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    default:
      return undefined;
  }
}

const ENERGY_IMPORT = "1-0:1.8.0.255";
/** Prices per kWh in 10^-4 of the currency, peak first: 0.25, 0.18, 0.11. */
const RATE_PRICES = [2500, 1800, 1100] as const;
const STANDING_PER_DAY = 50;

/**
 * unit_charge: {charge_per_unit_scaling {commodity_scale, price_scale}, commodity {class_id,
 * logical_name, attribute_index}, charge_table array of {index, charge_per_unit}}.
 */
function unitCharge(object: TProfileObject, profile: TUserProfile): TData {
  if (instance(object) === 0) {
    const energy = objectByObis(profile, ENERGY_IMPORT);
    const table: TData[] = [];
    for (let rate = 1; rate <= tariffRates(profile); rate++) {
      table.push(d.struct(d.octets(new TextEncoder().encode(maskName(rate))), d.i16(RATE_PRICES[Math.min(rate, RATE_PRICES.length) - 1]!)));
    }
    // Energy in Wh priced per kWh (commodity scale -3) in 10^-4 of the currency (price scale -4).
    return d.struct(d.struct(d.i8(-3), d.i8(-4)), d.struct(d.u16(energy?.classId ?? 3), energy ? logicalName(energy.obis) : NO_OBJECT, d.i8(2)), d.array(table));
  }
  return d.struct(d.struct(d.i8(0), d.i8(CURRENCY.scale)), d.struct(d.u16(0), NO_OBJECT, d.i8(0)), d.array([d.struct(d.octets([]), d.i16(STANDING_PER_DAY))]));
}

/** A passive unit charge with nothing in it: no price change planned. */
const NO_UNIT_CHARGE = d.struct(d.struct(d.i8(0), d.i8(0)), d.struct(d.u16(0), NO_OBJECT, d.i8(0)), d.array([]));

/** charge_type (0) consumption based, (1) time based; collected every minute or once a day. */
export function chargeAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const consumption = instance(object) === 0;
  switch (index) {
    case 2:
    case 11:
    case 12:
      return d.i32(0);
    case 3:
      return d.enum(consumption ? 0 : 1);
    case 4:
      return d.u8(consumption ? 1 : 2);
    case 5:
      return unitCharge(object, ctx.profile);
    case 6:
      return NO_UNIT_CHARGE;
    case 7:
    case 10:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    case 8:
      return d.u32(consumption ? 60 : 86_400);
    case 9:
      return d.bits("00");
    case 13:
      return d.u16(0);
    default:
      return undefined;
  }
}

/** token_delivery_method (0) remote; token_status {status_code (0) format OK, data_value}. */
export function tokenGatewayAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
      return d.octets([]);
    case 3:
      return d.dateTime(NOT_SPECIFIED_DATE_TIME);
    case 4:
      return d.array([]);
    case 5:
      return d.enum(0);
    case 6:
      return d.struct(d.enum(0), d.bits(""));
    default:
      return undefined;
  }
}
