import { describe, expect, test } from "vitest";
import { HdlcTransfer } from "@/lib/dlms/hdlc/transfer";

const config = { maxInfoTransmit: 4, windowTransmit: 2, windowReceive: 2, maxReceive: 8 };

describe("HdlcTransfer", () => {
  test("segments at the maximum information length, the segmentation bit on all but the last", () => {
    const t = new HdlcTransfer(config);
    t.enqueue(new Uint8Array(10));
    const burst = t.burst();
    expect(burst.map((f) => [f.ns, f.information.length, f.segmented, f.pf])).toEqual([
      [0, 4, true, false],
      [1, 4, true, true],
    ]);
    expect(t.burst()).toEqual([]);
    expect(t.acknowledge(2)).toBe(true);
    expect(t.burst().map((f) => [f.ns, f.information.length, f.segmented, f.pf])).toEqual([[2, 2, false, true]]);
  });

  test("an empty information field is one frame", () => {
    const t = new HdlcTransfer(config);
    t.enqueue(new Uint8Array(0));
    expect(t.burst()).toHaveLength(1);
  });

  test("N(R) may acknowledge only frames sent, modulo 8", () => {
    const t = new HdlcTransfer({ ...config, windowTransmit: 7, maxInfoTransmit: 1 });
    expect(t.acknowledge(0)).toBe(true);
    expect(t.acknowledge(1)).toBe(false);
    t.enqueue(new Uint8Array(3));
    t.burst();
    expect(t.acknowledge(4)).toBe(false);
    expect(t.acknowledge(2)).toBe(true);
    expect(t.acknowledge(1)).toBe(false);
    expect(t.acknowledge(3)).toBe(true);
  });

  test("go-back-N sends again from the first frame not acknowledged", () => {
    const t = new HdlcTransfer(config);
    t.enqueue(new Uint8Array(8));
    t.burst();
    t.acknowledge(1);
    t.goBack();
    expect(t.burst().map((f) => f.ns)).toEqual([1]);
  });

  test("frames in sequence reassemble; a repeated one is a duplicate and a gap out of sequence", () => {
    const t = new HdlcTransfer(config);
    expect(t.receive(0, Uint8Array.of(1, 2), true)).toEqual({ status: "accepted" });
    expect(t.receive(0, Uint8Array.of(1, 2), true)).toEqual({ status: "duplicate" });
    expect(t.receive(3, Uint8Array.of(9), false)).toEqual({ status: "out-of-sequence", expected: 1 });
    expect(t.receive(1, Uint8Array.of(3), false)).toEqual({ status: "accepted", complete: Uint8Array.of(1, 2, 3) });
  });

  test("sequence numbers wrap after 7", () => {
    const t = new HdlcTransfer({ ...config, maxReceive: 100 });
    for (let i = 0; i < 20; i++) expect(t.receive(i & 7, Uint8Array.of(i), false)).toEqual({ status: "accepted", complete: Uint8Array.of(i) });
  });

  test("reassembly beyond the limit reports overflow once and drops the segments up to the last", () => {
    const t = new HdlcTransfer(config);
    expect(t.receive(0, new Uint8Array(6), true)).toEqual({ status: "accepted" });
    expect(t.receive(1, new Uint8Array(6), true)).toEqual({ status: "accepted", overflow: true });
    expect(t.receive(2, new Uint8Array(6), true)).toEqual({ status: "accepted" });
    expect(t.receive(3, new Uint8Array(1), false)).toEqual({ status: "accepted" });
    expect(t.receive(4, new Uint8Array(1), false)).toEqual({ status: "accepted", complete: new Uint8Array(1) });
  });
});
