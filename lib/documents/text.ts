/** Helpers for the words of the documents: break points, ranges, ids, lists and labels. */

const SPLIT_FROM = 12;
const CHUNK = 16;
const HAS_LETTER = /\p{L}/u;

/**
 * Break points for react-pdf's line breaker, which only breaks at spaces and between the
 * syllables a hyphenation callback returns, adding a hyphen there. An empty syllable is a break
 * opportunity without the hyphen: that is how ids such as `right:public:association-current`
 * break after their separators instead of overflowing a narrow column, and a hostile
 * 3,000-character name breaks every 16 characters. Ordinary words are not hyphenated at all
 * (technical text reads badly hyphenated, and the patterns cost layout time); neither are OBIS
 * codes and numbers, which never need to break.
 */
export function breakLongWord(word: string): string[] {
  if (word.length <= SPLIT_FROM || !HAS_LETTER.test(word)) return word.length > 4 * CHUNK ? chunks(word) : [word];
  const out: string[] = [];
  for (const piece of word.split(/(?<=[-:/._,;=|)])/)) {
    if (out.length > 0) out.push("");
    out.push(...(piece.length > CHUNK + 8 ? chunks(piece) : [piece]));
  }
  return out;
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) {
    if (i > 0) out.push("");
    out.push(text.slice(i, i + CHUNK));
  }
  return out;
}

/** `[1, 2, 3, 5, 7, 8]` → `1-3,5,7-8`. */
export function indexRanges(indexes: number[]): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return out.join(",");
}

/** The first 12 hex digits of a hash: short enough for a footer, long enough to tell documents apart. */
export const shortId = (hash: string) => hash.slice(0, 12);

/** A list of names in prose: "a", "a and b", "a, b and c". */
export function joinWords(items: string[], none = "none"): string {
  if (items.length === 0) return none;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `limitedRemote` → `Limited remote`, `associations-security` → `Associations security`. */
export function humanize(id: string): string {
  const words = id.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[-_.]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
