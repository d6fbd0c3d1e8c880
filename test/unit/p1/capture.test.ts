import { describe, expect, test } from "vitest";
import { captureFromChunks, captureFromJsonl, isJsonlCapture, parseTimes } from "@/lib/p1/capture";

describe("captureFromChunks", () => {
  test("joins the chunks and keeps each one's offset and receive time", () => {
    const c = captureFromChunks("tcp x", [{ at: 10, bytes: Uint8Array.of(1, 2) }, { at: 20, bytes: new Uint8Array(0) }, { at: 30, bytes: Uint8Array.of(3) }], 5, 40);
    expect([...c.bytes]).toEqual([1, 2, 3]);
    expect(c.chunks).toEqual([{ offset: 0, at: 10 }, { offset: 2, at: 30 }]);
    expect([c.requestAt, c.endAt]).toEqual([5, 40]);
  });
});

describe("captureFromJsonl", () => {
  test("reads {t, hex} lines and the request and end events", () => {
    const r = captureFromJsonl("c.jsonl", '{"t":100,"event":"request"}\n{"t":200,"hex":"2F41"}\n\n{"t":250,"hex":"4243"}\n{"t":300,"event":"end"}\n');
    expect(r.ok && { bytes: [...r.capture.bytes], chunks: r.capture.chunks, request: r.capture.requestAt, end: r.capture.endAt }).toEqual({
      bytes: [0x2f, 0x41, 0x42, 0x43],
      chunks: [{ offset: 0, at: 200 }, { offset: 2, at: 250 }],
      request: 100,
      end: 300,
    });
  });

  test.each([
    ['{"t":1,"hex":"2F"}\nnot json', 'c.jsonl line 2 is not JSON'],
    ['{"hex":"2F"}', 'c.jsonl line 1: "t" must be a receive time in milliseconds'],
    ['{"t":5,"hex":"2F"}\n{"t":4,"hex":"2F"}', 'line 2: "t" goes back in time'],
    ['{"t":1,"hex":"2F4"}', '"hex" must be the received bytes as an even number of hexadecimal digits'],
    ['{"t":1,"event":"stop"}', '"event" must be "request" or "end"'],
    ['{"t":1,"event":"request"}', "holds no received bytes"],
    ["[1,2]", "line 1 is not an object"],
  ])("refuses %j: %s", (text, message) => {
    const r = captureFromJsonl("c.jsonl", text);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe("isJsonlCapture", () => {
  test("knows a .jsonl capture by its name or its first character", () => {
    expect(isJsonlCapture("p1.JSONL", Uint8Array.of(0x2f))).toBe(true);
    expect(isJsonlCapture("p1.log", new TextEncoder().encode('{"t":1,"hex":"2F"}'))).toBe(true);
    expect(isJsonlCapture("p1.bin", Uint8Array.of(0x2f, 0x41))).toBe(false);
  });
});

describe("parseTimes", () => {
  test("reads an array of milliseconds, or an object with the request time", () => {
    expect(parseTimes("t.json", "[1000, 11000]")).toEqual({ ok: true, times: [1000, 11000], requestAt: null });
    expect(parseTimes("t.json", '{"request": 500, "times": [1000]}')).toEqual({ ok: true, times: [1000], requestAt: 500 });
  });

  test.each([
    ["nope", "is not JSON"],
    ['{"at": []}', "must be an array of receive times"],
    ["[1000, 900]", "time 2 is not a time in milliseconds at or after the one before"],
    ['[1, "2"]', "time 2"],
    ['{"request": "x", "times": [1]}', '"request" must be a time in milliseconds'],
  ])("refuses %j: %s", (text, message) => {
    const r = parseTimes("t.json", text);
    expect(!r.ok && r.error).toContain(message);
  });
});
