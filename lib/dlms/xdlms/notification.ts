import type { ByteReader, ByteWriter } from "../bytes";
import { readData, writeData } from "../axdr/codec";
import type { TData } from "../axdr/data";
import { readCosemDateTime, writeCosemDateTime, type TCosemDateTime } from "../axdr/date-time";
import { DecodeFailure } from "../result";
import { readAttributeRef, writeAttributeRef, type TAttributeRef } from "./descriptors";

/** Unsolicited APDUs from the server (Green Book 9.5): Data-Notification (push) and Event-Notification-Request. */
export const DATA_NOTIFICATION_TAG = 0x0f;
export const EVENT_NOTIFICATION_TAG = 0xc2;

export interface TDataNotification {
  type: "data-notification";
  /** Long-Invoke-Id-And-Priority (4 bytes). */
  invoke: number;
  dateTime?: TCosemDateTime;
  body: TData;
}

export interface TEventNotification {
  type: "event-notification";
  time?: TCosemDateTime;
  attribute: TAttributeRef;
  value: TData;
}

/** The date-time of a notification: an octet string of 0 or 12 bytes. */
function readOptionalDateTime(r: ByteReader, what: string): TCosemDateTime | undefined {
  const n = r.length(`${what} length`);
  if (n === 0) return undefined;
  if (n !== 12) throw new DecodeFailure("invalid", `${what} of ${n} bytes, expected 12`, r.offset);
  return readCosemDateTime(r);
}

export function readDataNotification(r: ByteReader): TDataNotification {
  const invoke = r.u32("long-invoke-id-and-priority");
  const dateTime = readOptionalDateTime(r, "data-notification date-time");
  const body = readData(r);
  return dateTime ? { type: "data-notification", invoke, dateTime, body } : { type: "data-notification", invoke, body };
}

export function writeDataNotification(w: ByteWriter, m: TDataNotification): void {
  w.u8(DATA_NOTIFICATION_TAG).u32(m.invoke);
  if (m.dateTime) {
    w.u8(12);
    writeCosemDateTime(w, m.dateTime);
  } else w.u8(0);
  writeData(w, m.body);
}

export function readEventNotification(r: ByteReader): TEventNotification {
  const present = r.u8("time presence");
  const time = present ? readOptionalDateTime(r, "event-notification time") : undefined;
  const attribute = readAttributeRef(r);
  const value = readData(r);
  return time ? { type: "event-notification", time, attribute, value } : { type: "event-notification", attribute, value };
}

export function writeEventNotification(w: ByteWriter, m: TEventNotification): void {
  w.u8(EVENT_NOTIFICATION_TAG);
  if (m.time) {
    w.u8(1).u8(12);
    writeCosemDateTime(w, m.time);
  } else w.u8(0);
  writeAttributeRef(w, m.attribute);
  writeData(w, m.value);
}
