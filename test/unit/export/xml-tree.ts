import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";

/**
 * An XML document as parsed by fast-xml-parser, in document order: element names, attributes,
 * child elements and the text (CDATA included) each holds, for checks of a published structure.
 */
export type TXmlNode = { name: string; attrs: Record<string, string>; children: TXmlNode[]; text: string };

type TOrdered = Record<string, unknown> & { ":@"?: Record<string, string> };

function toNode(entry: TOrdered): TXmlNode | null {
  const name = Object.keys(entry).find((k) => k !== ":@");
  if (!name || name === "#text" || name === "__cdata" || name.startsWith("?")) return null;
  const inner = entry[name] as TOrdered[];
  const node: TXmlNode = { name, attrs: {}, children: [], text: "" };
  for (const [k, v] of Object.entries(entry[":@"] ?? {})) node.attrs[k.replace(/^@_/, "")] = String(v);
  for (const child of inner) {
    if ("#text" in child) node.text += String(child["#text"]);
    else if ("__cdata" in child) node.text += (child.__cdata as { "#text"?: unknown }[]).map((t) => String(t["#text"] ?? "")).join("");
    else {
      const c = toNode(child);
      if (c) node.children.push(c);
    }
  }
  return node;
}

/** The root element of a well-formed document (the validator must accept it first). */
export function parseXmlTree(xml: string): TXmlNode {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "@_", cdataPropName: "__cdata", parseTagValue: false, parseAttributeValue: false, trimValues: false });
  const doc = parser.parse(xml) as TOrdered[];
  const roots = doc.map(toNode).filter((n): n is TXmlNode => n !== null);
  expect(roots).toHaveLength(1);
  return roots[0]!;
}

export const childrenNamed = (node: TXmlNode, name: string) => node.children.filter((c) => c.name === name);
export const childText = (node: TXmlNode, name: string) => childrenNamed(node, name)[0]?.text;

/** Entities XML and HTML share, back to their characters; HTML paragraphs and list items to lines. */
export function htmlText(html: string): string {
  return html
    .replace(/<\/(p|li)>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&#13;", "\r")
    .replaceAll("&amp;", "&")
    .trimEnd();
}
