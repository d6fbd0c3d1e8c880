import { describe, expect, test } from "vitest";
import { toBase64, fromBase64 } from "@/lib/p1/bytes";
import { checkP1Upload, ZP1CheckRequest, type TP1CheckRequest } from "@/lib/p1/upload";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import fc from "fast-check";
import { exampleLayout, exampleProfile, frameOf, P1_KEY_HEX, sendTime, telegramAt } from "../../helpers/p1-meter";

const profile = exampleProfile("three-phase-hls-cellular");
const testbook = buildTestbook(profile, getCatalogue());
const layout = exampleLayout("three-phase-hls-cellular");
const frames = [0, 1].map((i) => frameOf(telegramAt(layout, i), i));
const jsonl = frames.map((f, i) => JSON.stringify({ t: sendTime(i), hex: Buffer.from(f).toString("hex") })).join("\n");
const request = (over: Partial<TP1CheckRequest> = {}): TP1CheckRequest => ({
  capture: { name: "p1.jsonl", base64: Buffer.from(jsonl).toString("base64") },
  keys: { encryption: P1_KEY_HEX, authentication: "" },
  ...over,
});
const now = new Date("2026-03-10T12:00:00Z");

describe("checkP1Upload", () => {
  test("checks the capture with the keys and returns the report and its results set, without the keys", () => {
    const r = checkP1Upload(profile, testbook, request(), now);
    expect(r.ok && r.value.report.verdict).toBe("conformant");
    expect(r.ok && r.value.results.testbook.id).toBe(testbook.id);
    expect(JSON.stringify(r).toUpperCase()).not.toContain(P1_KEY_HEX);
  });

  test.each([
    [{ keys: { encryption: "12345", authentication: "" } }, "Encryption key must be 32 hexadecimal digits"],
    [{ keys: { encryption: P1_KEY_HEX, authentication: "zz" } }, "Authentication key must be 32 hexadecimal digits"],
    [{ capture: { name: "p1.jsonl", base64: Buffer.from('{"t":1}').toString("base64") } }, 'Capture file: p1.jsonl line 1: "hex" must be the received bytes'],
    [{ times: "[3, 1]" }, "Receive times: the times file: time 2 is not a time"],
  ])("refuses bad input with a message naming the field (%#)", (over, message) => {
    const r = checkP1Upload(profile, testbook, request(over as Partial<TP1CheckRequest>), now);
    expect(r).toMatchObject({ ok: false, status: 400, error: expect.stringContaining(message) });
  });

  test("refuses a profile without a P1 port", () => {
    expect(checkP1Upload(exampleProfile("single-phase-plc"), testbook, request(), now)).toMatchObject({ ok: false, status: 422 });
  });
});

describe("ZP1CheckRequest", () => {
  test("names the field of every problem", () => {
    const r = ZP1CheckRequest.safeParse({ capture: { name: "", base64: "@@" }, keys: { encryption: 5, authentication: "" }, toleranceMs: 9000 });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      "Capture file: the file name is missing",
      "Capture file: not sent as base64",
      "Encryption key: must be text",
      "Tolerance: must be at most 5000 ms",
    ]);
  });

  test("refuses a capture above 512 KiB", () => {
    const big = toBase64(new Uint8Array(512 * 1024 + 3));
    expect(ZP1CheckRequest.safeParse(request({ capture: { name: "big.bin", base64: big } })).error?.issues[0]?.message).toContain("larger than 512 KiB");
  });
});

describe("toBase64", () => {
  test("agrees with Node's base64 and reads back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
    );
  });
});
