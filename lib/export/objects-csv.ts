import type { TReason, TUserProfile } from "../profile/schema";
import { toCsv } from "./csv";

export const OBJECTS_CSV_COLUMNS = [
  "object_id",
  "obis",
  "name",
  "class_id",
  "class_name",
  "version",
  "group",
  "client",
  "client_sap",
  "attribute_rights",
  "method_rights",
  "readable",
  "writable",
  "executable",
  "reason",
] as const;

/** `mandatory`, or the ids of the conditions that switched the item on, joined by `+`. */
export function reasonText(reason: TReason): string {
  return reason.kind === "mandatory" ? "mandatory" : reason.conditions.join("+");
}

/**
 * The access matrix of a profile for a spreadsheet: one row per object and client, objects in
 * profile order and clients in profile order within each object. Rights read `1:R 2:RW 3:-`
 * and `1:X 2:-`; readable, writable and executable list the indexes, separated by spaces.
 */
export function objectsCsv(profile: TUserProfile): string {
  const rows: string[][] = [[...OBJECTS_CSV_COLUMNS]];
  for (const object of profile.objects) {
    for (const client of profile.clients) {
      const attributes = object.attributes.map((a) => ({ index: a.index, access: a.access[client.id] ?? "-" }));
      const methods = object.methods.map((m) => ({ index: m.index, access: m.access[client.id] ?? "-" }));
      const indexes = (items: { index: number; access: string }[], right: string) =>
        items.filter((i) => i.access.includes(right)).map((i) => String(i.index)).join(" ");
      rows.push([
        object.id,
        object.obis,
        object.name,
        String(object.classId),
        object.className,
        String(object.version),
        object.group,
        client.id,
        String(client.sap),
        attributes.map((a) => `${a.index}:${a.access}`).join(" "),
        methods.map((m) => `${m.index}:${m.access}`).join(" "),
        indexes(attributes, "R"),
        indexes(attributes, "W"),
        indexes(methods, "X"),
        reasonText(object.reason),
      ]);
    }
  }
  return toCsv(rows);
}
