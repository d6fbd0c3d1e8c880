/** Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/U+FFFF), not even as references. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an element: the five markup characters as entities, characters XML forbids replaced by U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\r", "&#13;");
}
