import type { TProfileObject } from "@/lib/profile/schema";
import { rightsSummary } from "@/lib/profile/rights";

/**
 * One client's rights on an object for a person who does not read DLMS: the attributes it reads
 * and writes and the methods it runs, by name ("time zone", not 3), with the compact code the
 * testbook and the Gurux export use ("R 1,2,3 · W 2") kept alongside for laboratories.
 */
export type TRightsInWords = { reads: string | null; writes: string | null; runs: string | null; code: string };

const spoken = (name: string) => name.replaceAll("_", " ");
const names = (items: { name: string }[], all: number, every: string) => (items.length === 0 ? null : items.length === all && all > 2 ? every : items.map((i) => spoken(i.name)).join(", "));

export function rightsInWords(object: TProfileObject, client: string): TRightsInWords {
  const key = client as keyof TProfileObject["attributes"][number]["access"];
  const read = object.attributes.filter((a) => a.access[key]?.includes("R"));
  const write = object.attributes.filter((a) => a.access[key]?.includes("W"));
  const run = object.methods.filter((m) => m.access[key] === "X");
  return {
    reads: names(read, object.attributes.length, "every attribute"),
    writes: names(write, object.attributes.length, "every attribute"),
    runs: names(run, object.methods.length, "every method"),
    code: rightsSummary(object, client),
  };
}
