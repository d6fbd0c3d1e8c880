import { describe, expect, test, vi } from "vitest";
import { ThrottledWriter, transmissionMs } from "@/lib/transport/throttle";

describe("transmissionMs", () => {
  test("is 10 bits per byte at the baud rate plus the latency", () => {
    expect(transmissionMs(960, { baud: 9600 })).toBe(1000);
    expect(transmissionMs(96, { baud: 9600, latencyMs: 50 })).toBe(150);
    expect(transmissionMs(1000, { latencyMs: 30 })).toBe(30);
  });
});

describe("ThrottledWriter", () => {
  test("writes each answer after its transmission time, in order", async () => {
    vi.useFakeTimers();
    try {
      const written: number[] = [];
      const w = new ThrottledWriter((b) => written.push(b.length), { baud: 9600 });
      w.send(new Uint8Array(960));
      w.send(new Uint8Array(96));
      await vi.advanceTimersByTimeAsync(999);
      expect(written).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(written).toEqual([960]);
      await vi.advanceTimersByTimeAsync(100);
      expect(written).toEqual([960, 96]);
    } finally {
      vi.useRealTimers();
    }
  });

  test("without a throttle writes at once, and after stop writes nothing", () => {
    const written: number[] = [];
    const w = new ThrottledWriter((b) => written.push(b.length), undefined);
    w.send(new Uint8Array(3));
    w.stop();
    w.send(new Uint8Array(4));
    expect(written).toEqual([3]);
  });
});
