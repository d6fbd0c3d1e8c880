/**
 * OBIS codes as a telegram writes them: A-B:C.D.E, without the F group that every P1 object
 * has as 255. Readout rows of an M-Bus channel write the channel as "x" in group B or E.
 */
const SHORT = /^(\d{1,3})-(\d{1,3}):(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** "1-0:1.8.0.255" → "1-0:1.8.0"; a code without an F group is returned as it is. */
export function shortObis(obis: string): string {
  const parts = obis.split(".");
  return parts.length === 4 ? parts.slice(0, 3).join(".") : obis;
}

export const isShortObis = (text: string): boolean => SHORT.test(text);

/** The five groups of a short OBIS code, or null when the text is not one. */
export function obisGroups(text: string): [number, number, number, number, number] | null {
  const m = SHORT.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
}

/** Replaces the channel placeholder "x" of a readout row's OBIS with a channel number. */
export const channelObis = (pattern: string, channel: number): string => pattern.replace("x", String(channel));

/**
 * The channel a full OBIS code has in the place of a pattern's "x", or null when the code does
 * not fit the pattern; a pattern without "x" matches only itself (channel 0).
 */
export function matchChannel(pattern: string, obis: string): number | null {
  const at = pattern.indexOf("x");
  if (at < 0) return pattern === obis ? 0 : null;
  if (obis.slice(0, at) !== pattern.slice(0, at)) return null;
  const tail = pattern.slice(at + 1);
  if (!obis.endsWith(tail)) return null;
  const digits = obis.slice(at, obis.length - tail.length);
  return /^\d{1,3}$/.test(digits) ? Number(digits) : null;
}
