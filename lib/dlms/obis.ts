/**
 * OBIS codes (IEC 62056-6-1): six value groups A-B:C.D.E.F, carried on the wire as the six bytes
 * of a logical name.
 */
const OBIS_TEXT = /^(\d{1,3})-(\d{1,3}):(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseObis(text: string): Uint8Array | null {
  const m = OBIS_TEXT.exec(text.trim());
  if (!m) return null;
  const groups = m.slice(1).map(Number);
  return groups.every((g) => g <= 255) ? Uint8Array.from(groups) : null;
}

/** Like parseObis for codes that come from our own validated data: a bad code is a bug. */
export function obisBytes(text: string): Uint8Array {
  const bytes = parseObis(text);
  if (!bytes) throw new Error(`not an OBIS code: ${text}`);
  return bytes;
}

export function formatObis(bytes: Uint8Array): string {
  if (bytes.length !== 6) return `(logical name of ${bytes.length} bytes)`;
  const [a, b, c, dd, e, f] = bytes as unknown as [number, number, number, number, number, number];
  return `${a}-${b}:${c}.${dd}.${e}.${f}`;
}

/** A stable key for maps: class id and OBIS, as a short string. */
export const objectKey = (classId: number, obis: string): string => `${classId}/${obis}`;
