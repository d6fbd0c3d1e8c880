import { latin1Bytes } from "./bytes";
import { encryptP1Frame, type TP1FrameSecurity } from "./frame";
import type { TP1Layout, TP1LayoutLine, TP1ValueRef } from "./layout";
import type { TP1Row } from "./readout";
import { isScaledValue, representValue, type TP1CosemValue, type TP1ScaledValue } from "./represent";
import { buildTelegram } from "./telegram";

/**
 * The P1 emitter: what a meter writes on its port, from the current values of the objects the
 * profile's readout list selects. The simulator calls it every 10 s; the checker's tests build
 * their vectors with it.
 */

/** The current value of a capture object's attribute, or undefined when the meter has none (the line is left out). */
export type TP1ValueSource = (ref: TP1ValueRef) => TP1CosemValue | TP1ScaledValue | undefined;

export type TP1EmitOptions = {
  /** The header line with its "/", e.g. "/PRM5\\2PRIME-PLUS-SIM". */
  header: string;
};

export type TP1Emitted = {
  telegram: string;
  /** Lines left out because the source has no value for one of their values. */
  skipped: { obis: string; refs: TP1ValueRef[] }[];
  /** Values that could not be written in their row's format, with the reason; their lines are left out too. */
  errors: string[];
};

const DEVICE_TYPE_ROW = "mbus-device-type";

/** The row a value follows: for the M-Bus index, the one of the channel's medium (gas when unknown). */
function rowFor(rows: TP1Row[], deviceType: number | null): TP1Row {
  if (rows.length === 1 || deviceType === null) return rows[0]!;
  return rows.find((r) => r.deviceTypes?.includes(deviceType)) ?? rows[0]!;
}

function deviceTypes(layout: TP1Layout, source: TP1ValueSource): Map<number, number> {
  const types = new Map<number, number>();
  for (const line of layout.lines) {
    const value = line.values[0]!;
    if (line.channel === null || value.rows[0]!.id !== DEVICE_TYPE_ROW || !value.ref) continue;
    const v = source(value.ref);
    const inner = v && isScaledValue(v) ? v.value : v;
    if (inner && "value" in inner && typeof inner.value === "number") types.set(line.channel, inner.value);
  }
  return types;
}

function emitLine(line: TP1LayoutLine, source: TP1ValueSource, deviceType: number | null, out: TP1Emitted): string | null {
  const texts: string[] = [];
  const missing: TP1ValueRef[] = [];
  for (const value of line.values) {
    if (!value.ref) continue;
    const v = source(value.ref);
    if (v === undefined) {
      missing.push(value.ref);
      continue;
    }
    const text = representValue(rowFor(value.rows, deviceType), v, value.ref.scalerUnit);
    if (!text.ok) {
      out.errors.push(text.error);
      return null;
    }
    texts.push(text.value);
  }
  if (missing.length > 0) {
    out.skipped.push({ obis: line.obis, refs: missing });
    return null;
  }
  return `${line.obis}${texts.map((t) => `(${t})`).join("")}`;
}

/** The telegram for the current values, one line per line of the profile's readout list. */
export function emitP1Telegram(layout: TP1Layout, source: TP1ValueSource, options: TP1EmitOptions): TP1Emitted {
  const out: TP1Emitted = { telegram: "", skipped: [], errors: [] };
  const types = deviceTypes(layout, source);
  const lines: string[] = [];
  for (const line of layout.lines) {
    const text = emitLine(line, source, line.channel === null ? null : (types.get(line.channel) ?? null), out);
    if (text !== null) lines.push(text);
  }
  out.telegram = buildTelegram(options.header, lines);
  return out;
}

/** The encrypted frame of a telegram (see encryptP1Frame for the arguments). */
export const emitP1Frame = (telegram: string, security: TP1FrameSecurity): Uint8Array => encryptP1Frame(latin1Bytes(telegram), security);
