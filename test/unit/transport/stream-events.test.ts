import { describe, expect, test } from "vitest";
import { StreamEvents } from "@/lib/transport/stream-events";

describe("StreamEvents", () => {
  test("data that arrives before a listener is kept for the first listener", () => {
    const e = new StreamEvents();
    e.data(Uint8Array.of(1));
    const got: number[] = [];
    e.onData((b) => got.push(...b));
    e.data(Uint8Array.of(2));
    expect(got).toEqual([1, 2]);
  });

  test("close listeners run once, and late listeners hear the reason at once", () => {
    const e = new StreamEvents();
    const reasons: string[] = [];
    e.onClose((r) => reasons.push(r));
    e.close("reset");
    e.close("again");
    e.onClose((r) => reasons.push(`late ${r}`));
    expect(reasons).toEqual(["reset", "late reset"]);
    expect(e.closed).toBe(true);
  });
});
