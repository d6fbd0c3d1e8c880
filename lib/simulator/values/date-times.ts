import { ByteWriter } from "../../dlms/bytes";
import { d, type TData } from "../../dlms/axdr/data";
import { writeCosemDate, writeCosemDateTime, writeCosemTime, type TCosemDate, type TCosemDateTime, type TCosemTime } from "../../dlms/axdr/date-time";

/**
 * Date and time values inside structures (schedules, calendars, windows) are octet-strings holding
 * the Blue Book date and time formats (12, 5 or 4 bytes): that is how the class definitions type them, and
 * what Gurux.DLMS.Python 1.0.197 parses there (it rejects the date-time tag inside a
 * season_profile or execution_time).
 */

export const NOT_SPECIFIED_DATE: TCosemDate = { year: null, month: null, day: null, dayOfWeek: null };
export const NOT_SPECIFIED_TIME: TCosemTime = { hour: null, minute: null, second: null, hundredths: null };
export const NOT_SPECIFIED_DATE_TIME: TCosemDateTime = { ...NOT_SPECIFIED_DATE, ...NOT_SPECIFIED_TIME, deviation: null, status: null };

export function dateTimeOctets(value: TCosemDateTime): TData {
  const w = new ByteWriter();
  writeCosemDateTime(w, value);
  return d.octets(w.finish());
}

export function dateOctets(value: TCosemDate): TData {
  const w = new ByteWriter();
  writeCosemDate(w, value);
  return d.octets(w.finish());
}

export function timeOctets(value: TCosemTime): TData {
  const w = new ByteWriter();
  writeCosemTime(w, value);
  return d.octets(w.finish());
}

/** One execution time of a Single action schedule (Blue Book): structure {time, date}. */
export const executionTime = (time: TCosemTime, date: TCosemDate): TData => d.struct(timeOctets(time), dateOctets(date));

/** A time of day to the second, hundredths zero. */
export const timeOfDay = (hour: number | null, minute: number, second = 0): TCosemTime => ({ hour, minute, second, hundredths: 0 });

/**
 * A date-time, date or time value written as the octet-string the Blue Book also allows for it;
 * any other value unchanged. Gurux.DLMS.Python 1.0.197 accepts only this form for the Token gateway
 * token_time, and most meters answer date-time attributes this way.
 */
export function dateTimeAsOctetString(value: TData): TData {
  switch (value.type) {
    case "date-time":
      return dateTimeOctets(value.value);
    case "date":
      return dateOctets(value.value);
    case "time":
      return timeOctets(value.value);
    default:
      return value;
  }
}
