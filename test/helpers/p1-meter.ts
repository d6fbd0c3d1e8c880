import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emitP1Frame, emitP1Telegram, type TP1ValueSource } from "@/lib/p1/emit";
import { p1Layout, type TP1Layout } from "@/lib/p1/layout";
import type { TP1CosemValue } from "@/lib/p1/represent";
import type { TUserProfile } from "@/lib/profile/schema";
import { EXAMPLES_DIR } from "./examples";

/**
 * A P1 meter for tests: realistic values of the objects an example profile's readout list
 * selects, moving with time (registers count up, the clock follows the send time), written
 * with the lib's own emitter. Defects are applied to its output by the tests.
 */
export const P1_KEY_HEX = "5A1F2E3D4C5B6A798897A6B5C4D3E2F1";
export const P1_NEW_KEY_HEX = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";
export const P1_AUTH_KEY_HEX = "00112233445566778899AABBCCDDEEFF";
export const P1_SYSTEM_TITLE_HEX = "50524D0000BC614E";
export const P1_HEADER = "/PRM5\\2PRIME-PLUS-T210";
/** 2026-03-10 11:30:20 UTC; the meter's clock is CET (UTC+1, no daylight saving). */
export const P1_START = Date.UTC(2026, 2, 10, 11, 30, 20);
export const PERIOD_MS = 10_000;

export const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
export const P1_KEY = hexBytes(P1_KEY_HEX);
export const P1_NEW_KEY = hexBytes(P1_NEW_KEY_HEX);
export const P1_AUTH_KEY = hexBytes(P1_AUTH_KEY_HEX);
export const P1_SYSTEM_TITLE = hexBytes(P1_SYSTEM_TITLE_HEX);

const profiles = new Map<string, TUserProfile>();
export function exampleProfile(name: "full" | "three-phase-hls-cellular" | "single-phase-plc"): TUserProfile {
  let p = profiles.get(name);
  if (!p) {
    p = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")) as TUserProfile;
    profiles.set(name, p);
  }
  return p;
}

export const exampleLayout = (name: "full" | "three-phase-hls-cellular"): TP1Layout => p1Layout(exampleProfile(name))!;

const ascii = (text: string): TP1CosemValue => ({ type: "octet-string", value: new TextEncoder().encode(text) });
const u32 = (value: number): TP1CosemValue => ({ type: "double-long-unsigned", value });

/** Local time (UTC+1) of an instant as a COSEM date-time. */
function localDateTime(ms: number): TP1CosemValue {
  const d = new Date(ms + 3_600_000);
  return {
    type: "date-time",
    value: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), status: 0 },
  };
}

/** The meter's values at an instant, `at` ms after P1_START counted in whole seconds of running. */
export function meterAt(at: number): TP1ValueSource {
  const seconds = Math.floor((at - P1_START) / 1000);
  const values: Record<string, TP1CosemValue | { value: TP1CosemValue; scaler: number; unit: string }> = {
    "p1-version/2": ascii("50"),
    "clock/2": localDateTime(at),
    "logical-device-name/2": ascii("PRM0001234567890"),
    "energy-active-import-total/2": u32(123_456_789 + seconds * 2),
    "energy-active-export-total/2": u32(4_321_000),
    "energy-reactive-import-total/2": u32(2_345_678 + seconds),
    "energy-reactive-export-total/2": u32(12_345),
    "active-power-import/2": { type: "double-long", value: 1193 + (seconds % 7) },
    "active-power-export/2": { type: "double-long", value: 0 },
    "reactive-power-import/2": { type: "double-long", value: 250 },
    "reactive-power-export/2": { type: "double-long", value: 0 },
    "limiter/3": { value: { type: "long-unsigned", value: 110 }, scaler: 2, unit: "VA" },
    "disconnect-control/3": { type: "enum", value: 1 },
    "p1-long-message/2": ascii(""),
  };
  return (ref) => {
    const direct = values[`${ref.objectId}/${ref.attribute}`];
    if (direct) return direct;
    const channel = /-ch(\d)$/.exec(ref.objectId)?.[1];
    if (!channel) return undefined;
    const kind = ref.objectId.replace(/-ch\d$/, "");
    if (kind === "mbus-client") return { type: "unsigned", value: channel === "2" ? 7 : 3 };
    if (kind === "mbus-equipment-identifier") return { type: "octet-string", value: Uint8Array.of(0x32, 0x32, 0x32, 0x41, 0x42, 0x43, 0x44, Number(channel)) };
    if (kind === "mbus-value" && ref.attribute === 5) return localDateTime(P1_START - 330_000);
    if (kind === "mbus-value" && ref.attribute === 2) return u32(12_785_123 * Number(channel));
    if (kind === "mbus-disconnect-control") return { type: "enum", value: 1 };
    if (kind === "p1-long-message") return ascii("");
    return undefined;
  };
}

export const sendTime = (i: number) => P1_START + i * PERIOD_MS;

/** The i-th telegram of the meter (sent at sendTime(i)). */
export function telegramAt(layout: TP1Layout, i: number): string {
  const out = emitP1Telegram(layout, meterAt(sendTime(i)), { header: P1_HEADER });
  if (out.errors.length > 0 || out.skipped.length > 0) throw new Error(`the test meter cannot write its telegram: ${[...out.errors, ...out.skipped.map((s) => s.obis)].join("; ")}`);
  return out.telegram;
}

export const frameOf = (telegram: string, frameCounter: number, key: Uint8Array = P1_KEY) => emitP1Frame(telegram, { key, systemTitle: P1_SYSTEM_TITLE, frameCounter });

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const textBytes = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));

/** The example profile with its P1 port left unencrypted (no P1 security setup and frame counter). */
export function plainLayout(name: "full" | "three-phase-hls-cellular"): TP1Layout {
  const profile = exampleProfile(name);
  return p1Layout({ ...profile, objects: profile.objects.filter((o) => o.id !== "p1-security-setup" && o.id !== "p1-frame-counter") })!;
}

/** Chunks sent at the meter's send times, `delay` ms after each, for captureFromChunks. */
export const sentAt = (units: Uint8Array[], delay = 120) => units.map((bytes, i) => ({ at: sendTime(i) + delay, bytes }));
