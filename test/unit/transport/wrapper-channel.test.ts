import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { encodeWrapperFrame, scanWrapperFrames } from "@/lib/dlms/wrapper/frame";
import { createWrapperChannel } from "@/lib/transport/wrapper-channel";
import { memoryStream, memoryStreams, type TMemoryStream } from "./memory-streams";

/** A meter answering each wrapper frame with `answer(apdu)` as raw bytes (in chunks when given several). */
function meter(answer: (apdu: Uint8Array, stream: TMemoryStream) => void) {
  return memoryStream((bytes, stream) => {
    for (const frame of scanWrapperFrames(bytes, { maxApduSize: 0xffff }).frames) answer(frame.apdu, stream);
  });
}

const reply = (apdu: Uint8Array, source = 1, destination = 16) => encodeWrapperFrame({ source, destination, apdu });
const channel = (stream: TMemoryStream) => createWrapperChannel({ streams: memoryStreams(stream, "tcp://127.0.0.1:4059"), clientSap: 16, logicalDevice: 1 });

describe("createWrapperChannel", () => {
  test("describes itself with the target and the wPorts", () => {
    expect(channel(meter(() => undefined)).description).toBe("tcp://127.0.0.1:4059 (wrapper, client 16 → server 1)");
  });

  test("exchange sends one wrapper frame from the client SAP to the logical device and resolves with the answer", async () => {
    const stream = meter((apdu, s) => s.deliver(reply(apdu)));
    const c = channel(stream);
    expect(await c.open(100)).toEqual({ ok: true, value: { framing: "wrapper" } });
    const r = await c.exchange(fromHex("c001c1"), 500);
    expect(r.ok && hex(r.value)).toBe("c001c1");
    expect(hex(stream.written[0]!)).toBe("0001001000010003c001c1");
    expect(c.stats).toEqual({ bytesSent: 11, bytesReceived: 11, framesSent: 1, framesReceived: 1, roundTrips: 1 });
  });

  test("an answer arriving in pieces slower than the time-out completes while bytes keep coming", async () => {
    const stream = meter((apdu, s) => {
      const bytes = reply(apdu);
      bytes.forEach((b, i) => setTimeout(() => s.deliver(Uint8Array.of(b)), 40 * (i + 1)));
    });
    const c = channel(stream);
    await c.open(100);
    const r = await c.exchange(fromHex("c001"), 100);
    expect(r.ok && hex(r.value)).toBe("c001");
  });

  test("no answer is a timeout naming the time and the target", async () => {
    const c = channel(meter(() => undefined));
    await c.open(100);
    expect(await c.exchange(fromHex("c001"), 50)).toEqual({
      ok: false,
      error: { code: "timeout", message: "no answer within 50 ms from tcp://127.0.0.1:4059 (wrapper, client 16 → server 1)" },
    });
  });

  test("an answer between other wPorts fails the exchange", async () => {
    const c = channel(meter((apdu, s) => s.deliver(reply(apdu, 2, 16))));
    await c.open(100);
    const r = await c.exchange(fromHex("c001"), 500);
    expect(r.ok ? "" : r.error.message).toMatch(/from wPort 2 to wPort 16, expected 1 to 16/);
  });

  test("a wrong version fails the exchange and closes the stream", async () => {
    const stream = meter((_, s) => s.deliver(fromHex("0002000100100001c4")));
    const c = channel(stream);
    await c.open(100);
    const r = await c.exchange(fromHex("c001"), 500);
    expect(r.ok ? undefined : r.error.code).toBe("frame");
    expect(stream.closed).toBe(true);
  });

  test("data-notifications go to the listeners, even from another wPort, and do not answer the exchange", async () => {
    const stream = meter((apdu, s) => {
      s.deliver(reply(fromHex("0f00000001"), 1, 102));
      s.deliver(reply(apdu));
    });
    const c = channel(stream);
    const pushed: string[] = [];
    c.onUnsolicited((a) => pushed.push(hex(a)));
    await c.open(100);
    const r = await c.exchange(fromHex("c001"), 500);
    expect(r.ok && hex(r.value)).toBe("c001");
    expect(pushed).toEqual(["0f00000001"]);
  });

  test("exchange before open, and a second one while the first is pending, are refused", async () => {
    const c = channel(meter(() => undefined));
    expect((await c.exchange(fromHex("c0"), 10)).ok).toBe(false);
    await c.open(100);
    const first = c.exchange(fromHex("c0"), 100);
    const second = await c.exchange(fromHex("c0"), 100);
    expect(second.ok ? undefined : second.error.code).toBe("busy");
    await first;
  });

  test("close fails the pending exchange with closed", async () => {
    const c = channel(meter(() => undefined));
    await c.open(100);
    const pending = c.exchange(fromHex("c0"), 5000);
    await c.close();
    expect((await pending).ok ? undefined : "closed").toBe("closed");
  });
});
