import { describe, expect, test } from "vitest";
import { captureFromBytes, captureFromChunks } from "@/lib/p1/capture";
import { splitCapture } from "@/lib/p1/split";
import { concat, exampleLayout, frameOf, sentAt, telegramAt, textBytes } from "../../helpers/p1-meter";

const layout = exampleLayout("three-phase-hls-cellular");
const telegrams = [0, 1, 2].map((i) => textBytes(telegramAt(layout, i)));
const frames = [0, 1, 2].map((i) => frameOf(telegramAt(layout, i), 40 + i));
const shape = (bytes: Uint8Array) => splitCapture(captureFromBytes("t", bytes)).map((u) => [u.kind, u.start, u.end, u.cut]);

describe("splitCapture", () => {
  test("cuts back-to-back telegrams after the CR LF of each end line", () => {
    const [a, b, c] = telegrams.map((t) => t.length);
    expect(shape(concat(telegrams))).toEqual([
      ["telegram", 0, a, "none"],
      ["telegram", a, a! + b!, "none"],
      ["telegram", a! + b!, a! + b! + c!, "none"],
    ]);
  });

  test("follows the length field of back-to-back frames, never a 0xDB inside a ciphertext", () => {
    const units = splitCapture(captureFromBytes("f", concat(frames)));
    expect(units.map((u) => [u.kind, u.end - u.start, u.cut])).toEqual(frames.map((f) => ["frame", f.length, "none"]));
  });

  test("skips the bytes before the first telegram as cut by the start, and marks the last one cut by the end", () => {
    const bytes = concat([telegrams[0]!.subarray(150), telegrams[1]!, telegrams[2]!.subarray(0, 200)]);
    expect(shape(bytes).map((u) => [u[0], u[3]])).toEqual([
      ["noise", "capture-start"],
      ["telegram", "none"],
      ["telegram", "capture-end"],
    ]);
  });

  test("a telegram interrupted by the next one is cut there", () => {
    const bytes = concat([telegrams[0]!.subarray(0, 200), telegrams[1]!]);
    expect(shape(bytes)).toEqual([
      ["telegram", 0, 200, "interrupted"],
      ["telegram", 200, 200 + telegrams[1]!.length, "none"],
    ]);
  });

  test("a frame shorter than its length field is interrupted by the next frame", () => {
    const units = splitCapture(captureFromBytes("f", concat([frames[0]!.subarray(0, 300), frames[1]!])));
    expect(units.map((u) => [u.kind, u.end - u.start, u.cut, u.declaredEnd])).toEqual([
      ["frame", 300, "interrupted", frames[0]!.length],
      ["frame", frames[1]!.length, "none", 300 + frames[1]!.length],
    ]);
  });

  test("a frame with a wrong first byte is still a frame when its length field fits", () => {
    const bad = frames[1]!.slice();
    bad[0] = 0xdc;
    expect(splitCapture(captureFromBytes("f", concat([frames[0]!, bad, frames[2]!]))).map((u) => u.kind)).toEqual(["frame", "frame", "frame"]);
  });

  test("bytes between units are noise, and chunk times give each unit its receive times", () => {
    const capture = captureFromChunks("c", sentAt([frames[0]!, Uint8Array.of(0x0d, 0x0a), frames[1]!]), null, null);
    const units = splitCapture(capture);
    expect(units.map((u) => [u.kind, u.startAt, u.endAt])).toEqual([
      ["frame", capture.chunks[0]!.at, capture.chunks[0]!.at],
      ["noise", capture.chunks[1]!.at, capture.chunks[1]!.at],
      ["frame", capture.chunks[2]!.at, capture.chunks[2]!.at],
    ]);
  });

  test("every byte of any capture belongs to exactly one unit", () => {
    const bytes = concat([Uint8Array.of(0xdb, 0x08, 0x2f, 0x41), telegrams[0]!.subarray(10), frames[0]!.subarray(5), Uint8Array.of(0xdb)]);
    const units = splitCapture(captureFromBytes("x", bytes));
    expect(units[0]!.start).toBe(0);
    units.forEach((u, i) => expect(u.start).toBe(i === 0 ? 0 : units[i - 1]!.end));
    expect(units.at(-1)!.end).toBe(bytes.length);
  });
});
