import { createDecipheriv } from "node:crypto";
import { describe, expect, test } from "vitest";
import { crc16Text } from "@/lib/p1/crc";
import { emitP1Frame, emitP1Telegram } from "@/lib/p1/emit";
import { d } from "@/lib/dlms/axdr/data";
import { dateTimeFromInstant } from "@/lib/dlms/axdr/date-time";
import { p1ValueOf, representValue } from "@/lib/p1/represent";
import { getP1Readout } from "@/lib/p1/readout";
import { buildTelegram } from "@/lib/p1/telegram";
import { exampleLayout, meterAt, P1_AUTH_KEY, P1_HEADER, P1_KEY, P1_START, P1_SYSTEM_TITLE, telegramAt } from "../../helpers/p1-meter";

const row = (id: string) => getP1Readout().rows.find((r) => r.id === id)!;
const u32 = (value: number) => ({ type: "double-long-unsigned" as const, value });

describe("representValue", () => {
  test("writes a register in Wh with its scaler as kWh with 3 decimals and 9 digits, truncated", () => {
    expect(representValue(row("energy-active-import-total"), u32(123_456_789), { scaler: 0, unit: "Wh" })).toEqual({ ok: true, value: "123456.789*kWh" });
    expect(representValue(row("energy-active-import-total"), u32(1_234_567), { scaler: -1, unit: "Wh" })).toEqual({ ok: true, value: "000123.456*kWh" });
    expect(representValue(row("active-power-import"), { type: "double-long", value: 1193 }, { scaler: 0, unit: "W" })).toEqual({ ok: true, value: "01.193*kW" });
  });

  test("uses fewer decimals when a variable-decimal value needs more integer digits (F8(0,3))", () => {
    expect(representValue(row("mbus-index-gas"), u32(12_785_123), { scaler: -3, unit: "m³" })).toEqual({ ok: true, value: "12785.123*m3" });
    expect(representValue(row("mbus-index-gas"), u32(1_278_512_300), { scaler: -3, unit: "m³" })).toEqual({ ok: true, value: "1278512.3*m3" });
  });

  test("refuses what the format cannot hold: a negative value, too many digits, another quantity", () => {
    expect(representValue(row("active-power-import"), { type: "double-long", value: -5 }, { scaler: 0, unit: "W" })).toMatchObject({ ok: false, error: expect.stringContaining("no sign") });
    expect(representValue(row("energy-active-import-total"), u32(4_000_000_000), { scaler: 3, unit: "Wh" })).toMatchObject({ ok: false, error: expect.stringContaining("does not fit F9(3,3)") });
    expect(representValue(row("active-threshold"), u32(11_000), { scaler: 0, unit: "W" })).toMatchObject({ ok: false, error: expect.stringContaining("cannot be written in kVA") });
  });

  test("writes octet strings in hexadecimal, the P1 version as its characters, and date-times as TST with the DST flag", () => {
    const octets = { type: "octet-string" as const, value: new TextEncoder().encode("K8EG") };
    expect(representValue(row("logical-device-name"), octets, null)).toEqual({ ok: true, value: "4B384547" });
    expect(representValue(row("p1-version"), { type: "octet-string", value: new TextEncoder().encode("50") }, null)).toEqual({ ok: true, value: "50" });
    expect(representValue(row("p1-version"), { type: "unsigned", value: 50 }, null)).toEqual({ ok: true, value: "50" });
    const dateTime = { year: 2010, month: 12, day: 9, hour: 11, minute: 30, second: 20, status: 0 };
    expect(representValue(row("clock"), { type: "date-time", value: dateTime }, null)).toEqual({ ok: true, value: "101209113020W" });
    expect(representValue(row("clock"), { type: "date-time", value: { ...dateTime, status: 0x80 } }, null)).toEqual({ ok: true, value: "101209113020S" });
    const encoded = Uint8Array.of(0x07, 0xda, 12, 9, 4, 11, 30, 20, 0, 0xff, 0xc4, 0x80);
    expect(representValue(row("clock"), { type: "octet-string", value: encoded }, null)).toEqual({ ok: true, value: "101209113020S" });
  });
});

describe("p1ValueOf", () => {
  test("passes the COSEM data model's scalar values to the emitter and refuses the others", () => {
    expect(representValue(row("energy-active-import-total"), p1ValueOf(d.u32(123_456_789))!, { scaler: 0, unit: "Wh" })).toEqual({ ok: true, value: "123456.789*kWh" });
    expect(representValue(row("clock"), p1ValueOf(d.dateTime(dateTimeFromInstant(Date.UTC(2010, 11, 9, 10, 30, 20), -60)))!, null)).toEqual({ ok: true, value: "101209113020W" });
    expect(p1ValueOf(d.struct(d.u8(1)))).toBeUndefined();
  });
});

describe("emitP1Telegram", () => {
  test("writes the header, the empty line, one line per readout line and a verifying CRC", () => {
    const { telegram, skipped, errors } = emitP1Telegram(exampleLayout("three-phase-hls-cellular"), meterAt(P1_START), { header: P1_HEADER });
    expect({ skipped, errors }).toEqual({ skipped: [], errors: [] });
    const lines = telegram.split("\r\n");
    expect(lines.slice(0, 6)).toEqual([P1_HEADER, "", "1-3:0.2.8(50)", "0-0:1.0.0(260310123020W)", "0-0:42.0.0(50524D30303031323334353637383930)", "1-0:1.8.0(123456.789*kWh)"]);
    const bang = telegram.indexOf("!");
    expect(telegram.slice(bang + 1, bang + 5)).toBe(crc16Text(telegram.slice(0, bang + 1)).toString(16).toUpperCase().padStart(4, "0"));
    expect(telegram.endsWith("\r\n")).toBe(true);
  });

  test("writes each M-Bus index in the format of its channel's medium (gas F8(0,3) m3, water F8(3,3) m3)", () => {
    const telegram = telegramAt(exampleLayout("full"), 0);
    expect(telegram).toContain("\r\n0-1:24.1.0(003)\r\n0-1:96.1.0(3232324142434401)\r\n0-1:24.2.1(260310122450W)(12785.123*m3)\r\n");
    expect(telegram).toContain("\r\n0-2:24.1.0(007)\r\n");
  });

  test("leaves out a line whose value the meter does not have, and says so", () => {
    const source = meterAt(P1_START);
    const out = emitP1Telegram(exampleLayout("three-phase-hls-cellular"), (ref) => (ref.objectId === "logical-device-name" ? undefined : source(ref)), { header: P1_HEADER });
    expect(out.skipped.map((s) => s.obis)).toEqual(["0-0:42.0.0"]);
    expect(out.telegram).not.toContain("0-0:42.0.0");
  });
});

describe("buildTelegram", () => {
  test("ends with ! and the CRC of everything from / through !", () => {
    const t = buildTelegram("/ISk5\\2MT382-1000", ["1-3:0.2.8(50)"]);
    expect(t.startsWith("/ISk5\\2MT382-1000\r\n\r\n1-3:0.2.8(50)\r\n!")).toBe(true);
    expect(t).toMatch(/![0-9A-F]{4}\r\n$/);
  });
});

describe("emitP1Frame", () => {
  test("lays out DBh 08h title 82h length 30h counter ciphertext tag, decryptable by plain AES-128-GCM", () => {
    const telegram = telegramAt(exampleLayout("three-phase-hls-cellular"), 0);
    const frame = emitP1Frame(telegram, { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 0x01020304 });
    expect([...frame.subarray(0, 2)]).toEqual([0xdb, 0x08]);
    expect([...frame.subarray(2, 10)]).toEqual([...P1_SYSTEM_TITLE]);
    expect(frame[10]).toBe(0x82);
    expect((frame[11]! << 8) | frame[12]!).toBe(17 + telegram.length);
    expect([...frame.subarray(13, 18)]).toEqual([0x30, 1, 2, 3, 4]);
    expect(frame.length).toBe(18 + telegram.length + 12);
    const decipher = createDecipheriv("aes-128-gcm", P1_KEY, Buffer.concat([P1_SYSTEM_TITLE, Uint8Array.of(1, 2, 3, 4)]), { authTagLength: 12 });
    decipher.setAAD(Buffer.concat([Uint8Array.of(0x30), P1_AUTH_KEY]));
    decipher.setAuthTag(frame.subarray(frame.length - 12));
    const plain = Buffer.concat([decipher.update(frame.subarray(18, frame.length - 12)), decipher.final()]).toString("latin1");
    expect(plain).toBe(telegram);
  });

  test("takes a one-byte length below 128 and 81h xx below 256", () => {
    const shortText = "/ABC5x\r\n\r\n!0000\r\n";
    expect(emitP1Frame(shortText, { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 1 })[10]).toBe(17 + shortText.length);
    const mediumText = `/ABC5${"x".repeat(150)}\r\n\r\n!0000\r\n`;
    const medium = emitP1Frame(mediumText, { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 1 });
    expect([medium[10], medium[11]]).toEqual([0x81, 17 + mediumText.length]);
  });

  test("refuses a counter beyond 32 bits and a key that is not 16 bytes", () => {
    expect(() => emitP1Frame("/", { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 2 ** 32 })).toThrow(RangeError);
    expect(() => emitP1Frame("/", { key: P1_KEY.subarray(0, 8), systemTitle: P1_SYSTEM_TITLE, frameCounter: 0 })).toThrow(RangeError);
  });
});
