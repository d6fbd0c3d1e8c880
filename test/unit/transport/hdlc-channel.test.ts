import { describe, expect, test } from "vitest";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { decodeHdlcFrame } from "@/lib/dlms/hdlc/frame";
import { HdlcServerLink, type THdlcServerEvent } from "@/lib/dlms/hdlc/server-link";
import { createHdlcChannel } from "@/lib/transport/hdlc-channel";
import { memoryStream, memoryStreams, type TMemoryStream } from "./memory-streams";

/**
 * A meter behind an in-memory stream: our HDLC server link answering `answer(apdu)`. `drop(n)`
 * decides whether the n-th frame the meter sends is lost on the way.
 */
function meter(options: { answer?: (apdu: Uint8Array) => Uint8Array[]; drop?: (n: number) => boolean; accept?: boolean; silent?: boolean } = {}) {
  const server = new HdlcServerLink({ accept: () => options.accept ?? true, limits: { maxInfoTransmit: 64, maxInfoReceive: 64 } });
  const received: string[] = [];
  let sent = 0;
  let pushTo: TMemoryStream | undefined;
  const out = (events: THdlcServerEvent[], stream: TMemoryStream) => {
    for (const e of events) {
      if (e.type === "send" && !(options.drop?.(sent++) ?? false)) stream.deliver(e.bytes);
      if (e.type === "apdu") {
        received.push(hex(e.apdu));
        const answers = (options.answer ?? ((a: Uint8Array) => [a]))(e.apdu);
        if (answers.length === 0) out(server.acknowledge(), stream);
        for (const a of answers) out(server.sendApdu(a), stream);
      }
    }
  };
  const stream = memoryStream((bytes, s) => {
    pushTo = s;
    if (!options.silent) out(server.receive(bytes), s);
  });
  return {
    stream,
    received,
    push: (apdu: Uint8Array) => out(server.push(apdu), pushTo!),
  };
}

const channelFor = (m: ReturnType<typeof meter>, retries?: number) =>
  createHdlcChannel({ streams: memoryStreams(m.stream, "memory://meter"), clientSap: 16, server: { upper: 1, lower: 17 }, proposal: { maxInfoTransmit: 64, maxInfoReceive: 64 }, retries });

describe("createHdlcChannel", () => {
  test("describes itself with the framing, target and addresses", () => {
    const c = createHdlcChannel({ streams: memoryStreams(memoryStream(() => undefined), "tcp://127.0.0.1:4061"), clientSap: 16, server: { upper: 1, lower: 0 } });
    expect(c.description).toBe("hdlc+tcp://127.0.0.1:4061 (client 16 → server 1/0)");
  });

  test("open runs SNRM/UA and reports the negotiated parameters", async () => {
    const m = meter();
    const c = channelFor(m);
    expect(await c.open(1000)).toEqual({ ok: true, value: { framing: "hdlc", maxInfoTransmit: 64, maxInfoReceive: 64, windowTransmit: 1, windowReceive: 1 } });
  });

  test("exchange segments the request, reassembles the answer and counts bytes, frames and round trips", async () => {
    const m = meter({ answer: (a) => [concat(a, a)] });
    const c = channelFor(m);
    await c.open(1000);
    const request = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const r = await c.exchange(request, 1000);
    expect(r.ok && hex(r.value)).toBe(hex(concat(request, request)));
    expect(m.received).toEqual([hex(request)]);
    expect(c.stats.roundTrips).toBe(1);
    expect(c.stats.framesSent).toBe(1 + 5 + 9);
    expect(c.stats.framesReceived).toBe(1 + 4 + 10);
    expect(c.stats.bytesSent).toBe(m.stream.written.reduce((n, b) => n + b.length, 0));
  });

  test("a lost answer frame is recovered by retransmitting the last frame after the time-out", async () => {
    const m = meter({ drop: (n) => n === 1 });
    const c = channelFor(m);
    await c.open(1000);
    const r = await c.exchange(fromHex("c001c1"), 100);
    expect(r.ok && hex(r.value)).toBe("c001c1");
    expect(m.received).toEqual(["c001c1"]);
    const sent = m.stream.written.map((b) => decodeHdlcFrame(b)).map((f) => (f.ok ? f.value.control.kind : "?"));
    expect(sent).toEqual(["SNRM", "I", "I"]);
  });

  test("no answer after the retries is a timeout naming the time, the target and the retransmissions", async () => {
    const m = meter({ silent: true });
    const c = channelFor(m, 2);
    const t = Date.now();
    const r = await c.open(100);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(r).toEqual({
      ok: false,
      error: { code: "timeout", message: "no answer within 100 ms from hdlc+memory://meter (client 16 → server 1/17) (2 retransmissions)" },
    });
    expect(m.stream.written).toHaveLength(3);
  });

  test("a refused SNRM fails open with refused", async () => {
    const r = await channelFor(meter({ accept: false })).open(1000);
    expect(r.ok ? undefined : r.error).toEqual({
      code: "refused",
      message: "hdlc+memory://meter (client 16 → server 1/17): server 1/17 refused the connection from client 16 (DM)",
    });
  });

  test("unsolicited APDUs go to the listeners and do not answer a pending exchange", async () => {
    const m = meter({
      answer: (a) => {
        m.push(fromHex("0f0000000100090301"));
        return [a];
      },
    });
    const c = channelFor(m);
    const pushed: string[] = [];
    c.onUnsolicited((a) => pushed.push(hex(a)));
    await c.open(1000);
    const r = await c.exchange(fromHex("c001c1"), 1000);
    expect(r.ok && hex(r.value)).toBe("c001c1");
    expect(pushed).toEqual(["0f0000000100090301"]);
  });

  test("a second exchange while one is pending is busy; send needs no answer", async () => {
    const m = meter({ answer: (a) => (a[0] === 0xee ? [] : [a]) });
    const c = channelFor(m);
    await c.open(1000);
    const first = c.exchange(fromHex("c001"), 1000);
    const second = await c.exchange(fromHex("c002"), 1000);
    expect(second.ok ? undefined : second.error.code).toBe("busy");
    await first;
    expect(await c.send(fromHex("ee01"))).toEqual({ ok: true, value: undefined });
    const after = await c.exchange(fromHex("c003"), 1000);
    expect(after.ok && hex(after.value)).toBe("c003");
  });

  test("close sends DISC, waits for the UA and closes the stream; later calls are closed errors", async () => {
    const m = meter();
    const c = channelFor(m);
    await c.open(1000);
    await c.close();
    expect(m.stream.closed).toBe(true);
    const last = decodeHdlcFrame(m.stream.written.at(-1)!);
    expect(last.ok && last.value.control.kind).toBe("DISC");
    const r = await c.exchange(fromHex("c0"), 100);
    expect(r.ok ? undefined : r.error.code).toBe("closed");
  });

  test("close gives up waiting for the UA after the close time-out", async () => {
    const m = meter();
    const c = createHdlcChannel({ streams: memoryStreams(m.stream), clientSap: 16, server: { upper: 1, lower: 17 }, closeTimeoutMs: 50 });
    await c.open(1000);
    m.stream.written.length = 0;
    const silent = m.stream;
    silent.deliver = () => undefined;
    const t = Date.now();
    await c.close();
    expect(Date.now() - t).toBeGreaterThanOrEqual(45);
    expect(silent.closed).toBe(true);
  });

  test("the stream closing under a pending exchange fails it with closed", async () => {
    const m = meter({ silent: false, answer: () => [] });
    const c = channelFor(m);
    await c.open(1000);
    const pending = c.exchange(fromHex("c001"), 5000);
    setTimeout(() => m.stream.hangUp("reset by peer"), 20);
    const r = await pending;
    expect(r).toEqual({ ok: false, error: { code: "closed", message: "connection closed by memory://meter: reset by peer" } });
  });
});
