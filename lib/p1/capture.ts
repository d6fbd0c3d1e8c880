import { fromHex } from "./bytes";

/**
 * A capture of the P1 data line: the bytes as received, with receive times when the source
 * knows them. Times come from a live source (one per chunk read), from a `.jsonl` capture of
 * `{"t": ms, "hex": "…"}` lines, or from a separate list of one time per telegram or frame.
 */
export type TCapture = {
  /** What the capture is, for the report: a file name, "serial /dev/ttyUSB0", "tcp 127.0.0.1:4064". */
  source: string;
  bytes: Uint8Array;
  /** Receive time (ms) of the chunk starting at each offset, in increasing offset order; empty when unknown. */
  chunks: { offset: number; at: number }[];
  /** One receive time per telegram or frame, in capture order (a times file); null when not given. */
  unitTimes: number[] | null;
  /** When the request line was activated (or the TCP connection opened); null when unknown. */
  requestAt: number | null;
  /** When the capture ended; null when unknown. */
  endAt: number | null;
};

export type TCaptureResult = { ok: true; capture: TCapture } | { ok: false; error: string };

export const captureFromBytes = (source: string, bytes: Uint8Array): TCapture => ({ source, bytes, chunks: [], unitTimes: null, requestAt: null, endAt: null });

/** A capture from chunks read with their times, as the live sources collect them. */
export function captureFromChunks(source: string, chunks: { at: number; bytes: Uint8Array }[], requestAt: number | null, endAt: number | null): TCapture {
  const total = chunks.reduce((n, c) => n + c.bytes.length, 0);
  const bytes = new Uint8Array(total);
  const offsets: TCapture["chunks"] = [];
  let at = 0;
  for (const c of chunks) {
    if (c.bytes.length === 0) continue;
    bytes.set(c.bytes, at);
    offsets.push({ offset: at, at: c.at });
    at += c.bytes.length;
  }
  return { source, bytes, chunks: offsets, unitTimes: null, requestAt, endAt };
}

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/**
 * Reads a `.jsonl` capture: one JSON object per line, `{"t": ms, "hex": "…"}` for received
 * bytes, `{"t": ms, "event": "request"}` for the request, `{"t": ms, "event": "end"}` for the end.
 * The error names the line and the field that is wrong.
 */
export function captureFromJsonl(source: string, text: string): TCaptureResult {
  const chunks: { at: number; bytes: Uint8Array }[] = [];
  let requestAt: number | null = null;
  let endAt: number | null = null;
  let last = -Infinity;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${source} line ${i + 1}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      return { ok: false, error: `${where} is not JSON: each line holds {"t": ms, "hex": "…"}` };
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return { ok: false, error: `${where} is not an object {"t": ms, "hex": "…"}` };
    const { t, hex, event } = entry as Record<string, unknown>;
    if (!isTime(t)) return { ok: false, error: `${where}: "t" must be a receive time in milliseconds` };
    if (t < last) return { ok: false, error: `${where}: "t" goes back in time (${t} after ${last})` };
    last = t;
    if (event === "request") requestAt = t;
    else if (event === "end") endAt = t;
    else if (event !== undefined) return { ok: false, error: `${where}: "event" must be "request" or "end"` };
    else {
      const bytes = typeof hex === "string" ? fromHex(hex) : null;
      if (!bytes) return { ok: false, error: `${where}: "hex" must be the received bytes as an even number of hexadecimal digits` };
      chunks.push({ at: t, bytes });
    }
  }
  const capture = captureFromChunks(source, chunks, requestAt, endAt);
  if (capture.bytes.length === 0) return { ok: false, error: `${source} holds no received bytes` };
  return { ok: true, capture };
}

/** Whether a capture file is the `.jsonl` form: by its name, or by its first character. */
export const isJsonlCapture = (name: string, bytes: Uint8Array): boolean => name.toLowerCase().endsWith(".jsonl") || (bytes[0] === 0x7b && bytes.length > 1 && bytes.includes(0x22));

/**
 * Reads a times file: a JSON array of receive times in ms, one per telegram or frame, or an
 * object `{"request": ms, "times": [ms, …]}` that also gives the request time.
 */
export function parseTimes(source: string, text: string): { ok: true; times: number[]; requestAt: number | null } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `${source} is not JSON: expected an array of receive times in milliseconds` };
  }
  const object = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const list = object ? object.times : json;
  const request = object ? object.request : undefined;
  if (!Array.isArray(list)) return { ok: false, error: `${source} must be an array of receive times in milliseconds, or {"request": ms, "times": [...]}` };
  const bad = list.findIndex((t, i) => !isTime(t) || (i > 0 && t < (list[i - 1] as number)));
  if (bad >= 0) return { ok: false, error: `${source}: time ${bad + 1} is not a time in milliseconds at or after the one before` };
  if (request !== undefined && !isTime(request)) return { ok: false, error: `${source}: "request" must be a time in milliseconds` };
  return { ok: true, times: list as number[], requestAt: request ?? null };
}
