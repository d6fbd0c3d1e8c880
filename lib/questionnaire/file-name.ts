import { getPath } from "../json/path";

/** A download name that says whose answers these are: prime-plus-answers-<company>[-v<n>].json. */
export function answersFileName(values: unknown, version?: number): string {
  const company = String(getPath(values, "contact.company") ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase()
    .slice(0, 40);
  return `prime-plus-answers${company ? `-${company}` : ""}${version ? `-v${version}` : ""}.json`;
}
