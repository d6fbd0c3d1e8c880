/**
 * The few parts of a TrueType (sfnt) file the documents need, read from the bytes: the table
 * directory, the character map, the advance widths and the vertical metrics; and a copy of a
 * font without some of its tables. Reading these directly costs microseconds, where loading a
 * font engine into every render worker costs a good part of a second.
 */

export type TSfntMetrics = {
  unitsPerEm: number;
  /** Above the baseline, in font units (hhea). */
  ascender: number;
  /** Below the baseline, in font units, negative (hhea). */
  descender: number;
  /** The glyph that shows a code point, 0 (.notdef) when the font has none. */
  glyphOf(codePoint: number): number;
  /** Advance width of a glyph, in font units. */
  advanceOf(glyph: number): number;
  /** The box of all glyphs, xMin, yMin, xMax, yMax, in font units (head). */
  bbox: [number, number, number, number];
  /** Height of capital letters, in font units (OS/2 version 2 and later, else the ascender). */
  capHeight: number;
};

type TTableRecord = { tag: string; checksum: number; offset: number; length: number };

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function tableDirectory(bytes: Uint8Array): TTableRecord[] {
  const data = view(bytes);
  const version = data.getUint32(0);
  // TrueType outlines (0x00010000 or "true"); CFF ("OTTO") and collections are not read here.
  if (version !== 0x00010000 && version !== 0x74727565) throw new Error("not a TrueType font file");
  const count = data.getUint16(4);
  const records: TTableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    records.push({ tag, checksum: data.getUint32(at + 4), offset: data.getUint32(at + 8), length: data.getUint32(at + 12) });
  }
  return records;
}

function table(bytes: Uint8Array, records: TTableRecord[], tag: string): DataView {
  const record = records.find((r) => r.tag === tag);
  if (!record) throw new Error(`the font has no ${tag} table`);
  return new DataView(bytes.buffer, bytes.byteOffset + record.offset, record.length);
}

const pad4 = (n: number) => (n + 3) & ~3;

function checksum(data: DataView): number {
  let sum = 0;
  const whole = data.byteLength & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + data.getUint32(i)) >>> 0;
  // The last, partial word counts as if padded with zeros.
  let last = 0;
  for (let i = whole; i < data.byteLength; i++) last |= data.getUint8(i) << (8 * (3 - (i - whole)));
  return (sum + last) >>> 0;
}

/** A font file of these tables (sorted by tag), with its directory and checksums. */
function writeFont(version: number, tables: { tag: string; data: Uint8Array }[]): Uint8Array {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headerLength = 12 + 16 * sorted.length;
  const out = new Uint8Array(sorted.reduce((n, t) => n + pad4(t.data.length), headerLength));
  const data = view(out);
  const power = 2 ** Math.floor(Math.log2(sorted.length));
  data.setUint32(0, version);
  data.setUint16(4, sorted.length);
  data.setUint16(6, power * 16);
  data.setUint16(8, Math.log2(power));
  data.setUint16(10, sorted.length * 16 - power * 16);
  let offset = headerLength;
  let headOffset = -1;
  sorted.forEach((t, i) => {
    const at = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[at + k] = t.tag.charCodeAt(k);
    out.set(t.data, offset);
    if (t.tag === "head") {
      headOffset = offset;
      data.setUint32(offset + 8, 0);
    }
    data.setUint32(at + 4, checksum(new DataView(out.buffer, offset, t.data.length)));
    data.setUint32(at + 8, offset);
    data.setUint32(at + 12, t.data.length);
    offset += pad4(t.data.length);
  });
  if (headOffset >= 0) data.setUint32(headOffset + 8, (0xb1b0afba - checksum(data)) >>> 0);
  return out;
}

/** Composite glyph flags (OpenType glyf table). */
const ARGS_ARE_WORDS = 0x1;
const HAS_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const HAS_XY_SCALE = 0x40;
const HAS_2X2 = 0x80;
const HAS_INSTRUCTIONS = 0x100;

type TTable = { tag: string; data: Uint8Array };

/** The components of a composite glyph: the offset of each record's flags, and the glyph it draws. */
function components(glyph: Uint8Array): { at: number; flags: number; glyph: number }[] {
  const data = view(glyph);
  if (glyph.length === 0 || data.getInt16(0) >= 0) return [];
  const out: { at: number; flags: number; glyph: number }[] = [];
  let at = 10;
  let flags: number;
  do {
    flags = data.getUint16(at);
    out.push({ at, flags, glyph: data.getUint16(at + 2) });
    at += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2) + (flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_2X2 ? 8 : 0);
  } while (flags & MORE_COMPONENTS);
  return out;
}

/** One glyph's outline without its hinting instructions. */
function glyphWithoutInstructions(glyph: Uint8Array): Uint8Array {
  if (glyph.length === 0) return glyph;
  const data = view(glyph);
  const contours = data.getInt16(0);
  if (contours >= 0) {
    const at = 10 + 2 * contours;
    const length = data.getUint16(at);
    const out = new Uint8Array(glyph.length - length);
    out.set(glyph.subarray(0, at));
    out.set(glyph.subarray(at + 2 + length), at + 2);
    view(out).setUint16(at, 0);
    return out;
  }
  const last = components(glyph).at(-1)!;
  if (!(last.flags & HAS_INSTRUCTIONS)) return glyph;
  const end = last.at + 4 + (last.flags & ARGS_ARE_WORDS ? 4 : 2) + (last.flags & HAS_SCALE ? 2 : last.flags & HAS_XY_SCALE ? 4 : last.flags & HAS_2X2 ? 8 : 0);
  const out = glyph.slice(0, end);
  view(out).setUint16(last.at, last.flags & ~HAS_INSTRUCTIONS);
  return out;
}

const tableData = (tables: TTable[], tag: string) => {
  const t = tables.find((x) => x.tag === tag);
  if (!t) throw new Error(`the font has no ${tag} table`);
  return t.data;
};

/** Every glyph's bytes, by glyph index. */
function glyphsOf(tables: TTable[]): Uint8Array[] {
  const head = view(tableData(tables, "head"));
  const count = view(tableData(tables, "maxp")).getUint16(4);
  const loca = view(tableData(tables, "loca"));
  const glyf = tableData(tables, "glyf");
  const long = head.getInt16(50) === 1;
  const offsetOf = (i: number) => (long ? loca.getUint32(4 * i) : 2 * loca.getUint16(2 * i));
  return Array.from({ length: count }, (_, i) => glyf.subarray(offsetOf(i), offsetOf(i + 1)));
}

/** The tables with new glyph outlines, indexed with long offsets (glyphs may now end anywhere). */
function withGlyphs(tables: TTable[], glyphs: Uint8Array[]): TTable[] {
  const glyf = new Uint8Array(glyphs.reduce((n, g) => n + pad4(g.length), 0));
  const loca = new Uint8Array(4 * (glyphs.length + 1));
  let offset = 0;
  glyphs.forEach((g, i) => {
    view(loca).setUint32(4 * i, offset);
    glyf.set(g, offset);
    offset += pad4(g.length);
  });
  view(loca).setUint32(4 * glyphs.length, offset);
  return tables.map((t) => {
    if (t.tag === "glyf") return { tag: t.tag, data: glyf };
    if (t.tag === "loca") return { tag: t.tag, data: loca };
    if (t.tag !== "head") return t;
    const head = t.data.slice();
    view(head).setInt16(50, 1);
    return { tag: t.tag, data: head };
  });
}

const tablesOf = (bytes: Uint8Array): TTable[] => tableDirectory(bytes).map((r) => ({ tag: r.tag, data: bytes.slice(r.offset, r.offset + r.length) }));

/**
 * The font without the tables named and, with `unhinted`, without TrueType hinting (the cvt,
 * fpgm and prep tables and every glyph's instructions): hinting only snaps outlines to the
 * pixels of a screen at small sizes, which PDF viewers do on their own, and it is nearly half of
 * every embedded subset. Outlines, metrics and the character map are copied unchanged; maxp's
 * hinting limits stay as they were (larger than needed is harmless).
 */
export function rebuiltFont(bytes: Uint8Array, drop: ReadonlySet<string>, unhinted: boolean): Uint8Array {
  const hinting = new Set(unhinted ? ["cvt ", "fpgm", "prep"] : []);
  const tables = tablesOf(bytes).filter((t) => !drop.has(t.tag) && !hinting.has(t.tag));
  const version = view(bytes).getUint32(0);
  if (!unhinted) return writeFont(version, tables);
  return writeFont(version, withGlyphs(tables, glyphsOf(tables).map(glyphWithoutInstructions)));
}

/** The tables a PDF reader needs of an embedded TrueType font drawn by glyph index (CIDFontType2, PDF 1.7 § 9.9). */
const EMBEDDED_TABLES = new Set(["head", "hhea", "hmtx", "loca", "glyf", "maxp", "cvt ", "fpgm", "prep"]);

/**
 * A subset of the font for a PDF: only the outlines of the glyphs named, of glyph 0 and of the
 * components they are built of, each glyph keeping its index (so that text is encoded with the
 * font's own glyph indexes); the other glyphs are left empty with no advance width, which
 * compresses to almost nothing.
 */
export function glyphSubset(bytes: Uint8Array, keep: Iterable<number>): Uint8Array {
  const tables = tablesOf(bytes).filter((t) => EMBEDDED_TABLES.has(t.tag));
  const glyphs = glyphsOf(tables);
  const kept = new Set<number>([0]);
  const pending = [...keep];
  for (let g = pending.pop(); g !== undefined; g = pending.pop()) {
    if (kept.has(g) || g >= glyphs.length) continue;
    kept.add(g);
    for (const c of components(glyphs[g]!)) pending.push(c.glyph);
  }
  const longMetrics = view(tableData(tables, "hhea")).getUint16(34);
  const hmtx = tableData(tables, "hmtx");
  const metrics = new Uint8Array(hmtx.length);
  for (const g of kept) {
    if (g < longMetrics) metrics.set(hmtx.subarray(4 * g, 4 * g + 4), 4 * g);
    else metrics.set(hmtx.subarray(4 * longMetrics + 2 * (g - longMetrics), 4 * longMetrics + 2 * (g - longMetrics) + 2), 4 * longMetrics + 2 * (g - longMetrics));
  }
  const subset = withGlyphs(tables, glyphs.map((g, i) => (kept.has(i) ? g : g.subarray(0, 0)))).map((t) => (t.tag === "hmtx" ? { tag: t.tag, data: metrics } : t));
  return writeFont(view(bytes).getUint32(0), subset);
}

type TCmapLookup = (codePoint: number) => number;

/** Format 4: segments of the Basic Multilingual Plane. */
function format4(cmap: DataView, at: number): TCmapLookup {
  const segments = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmap.getUint16(ends + 2 * mid) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = cmap.getUint16(starts + 2 * lo);
    if (cp < start || cp > cmap.getUint16(ends + 2 * lo)) return 0;
    const delta = cmap.getUint16(deltas + 2 * lo);
    const rangeOffset = cmap.getUint16(rangeOffsets + 2 * lo);
    if (rangeOffset === 0) return (cp + delta) & 0xffff;
    const glyph = cmap.getUint16(rangeOffsets + 2 * lo + rangeOffset + 2 * (cp - start));
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}

/** Format 12: groups over all of Unicode. */
function format12(cmap: DataView, at: number): TCmapLookup {
  const groups = cmap.getUint32(at + 12);
  const first = at + 16;
  return (cp) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = first + 12 * mid;
      if (cp < cmap.getUint32(g)) hi = mid - 1;
      else if (cp > cmap.getUint32(g + 4)) lo = mid + 1;
      else return cmap.getUint32(g + 8) + (cp - cmap.getUint32(g));
    }
    return 0;
  };
}

/** The Unicode subtable of the character map: full-repertoire (format 12) when there is one, else the BMP one (format 4). */
function unicodeCmap(cmap: DataView): TCmapLookup {
  const count = cmap.getUint16(2);
  let bmp: TCmapLookup | null = null;
  for (let i = 0; i < count; i++) {
    const platform = cmap.getUint16(4 + 8 * i);
    const encoding = cmap.getUint16(6 + 8 * i);
    const at = cmap.getUint32(8 + 8 * i);
    const format = cmap.getUint16(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) return format12(cmap, at);
    if (format === 4) bmp ??= format4(cmap, at);
  }
  if (!bmp) throw new Error("the font has no Unicode character map");
  return bmp;
}

export function sfntMetrics(bytes: Uint8Array): TSfntMetrics {
  const records = tableDirectory(bytes);
  const head = table(bytes, records, "head");
  const hhea = table(bytes, records, "hhea");
  const hmtx = table(bytes, records, "hmtx");
  const longMetrics = hhea.getUint16(34);
  const os2 = records.some((r) => r.tag === "OS/2") ? table(bytes, records, "OS/2") : null;
  return {
    unitsPerEm: head.getUint16(18),
    ascender: hhea.getInt16(4),
    descender: hhea.getInt16(6),
    glyphOf: unicodeCmap(table(bytes, records, "cmap")),
    // Glyphs past the last long metric share its advance width (monospaced tails).
    advanceOf: (glyph) => hmtx.getUint16(4 * Math.min(glyph, longMetrics - 1)),
    bbox: [head.getInt16(36), head.getInt16(38), head.getInt16(40), head.getInt16(42)],
    capHeight: os2 && os2.getUint16(0) >= 2 ? os2.getInt16(88) : hhea.getInt16(4),
  };
}
