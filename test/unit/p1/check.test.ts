import { describe, expect, test } from "vitest";
import { captureFromBytes, captureFromChunks, type TCapture } from "@/lib/p1/capture";
import { checkP1Capture, type TP1CheckOptions } from "@/lib/p1/check";
import { crc16Text, formatCrc } from "@/lib/p1/crc";
import type { TP1Layout } from "@/lib/p1/layout";
import type { TP1Report } from "@/lib/p1/report";
import {
  concat,
  exampleLayout,
  frameOf,
  hexBytes,
  P1_AUTH_KEY,
  P1_AUTH_KEY_HEX,
  P1_KEY,
  P1_KEY_HEX,
  P1_NEW_KEY,
  plainLayout,
  sendTime,
  sentAt,
  telegramAt,
  textBytes,
} from "../../helpers/p1-meter";

const plain = plainLayout("three-phase-hls-cellular");
const secured = exampleLayout("three-phase-hls-cellular");
const full = plainLayout("full");
const keys = (encryption = [P1_KEY], authentication = P1_AUTH_KEY) => ({ encryption, authentication });

/** The telegram with its CRC made right again, so that a test sees only the defect it made. */
function withCrc(text: string): string {
  const bang = text.indexOf("!");
  return `${text.slice(0, bang + 1)}${formatCrc(crc16Text(text.slice(0, bang + 1)))}\r\n`;
}

const telegrams = (layout: TP1Layout, n: number, edit: (text: string, i: number) => string = (t) => t) => Array.from({ length: n }, (_, i) => edit(telegramAt(layout, i), i));

/** Units sent at the meter's times, 120 ms after each send time, with the request 300 ms before the first. */
const timed = (units: (string | Uint8Array)[]): TCapture =>
  captureFromChunks("test", sentAt(units.map((u) => (typeof u === "string" ? textBytes(u) : u))), sendTime(0) - 300, sendTime(units.length) + 5000);

function check(capture: TCapture, layout: TP1Layout, options: Partial<TP1CheckOptions> = {}): TP1Report {
  return checkP1Capture(capture, layout, { keys: null, checkedAt: "2026-03-10T12:00:00.000Z", ...options });
}
const notPassing = (r: TP1Report) => r.lines.filter((l) => l.status !== "PASS").map((l) => [l.status, l.check, l.reason]);
const reasons = (r: TP1Report, check: string, status = "FAIL") => r.lines.filter((l) => l.check === check && l.status === status).map((l) => l.reason);

describe("checkP1Capture: a conformant port", () => {
  test("plain telegrams every 10 s pass every check", () => {
    const r = check(timed(telegrams(plain, 6)), plain);
    expect(notPassing(r)).toEqual([]);
    expect(r.verdict).toBe("conformant");
    expect(r.capture).toMatchObject({ telegrams: 6, frames: 0, checked: 6, times: "chunks" });
    expect(r.decoded).toHaveLength(6);
    expect(r.decoded[0]!.lines.map((l) => l.kind)).toEqual(["header", "empty", ...Array(12).fill("data"), "end"]);
    expect(reasons(r, "timing.interval", "PASS")[0]).toBe("5 intervals between 10.00 s and 10.00 s, within 10.00 s ± 0.50 s");
  });

  test("encrypted frames of the full profile (4 M-Bus channels) pass with the P1 key", () => {
    const layout = exampleLayout("full");
    const r = check(timed(telegrams(layout, 4).map((t, i) => frameOf(t, 900 + i))), layout, { keys: keys() });
    expect(notPassing(r)).toEqual([]);
    expect(r.capture).toMatchObject({ frames: 4, checked: 4 });
    expect(reasons(r, "frame.counter", "PASS")).toEqual(["the counter rises by one per frame (3 steps, 900 to 903)"]);
  });

  test("a capture cut at its start and end is still judged on the telegrams it holds whole", () => {
    const [a, b, c] = telegrams(plain, 3).map(textBytes);
    const r = check(captureFromBytes("cut", concat([a!.subarray(40), b!, c!.subarray(0, 100)])), plain);
    expect(r.verdict).toBe("conformant");
    expect(reasons(r, "capture.cut", "WARN")).toEqual([`the capture starts inside a telegram or frame: its first ${a!.length - 40} bytes are skipped`, "telegram 2 is cut by the end of the capture: not judged"]);
  });

  test("the report never holds a key, in any case", () => {
    const r = check(timed(telegrams(secured, 2).map((t, i) => frameOf(t, i))), secured, { keys: keys() });
    const json = JSON.stringify(r).toUpperCase();
    expect(json).not.toContain(P1_KEY_HEX);
    expect(json).not.toContain(P1_AUTH_KEY_HEX);
  });
});

describe("checkP1Capture: framing", () => {
  const one = (text: string, layout = plain) => check(captureFromBytes("t", textBytes(text)), layout);
  const base = telegramAt(plain, 0);

  test("a bad CRC gives the computed and the received value", () => {
    const text = base.replace(/!([0-9A-F]{4})/, "!0000");
    expect(reasons(one(text), "telegram.crc")).toEqual([`received 0000, computed ${base.match(/!([0-9A-F]{4})/)![1]}`]);
  });

  test("a missing CR fails the line ends and explains the CRC", () => {
    const text = base.replace("(50)\r\n", "(50)\n");
    const r = one(text);
    expect(reasons(r, "telegram.line-ends")).toEqual(["line 3 ends with LF only: the CR before it is missing"]);
    expect(reasons(r, "telegram.crc")[0]).toContain("likely cause: a missing CR: line 3 ends with LF only");
  });

  test("a changed character is located", () => {
    const r = one(base.replace("(123456.789*kWh)", "(123456.788*kWh)"));
    expect(reasons(r, "telegram.crc")[0]).toContain("likely cause: a changed character, one bit flipped: line 6, column 20 reads '8', and with '9' there the CRC verifies");
  });

  test("a cut telegram: the next one starts before the end line", () => {
    const [a, b] = telegrams(plain, 2);
    const r = check(captureFromBytes("t", textBytes(a!.slice(0, 150) + b!)), plain);
    expect(reasons(r, "telegram.complete")).toEqual(["the telegram is cut: the next telegram or frame starts after line 7, before this one's end line \"!\""]);
    expect(r.lines.find((l) => l.check === "telegram.crc" && l.status === "FAIL")).toBeUndefined();
  });

  test("a line cut in the middle is named as the likely cause of the CRC failure", () => {
    const text = base.replace("1-0:2.8.0(004321.000*kWh)", "1-0:2.8.0(00432");
    const r = one(text);
    expect(reasons(r, "telegram.data-lines")).toEqual(["line 7: a bracket is not closed: the line is cut"]);
    expect(reasons(r, "telegram.crc")[0]).toContain('likely cause: a cut telegram: line 7 is incomplete ("1-0:2.8.0(00432"): bytes were lost there');
  });

  test("a lost character: the CRC failure points to the one line whose format fails", () => {
    const r = one(base.replace("(01.193*kW)", "(1.193*kW)"));
    expect(reasons(r, "telegram.crc")[0]).toMatch(/^received [0-9A-F]{4}, computed [0-9A-F]{4}; likely cause: line 10 \("1-0:1\.7\.0\(1\.193\*kW\)"\) fails its format, a character was lost or changed there$/);
  });

  test.each([
    ["/PR5\\2PRIME-PLUS-T210", "the header \"/PR5\\2PRIME-PLUS-T210\" is not \"/\" followed by a three-letter FLAG id"],
    ["/PRM4\\2PRIME-PLUS-T210", "the character after the FLAG id PRM is '4', not '5'"],
    ["/PRM5", "no meter identification follows /XXX5"],
  ])("header %s fails", (header, reason) => {
    expect(reasons(one(withCrc(base.replace("/PRM5\\2PRIME-PLUS-T210", header))), "telegram.header")).toEqual([reason]);
  });

  test("the header's FLAG id must start the logical device name", () => {
    expect(reasons(one(withCrc(base.replace("/PRM5", "/XYZ5"))), "telegram.header")).toEqual(["the header's FLAG id XYZ differs from the first three characters of the logical device name (PRM)"]);
  });

  test("the second line must be empty", () => {
    const r = one(withCrc(base.replace("\r\n\r\n", "\r\nx\r\n")));
    expect(reasons(r, "telegram.empty-line")).toEqual(['line 2 is "x", not empty']);
  });

  test("a byte outside printable ASCII is located", () => {
    expect(reasons(one(withCrc(base.replace("PRIME-PLUS", "PRIME\xc3PLUS"))), "telegram.characters")).toEqual(["line 1, column 13: byte 0xC3 is not printable ASCII"]);
  });

  test("an OBIS code with its F group, and a line that is not OBIS(value)", () => {
    const r = one(withCrc(base.replace("1-0:1.8.0(", "1-0:1.8.0.255(").replace("1-0:2.7.0(", "x-0:2.7.0(")));
    expect(reasons(r, "telegram.data-lines")).toEqual([
      "line 6: the OBIS code 1-0:1.8.0.255 is written with its F group; a telegram line drops it (1-0:1.8.0)",
      'line 11: "x-0:2.7.0" is not an OBIS code A-B:C.D.E',
    ]);
  });

  test("the CRC in lower case, and a CRC of 3 digits", () => {
    const crc = base.match(/!([0-9A-F]{4})/)![1]!;
    expect(reasons(one(base.replace(`!${crc}`, `!${crc.toLowerCase()}`)), "telegram.end-line")).toEqual([`the CRC ${crc.toLowerCase()} is written in lower case; it takes upper-case digits (${crc})`]);
    expect(reasons(one(base.replace(`!${crc}`, `!${crc.slice(1)}`)), "telegram.end-line")).toEqual([`"${crc.slice(1)}" after "!" is not 4 hexadecimal digits`]);
  });

  test("bytes between telegrams belong to nothing", () => {
    const [a, b] = telegrams(plain, 2);
    expect(reasons(check(captureFromBytes("t", textBytes(`${a}\r\n${b}`)), plain), "capture.between")).toEqual(["2 bytes after telegram or frame 1, before the next one, belong to no telegram or frame: 0D0A"]);
  });

  test("a plain telegram on a port the profile encrypts fails", () => {
    expect(reasons(one(base, secured), "frame.encryption")[0]).toContain("telegram 1 is plain text, but the profile protects the P1 port");
  });
});

describe("checkP1Capture: encrypted frames", () => {
  const frames = (n: number, counter = (i: number) => 100 + i) => telegrams(secured, n).map((t, i) => frameOf(t, counter(i)));
  const run = (units: Uint8Array[], k = keys()) => check(timed(units), secured, { keys: k });

  test("a wrong key is diagnosed as a wrong key, and the capture is unreadable", () => {
    const r = run(frames(3), keys([P1_NEW_KEY]));
    expect(r.verdict).toBe("unreadable");
    expect(reasons(r, "frame.decryption")).toEqual([expect.stringMatching(/^wrong key: .*\(frames 1-3\)$/)]);
  });

  test("a bad tag is not a wrong key, and the telegram inside is still checked", () => {
    const f = frames(2);
    f[1]![f[1]!.length - 3]! ^= 0x40;
    const r = run(f);
    expect(reasons(r, "frame.decryption")).toEqual([expect.stringContaining("the encryption key is right (the frame decrypts into a telegram whose CRC verifies) but the tag does not verify")]);
    expect(r.capture.checked).toBe(2);
  });

  test("an AAD other than 30h || authentication key is named", () => {
    const r = run(frames(1), keys([P1_KEY], hexBytes("FFEEDDCCBBAA99887766554433221100")));
    expect(reasons(r, "frame.decryption")).toEqual(["the tag verifies with another AAD: the meter authenticates with the specification's fixed authentication key, not with the authentication key given"]);
  });

  test("a truncated frame", () => {
    const f = frames(3);
    const r = check(captureFromBytes("t", concat([f[0]!, f[1]!.subarray(0, 250), f[2]!])), secured, { keys: keys() });
    expect(reasons(r, "frame.complete")).toEqual([`truncated frame: the length field (byte 10) announces ${f[1]!.length - 13} bytes after it, only 237 came before the next frame`]);
  });

  test.each([
    [0, 0xdc, "frame.tag", "byte 0 is 0xDC, not 0xDB (general-glo-ciphering): 0xDC is general-ded-ciphering (dedicated key), not general-glo-ciphering"],
    [13, 0x20, "frame.security-control", "byte 13 (security control) is 0x20 ' ', not 0x30 (authenticated and encrypted, suite 0): encryption only, no authentication"],
  ])("byte %i = %i fails %s", (at, value, checkId, reason) => {
    const f = frames(3);
    f[1]![at] = value;
    expect(reasons(run(f), checkId)).toEqual([reason]);
  });

  test("a wrong system title length", () => {
    const f = frames(2);
    f[1]![1] = 0x0a;
    expect(reasons(run(f), "frame.system-title")).toEqual(["byte 1 (system title length) is 0x0A, not 0x08"]);
  });

  test("a wrong length field, found by the tag verifying over the whole frame", () => {
    const f = frames(3);
    f[1]![12]! -= 2;
    expect(reasons(check(captureFromBytes("t", concat(f)), secured, { keys: keys() }), "frame.length")).toEqual([`the length field gives ${f[1]!.length - 15}, but ${f[1]!.length - 13} bytes follow it up to the next frame, and the tag verifies over all of them: the length field is wrong`]);
  });

  test("an encrypted frame on a port the profile leaves plain fails", () => {
    expect(reasons(check(timed(frames(1)), plain, { keys: keys() }), "frame.encryption")).toEqual(["frame 1 is encrypted, but the profile has no P1 security setup: plain telegrams are expected"]);
  });

  test("without a key the frames are inconclusive and the capture unreadable", () => {
    const r = run(frames(2), keys([]));
    expect(reasons(r, "frame.decryption", "INCONCLUSIVE")).toEqual(["no encryption key was given: the frame cannot be decrypted and its telegram not checked (all 2 frames)"]);
    expect(r.verdict).toBe("unreadable");
  });
});

describe("checkP1Capture: frame counters", () => {
  const run = (counters: number[], encryptionKeys: Uint8Array[][] = counters.map(() => [P1_KEY]), endAt?: number) => {
    const units = telegrams(secured, counters.length).map((t, i) => frameOf(t, counters[i]!, encryptionKeys[i]![0]));
    const capture = timed(units);
    return check(endAt === undefined ? capture : { ...capture, endAt }, secured, { keys: keys([P1_KEY, P1_NEW_KEY]) });
  };

  test("a counter that did not increase", () => {
    expect(reasons(run([5, 5, 6]), "frame.counter")).toEqual(["the counter did not increase: frames 1 and 2 both carry 5, one IV used twice under the key"]);
    expect(reasons(run([50, 40]), "frame.counter")).toEqual(["the counter did not increase: it fell from 50 to 40 (frames 1 and 2)"]);
  });

  test("a counter that skipped within one period, and one that rose across a gap in the capture", () => {
    expect(reasons(run([5, 7]), "frame.counter")).toEqual(["the counter rose by 2, from 5 to 7 (frames 1 and 2) within one period: the meter skipped 1 counter"]);
    const gap = check(captureFromBytes("t", concat(telegrams(secured, 2).map((t, i) => frameOf(t, [5, 9][i]!)))), secured, { keys: keys() });
    expect(reasons(gap, "frame.counter", "WARN")).toEqual(["the counter rose by 4, from 5 to 9 (frames 1 and 2): 3 frames are missing from the capture, or the meter skipped counters"]);
  });

  test("a counter reset without a key change fails; after a key change it passes", () => {
    expect(reasons(run([5000, 0]), "frame.counter-reset")).toEqual(["the counter reset from 5000 to 0 without a key change: frame 2 decrypts with the same key as frame 1"]);
    const changed = run([5000, 0, 1], [[P1_KEY], [P1_NEW_KEY], [P1_NEW_KEY]]);
    expect(reasons(changed, "frame.counter-reset", "PASS")).toEqual(["after the key change at frame 2 the counter restarts at 0 (frame 2)"]);
    expect(changed.verdict).toBe("conformant");
    expect(reasons(run([5000, 77], [[P1_KEY], [P1_NEW_KEY]]), "frame.counter-reset")).toEqual(["after the key change at frame 2 the counter is 77, not 0: it must restart when the key changes"]);
  });

  test("at 0xFFFFFFFF the port must stop: a frame after it, or a wrap to 0, fails", () => {
    expect(reasons(run([0xfffffffe, 0xffffffff, 0]), "frame.counter-overflow")).toEqual(["frame 3 (counter 0) was sent after frame 2 reached 0xFFFFFFFF: the port must stop sending"]);
    expect(reasons(run([0xfffffffd, 0xfffffffe, 0]), "frame.counter-overflow")).toEqual(["the counter wrapped from 0xFFFFFFFE to 0 (frames 2 and 3) instead of the port stopping at 0xFFFFFFFF"]);
  });

  test("a port silent after 0xFFFFFFFF passes when the capture goes on for two periods, else it is inconclusive", () => {
    expect(reasons(run([0xfffffffe, 0xffffffff], undefined, sendTime(1) + 30_000), "frame.counter-overflow", "PASS")[0]).toMatch(/^after frame 2 with counter 0xFFFFFFFF nothing was sent for 29\.9 s/);
    expect(reasons(run([0xfffffffe, 0xffffffff], undefined, sendTime(1) + 5_000), "frame.counter-overflow", "INCONCLUSIVE")).toHaveLength(1);
  });
});

describe("checkP1Capture: content against the profile", () => {
  const one = (edit: (t: string) => string, layout = plain) => check(captureFromBytes("t", textBytes(withCrc(edit(telegramAt(layout, 0))))), layout);

  test("a missing default row fails, for the readout list test and the register's own test", () => {
    const r = one((t) => t.replace("1-0:2.8.0(004321.000*kWh)\r\n", ""));
    const line = r.lines.find((l) => l.check === "content.rows" && l.status === "FAIL")!;
    expect(line.reason).toBe("1-0:2.8.0 (Total exported energy register (P-)) is missing");
    expect(line.testIds).toEqual(["P1-005", "P1-007/energy-active-export-total"]);
    expect(r.decoded[0]!.missing).toEqual([{ obis: "1-0:2.8.0", name: "Total exported energy register (P-)" }]);
  });

  test("an optional row of the specification is allowed and its format checked", () => {
    const r = one((t) => t.replace("0-0:96.13.0()", "0-0:96.13.0()\r\n1-0:32.32.0(00002)\r\n1-0:52.32.0(1)"));
    expect(reasons(r, "content.optional", "PASS")).toHaveLength(2);
    expect(reasons(r, "content.format")).toEqual(["1-0:52.32.0: 1 has 1 digits; F5(0,0) needs 5, leading zeros included (e.g. 00001)"]);
  });

  test("a row outside the list is a warning with a suggestion where one applies", () => {
    const r = one((t) => t.replace("0-0:96.13.0()", "0-0:96.13.0()\r\n0-0:32.32.0(00002)\r\n1-0:32.7.0(230.1*V)").replace("1-0:1.8.0(", "1-0:1.8.1("));
    expect(reasons(r, "content.outside", "WARN")).toEqual(["0-0:32.32.0 is not in the readout list; 1-0:32.32.0 is", "1-0:1.8.1 is not in the readout list; 1-0:1.8.0 is", "1-0:32.7.0 is not in the readout list"]);
    expect(r.verdict).toBe("not-conformant");
  });

  test("an OBIS code twice fails", () => {
    expect(reasons(one((t) => t.replace("1-0:2.7.0(00.000*kW)", "1-0:2.7.0(00.000*kW)\r\n1-0:2.7.0(00.000*kW)")), "content.duplicates")).toEqual(["1-0:2.7.0 appears twice, on lines 11 and 12"]);
  });

  test.each([
    ["(123456.789*kWh)", "(123456.78*kWh)", "1-0:1.8.0: 123456.78 has 2 decimals; F9(3,3) needs 3"],
    ["(004321.000*kWh)", "(4321.000*kWh)", "1-0:2.8.0: 4321.000 has 7 digits; F9(3,3) needs 9, leading zeros included (e.g. 000001.222)"],
    ["(01.193*kW)", "(01.193)", "1-0:1.7.0: the unit is missing: values of this row end with *kW"],
    ["(00.250*kvar)", "(00.250*kW)", "1-0:3.7.0: the unit is kW; this row's unit is kvar"],
    ["(260310123020W)", "(260310123020)", "0-0:1.0.0: 260310123020 is not a time stamp YYMMDDhhmmssX: 12 characters, not the 13 of YYMMDDhhmmssX: the DST flag S or W is missing"],
    ["(50524D30303031323334353637383930)", "(50524D3030303132333435363738393)", "0-0:42.0.0: 31 hexadecimal digits, an odd number: each octet takes two"],
  ])("%s written %s fails: %s", (from, to, reason) => {
    expect(reasons(one((t) => t.replace(from, to)), "content.format")).toEqual([reason]);
  });

  test("each value maps to its object's test", () => {
    const r = one((t) => t.replace("(01.193*kW)", "(1.193*kW)"));
    expect(r.lines.find((l) => l.check === "content.format" && l.status === "FAIL")!.testIds).toEqual(["P1-008/active-power-import"]);
  });

  test("an M-Bus index follows the format of its channel's medium", () => {
    const r = one((t) => t.replace("(25570.246*m3)", "(25570.24*m3)").replace("(12785.123*m3)", "(012785.12*m3)"), full);
    expect(reasons(r, "content.format")).toEqual(["0-2:24.2.1: value 2: 25570.24 has 2 decimals; F8(3,3) needs 3 (Last Index water, device type 7)"]);
  });

  test("the P1 version comes first and every M-Bus channel starts with its device type", () => {
    const r = one((t) => t.replace("0-1:24.1.0(003)\r\n0-1:96.1.0(3232324142434401)", "0-1:96.1.0(3232324142434401)\r\n0-1:24.1.0(003)").replace("1-3:0.2.8(50)\r\n0-0:1.0.0(260310123020W)", "0-0:1.0.0(260310123020W)\r\n1-3:0.2.8(50)"), full);
    expect(reasons(r, "content.order")).toEqual(["the first data line is 0-0:1.0.0; the P1 version 1-3:0.2.8 must come first", "M-Bus channel 1: 0-1:96.1.0 (line 17) comes before the device type line 0-1:24.1.0 (line 18)"]);
    expect(r.lines.find((l) => l.reason.startsWith("M-Bus channel 1"))!.testIds).toEqual(["P1-005", "P1-011/mbus-client-ch1"]);
  });

  test("the P1 version line has the value 50", () => {
    expect(reasons(one((t) => t.replace("(50)", "(42)")), "content.version")).toEqual(['the P1 version is "42"; the specification\'s is 50 (DSMR P1 5.0)']);
  });
});

describe("checkP1Capture: timing", () => {
  const at = (times: number[], requestAt: number | null = times[0]! - 300) =>
    captureFromChunks("t", telegrams(plain, times.length).map((t, i) => ({ at: times[i]!, bytes: textBytes(t) })), requestAt, null);

  test("an interval outside 10 s ± 0.5 s fails, and a double one is read as a missing telegram", () => {
    const r = check(at([0, 10_000, 22_400, 42_400]), plain);
    expect(reasons(r, "timing.interval")).toEqual(["telegrams 2 and 3 are 12.40 s apart, not 10.00 s ± 0.50 s", "telegrams 3 and 4 are 20.00 s apart, not 10.00 s ± 0.50 s: about 2 periods, 1 telegram is missing"]);
  });

  test("the first telegram more than 1 s after the request fails; an unknown request time is inconclusive", () => {
    expect(reasons(check(at([0, 10_000], -1350), plain), "timing.first")).toEqual(["the first telegram came 1.35 s after the request; at most 1.00 s"]);
    expect(reasons(check(at([0, 10_000], null), plain), "timing.first", "INCONCLUSIVE")).toHaveLength(1);
  });

  test("a telegram sent over more than 8 s fails", () => {
    const t = textBytes(telegramAt(plain, 0));
    const capture = captureFromChunks("t", [{ at: 0, bytes: t.subarray(0, 100) }, { at: 9000, bytes: t.subarray(100) }], -200, null);
    expect(reasons(check(capture, plain), "timing.duration")).toEqual(["telegram 1 took 9.00 s from its first to its last byte; at most 8.00 s"]);
  });

  test("a times file gives the receive times of raw captures; a count that does not fit is a warning", () => {
    const bytes = concat(telegrams(plain, 3).map(textBytes));
    const r = check({ ...captureFromBytes("t", bytes), unitTimes: [0, 10_000, 25_000, 35_000] }, plain);
    expect(reasons(r, "timing.interval")).toEqual(["telegrams 2 and 3 are 15.00 s apart, not 10.00 s ± 0.50 s"]);
    expect(reasons(r, "capture.times", "WARN")).toEqual(["the times file has 4 times for 3 telegrams and frames: they are matched in order"]);
  });
});

describe("checkP1Capture: consistency across telegrams", () => {
  test("an energy register that decreases fails for its register's test", () => {
    const r = check(timed(telegrams(plain, 3, (t, i) => (i === 2 ? withCrc(t.replace(/1-0:1\.8\.0\(\d+\.\d+/, "1-0:1.8.0(000001.000")) : t))), plain);
    const line = r.lines.find((l) => l.check === "consistency.registers" && l.status === "FAIL")!;
    expect(line.reason).toBe("1-0:1.8.0 fell from 123456.809*kWh to 000001.000*kWh between telegrams 2 and 3");
    expect(line.testIds).toEqual(["P1-007/energy-active-import-total"]);
  });

  test("a clock that does not follow the receive times fails; without times it must still advance", () => {
    const stuck = telegrams(plain, 3, (t) => withCrc(t.replace(/0-0:1\.0\.0\(\d{12}W\)/, "0-0:1.0.0(260310123020W)")));
    expect(reasons(check(timed(stuck), plain), "consistency.clock")).toEqual(["the clock advanced 0 s between telegrams 1 and 2, received 10.00 s apart", "the clock advanced 0 s between telegrams 2 and 3, received 10.00 s apart"]);
    expect(reasons(check(captureFromBytes("t", concat(stuck.map(textBytes))), plain), "consistency.clock")).toEqual(["the clock did not advance between telegrams 1 and 2 (0 s)", "the clock did not advance between telegrams 2 and 3 (0 s)"]);
  });
});

describe("checkP1Capture: unreadable captures", () => {
  test.each([
    [new Uint8Array(0), "no telegram or frame in 0 bytes: the capture is empty"],
    [textBytes("DB08AABBCCDD\n0011"), "it holds hexadecimal text, not the received bytes"],
    [Uint8Array.from({ length: 300 }, (_, i) => 0x80 + (i % 100)), "a wrong baud rate or inverted signal is likely"],
  ])("a capture with nothing to check says why", (bytes, reason) => {
    const r = check(captureFromBytes("x", bytes), plain);
    expect(r.verdict).toBe("unreadable");
    expect(reasons(r, "capture.content")[0]).toContain(reason);
  });
});
