import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import type { TPeerAddress, TServerLink, TServerSession } from "@/lib/dlms/channel";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { clientAddress, serverAddress } from "@/lib/dlms/hdlc/address";
import { encodeHdlcFrame } from "@/lib/dlms/hdlc/frame";
import { encodeWrapperFrame, scanWrapperFrames } from "@/lib/dlms/wrapper/frame";
import { connectTcp, tcpStreams } from "@/lib/transport/byte-stream";
import { createHdlcChannel } from "@/lib/transport/hdlc-channel";
import { serveTcp, type TServeEvent, type TServeTcpOptions, type TTcpServer } from "@/lib/transport/tcp-server";
import { createWrapperChannel } from "@/lib/transport/wrapper-channel";

const open: TTcpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

interface TRecorder {
  accepted: TPeerAddress[];
  handled: string[];
  closed: string[];
  links: TServerLink[];
}

/** An echo-like session: answers each APDU with itself, unless `answer` says otherwise. */
function echo(recorder: TRecorder, answer?: (apdu: Uint8Array, link: TServerLink) => Promise<Uint8Array[]> | Uint8Array[], accept = true) {
  return (link: TServerLink): TServerSession => {
    recorder.links.push(link);
    return {
      accept: (address) => {
        recorder.accepted.push(address);
        return accept;
      },
      handle: (apdu) => {
        recorder.handled.push(hex(apdu));
        return answer ? answer(apdu, link) : [apdu];
      },
      closed: (reason) => {
        recorder.closed.push(reason);
      },
    };
  };
}

const recorder = (): TRecorder => ({ accepted: [], handled: [], closed: [], links: [] });

async function serve(options: Omit<TServeTcpOptions, "port">) {
  const server = await serveTcp({ port: 0, ...options });
  open.push(server);
  return server;
}

const wrapperChannel = (port: number) => createWrapperChannel({ streams: tcpStreams("127.0.0.1", port), clientSap: 16, logicalDevice: 1 });
const hdlcChannel = (port: number, retries = 1) =>
  createHdlcChannel({ streams: tcpStreams("127.0.0.1", port), clientSap: 16, server: { upper: 1, lower: 0 }, retries, proposal: { maxInfoTransmit: 256, maxInfoReceive: 256 } });

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
};

function rawSocket(port: number): Promise<{ socket: Socket; data: Buffer[]; ended: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const data: Buffer[] = [];
    socket.on("data", (d) => data.push(d));
    socket.on("error", () => undefined);
    const ended = new Promise<void>((r) => socket.on("close", () => r()));
    socket.on("connect", () => resolve({ socket, data, ended }));
  });
}

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

describe("serveTcp with the wrapper", () => {
  test("a wrapper channel exchanges APDUs with an echo session that accepted its wPorts", async () => {
    const r = recorder();
    const server = await serve({ framing: "wrapper", session: echo(r) });
    const c = wrapperChannel(server.port);
    expect(c.description).toBe(`tcp://127.0.0.1:${server.port} (wrapper, client 16 → server 1)`);
    expect(await c.open(1000)).toEqual({ ok: true, value: { framing: "wrapper" } });
    for (const size of [1, 1000, 30_000]) {
      const res = await c.exchange(pattern(size), 2000);
      expect(res.ok && hex(res.value)).toBe(hex(pattern(size)));
    }
    expect(r.accepted).toEqual([{ clientSap: 16, logicalDevice: 1 }]);
    expect(c.stats.roundTrips).toBe(3);
    expect(c.stats.framesSent).toBe(3);
    expect(c.stats.bytesSent).toBe(3 * 8 + 1 + 1000 + 30_000);
    await c.close();
    await until(() => r.closed.length === 1);
    expect(r.closed).toEqual(["closed by the client"]);
  });

  test("requests are handled one at a time in arrival order", async () => {
    let inFlight = 0;
    let most = 0;
    const r = recorder();
    const server = await serve({
      framing: "wrapper",
      session: echo(r, async (apdu) => {
        most = Math.max(most, ++inFlight);
        await new Promise((res) => setTimeout(res, 30 - apdu[0]! * 10));
        inFlight--;
        return [apdu];
      }),
    });
    const { socket, data } = await rawSocket(server.port);
    socket.write(Buffer.concat([0, 1, 2].map((i) => Buffer.from(encodeWrapperFrame({ source: 16, destination: 1, apdu: Uint8Array.of(i) })))));
    await until(() => Buffer.concat(data).length >= 27);
    const frames = scanWrapperFrames(new Uint8Array(Buffer.concat(data)), { maxApduSize: 100 }).frames;
    expect(frames.map((f) => [f.source, f.destination, hex(f.apdu)])).toEqual([[1, 16, "00"], [1, 16, "01"], [1, 16, "02"]]);
    expect(most).toBe(1);
    socket.destroy();
  });

  test("a wrong version closes only that connection; another keeps working", async () => {
    const events: TServeEvent[] = [];
    const r = recorder();
    const server = await serve({ framing: "wrapper", session: echo(r), onEvent: (e) => events.push(e) });
    const good = wrapperChannel(server.port);
    await good.open(1000);
    const bad = await rawSocket(server.port);
    bad.socket.write(fromHex("0002001000010001c0"));
    await bad.ended;
    expect(events.some((e) => e.type === "frame-error" && e.message === "wrapper version 0x0002, expected 0x0001")).toBe(true);
    const res = await good.exchange(fromHex("c001"), 1000);
    expect(res.ok && hex(res.value)).toBe("c001");
    await good.close();
  });

  test("a frame announcing more than maxApduSize closes the connection", async () => {
    const server = await serve({ framing: "wrapper", session: echo(recorder()), limits: { maxApduSize: 100 } });
    const bad = await rawSocket(server.port);
    bad.socket.write(fromHex("0001001000010065"));
    await bad.ended;
  });

  test("a refused client has its connection closed", async () => {
    const r = recorder();
    const server = await serve({ framing: "wrapper", session: echo(r, undefined, false) });
    const c = wrapperChannel(server.port);
    await c.open(1000);
    const res = await c.exchange(fromHex("c001"), 1000);
    expect(res.ok ? undefined : res.error.code).toBe("closed");
    expect(r.handled).toEqual([]);
  });

  test("push sends an unsolicited APDU to the client, which does not take it for the answer", async () => {
    const r = recorder();
    const server = await serve({
      framing: "wrapper",
      session: echo(r, (apdu, link) => {
        link.push(fromHex("0f0000000109"));
        return [apdu];
      }),
    });
    const c = wrapperChannel(server.port);
    const pushed: string[] = [];
    c.onUnsolicited((a) => pushed.push(hex(a)));
    await c.open(1000);
    const res = await c.exchange(fromHex("c001"), 1000);
    expect(res.ok && hex(res.value)).toBe("c001");
    expect(pushed).toEqual(["0f0000000109"]);
    await c.close();
  });

  test("no answer within the time-out is a timeout error with the address in its message", async () => {
    const server = await serve({ framing: "wrapper", session: echo(recorder(), () => new Promise(() => undefined)) });
    const c = wrapperChannel(server.port);
    await c.open(1000);
    const res = await c.exchange(fromHex("c001"), 200);
    expect(res).toEqual({
      ok: false,
      error: { code: "timeout", message: `no answer within 200 ms from tcp://127.0.0.1:${server.port} (wrapper, client 16 → server 1)` },
    });
    await c.close();
  });

  test("the throttle makes a 1,000-byte answer take about 1 s at 9600 baud", async () => {
    const server = await serve({ framing: "wrapper", session: echo(recorder(), () => [pattern(1000)]), throttle: { baud: 9600, latencyMs: 20 } });
    const c = wrapperChannel(server.port);
    await c.open(1000);
    const t = performance.now();
    const res = await c.exchange(fromHex("c001"), 5000);
    const elapsed = performance.now() - t;
    expect(res.ok && res.value.length).toBe(1000);
    // 1008 bytes × 10 bits at 9600 bit/s = 1050 ms, plus 20 ms latency; only the lower bound is stable.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    await c.close();
  });

  test("an idle connection is closed after inactivityMs", async () => {
    const events: TServeEvent[] = [];
    const server = await serve({ framing: "wrapper", session: echo(recorder()), inactivityMs: 100, onEvent: (e) => events.push(e) });
    const idle = await rawSocket(server.port);
    await idle.ended;
    expect(events.find((e) => e.type === "closed")).toMatchObject({ reason: "no data for 100 ms" });
  });

  test("a session that throws closes its connection and the server keeps serving", async () => {
    const server = await serve({
      framing: "wrapper",
      session: echo(recorder(), (apdu) => {
        if (apdu[0] === 0xff) throw new Error("boom");
        return [apdu];
      }),
    });
    const failing = wrapperChannel(server.port);
    await failing.open(1000);
    expect((await failing.exchange(Uint8Array.of(0xff), 1000)).ok).toBe(false);
    const other = wrapperChannel(server.port);
    await other.open(1000);
    expect((await other.exchange(Uint8Array.of(1), 1000)).ok).toBe(true);
    await other.close();
  });

  test("close stops listening and ends every connection", async () => {
    const r = recorder();
    const server = await serveTcp({ port: 0, framing: "wrapper", session: echo(r, () => new Promise(() => undefined)) });
    const c = wrapperChannel(server.port);
    await c.open(1000);
    const pending = c.exchange(fromHex("c001"), 5000);
    await until(() => r.handled.length === 1);
    await server.close();
    const res = await pending;
    expect(res.ok ? undefined : res.error.code).toBe("closed");
    expect(r.closed).toEqual(["the server was closed"]);
    const again = await connectTcp("127.0.0.1", server.port, 1000);
    expect(again.ok ? undefined : again.error.code).toBe("connect-failed");
  });
});

describe("serveTcp with HDLC", () => {
  test("an HDLC channel opens with SNRM/UA, exchanges segmented APDUs both ways and closes with DISC", async () => {
    const r = recorder();
    const server = await serve({ framing: "hdlc", session: echo(r), limits: { hdlc: { maxInfoTransmit: 2030, maxInfoReceive: 2030 } } });
    const c = hdlcChannel(server.port);
    expect(c.description).toBe(`hdlc+tcp://127.0.0.1:${server.port} (client 16 → server 1/0)`);
    expect(await c.open(1000)).toEqual({ ok: true, value: { framing: "hdlc", maxInfoTransmit: 256, maxInfoReceive: 256, windowTransmit: 1, windowReceive: 1 } });
    expect(r.accepted).toEqual([{ clientSap: 16, logicalDevice: 1, physical: 0 }]);
    for (const size of [0, 10, 5000]) {
      const res = await c.exchange(pattern(size), 2000);
      expect(res.ok && hex(res.value)).toBe(hex(pattern(size)));
    }
    expect(c.stats.roundTrips).toBe(3);
    await c.close();
    await until(() => r.closed.length === 1);
    expect(r.closed).toEqual(["client 16 disconnected (DISC)"]);
  });

  test("a refusing session makes the server answer DM and open fail with refused", async () => {
    const server = await serve({ framing: "hdlc", session: echo(recorder(), undefined, false) });
    const res = await hdlcChannel(server.port).open(1000);
    expect(res.ok ? undefined : res.error.code).toBe("refused");
  });

  test("no answer is a timeout with the address in its message, after the retransmissions", async () => {
    const server = await serve({ framing: "hdlc", session: echo(recorder(), () => new Promise(() => undefined)) });
    const c = hdlcChannel(server.port, 1);
    await c.open(1000);
    const res = await c.exchange(fromHex("c001"), 150);
    expect(res.ok ? undefined : res.error).toEqual({
      code: "timeout",
      message: `no answer within 150 ms from hdlc+tcp://127.0.0.1:${server.port} (client 16 → server 1/0) (1 retransmission)`,
    });
    await c.close();
  });

  test("frame errors are reported and skipped, the connection stays, and another connection is not affected", async () => {
    const events: TServeEvent[] = [];
    const r = recorder();
    const server = await serve({ framing: "hdlc", session: echo(r), onEvent: (e) => events.push(e) });
    const good = hdlcChannel(server.port);
    await good.open(1000);
    const noisy = await rawSocket(server.port);
    const snrm = encodeHdlcFrame({ segmented: false, destination: serverAddress(1), source: clientAddress(17), control: { kind: "SNRM", pf: true }, information: new Uint8Array(0) });
    const corrupt = snrm.slice();
    corrupt[4] = 0x99;
    noisy.socket.write(Buffer.concat([Buffer.from("garbage"), Buffer.from([0x7e, 0xb0]), Buffer.from(corrupt), Buffer.from(snrm)]));
    await until(() => noisy.data.length > 0);
    expect(events.filter((e) => e.type === "frame-error").length).toBeGreaterThanOrEqual(2);
    expect(r.accepted.at(-1)).toEqual({ clientSap: 17, logicalDevice: 1 });
    const res = await good.exchange(fromHex("c001"), 1000);
    expect(res.ok && hex(res.value)).toBe("c001");
    noisy.socket.destroy();
    await good.close();
  });

  test("a request above maxApduSize closes the connection", async () => {
    const events: TServeEvent[] = [];
    const server = await serve({ framing: "hdlc", session: echo(recorder()), limits: { maxApduSize: 100 }, onEvent: (e) => events.push(e) });
    const c = hdlcChannel(server.port);
    await c.open(1000);
    const res = await c.exchange(pattern(500), 1000);
    expect(res.ok ? undefined : res.error.code).toBe("closed");
    expect(events.find((e) => e.type === "closed")).toMatchObject({ reason: "the request from client 16 exceeds 100 bytes (discarded)" });
  });

  test("push sends a data-notification in UI frames to the connected client", async () => {
    const server = await serve({
      framing: "hdlc",
      session: echo(recorder(), (apdu, link) => {
        link.push(fromHex("0f0000000109"));
        return [apdu];
      }),
    });
    const c = hdlcChannel(server.port);
    const pushed: string[] = [];
    c.onUnsolicited((a) => pushed.push(hex(a)));
    await c.open(1000);
    const res = await c.exchange(fromHex("c001"), 1000);
    expect(res.ok && hex(res.value)).toBe("c001");
    expect(pushed).toEqual(["0f0000000109"]);
    await c.close();
  });

  test("a new SNRM on the same connection ends the old session and starts a new one", async () => {
    const r = recorder();
    const server = await serve({ framing: "hdlc", session: echo(r) });
    const raw = await rawSocket(server.port);
    const snrm = encodeHdlcFrame({ segmented: false, destination: serverAddress(1), source: clientAddress(16), control: { kind: "SNRM", pf: true }, information: new Uint8Array(0) });
    raw.socket.write(snrm);
    await until(() => r.accepted.length === 1);
    raw.socket.write(snrm);
    await until(() => r.accepted.length === 2);
    expect(r.links).toHaveLength(2);
    expect(r.closed).toEqual(["client 16 connected again (SNRM)"]);
    raw.socket.destroy();
    await until(() => r.closed.length === 2);
    expect(r.closed[1]).toBe("closed by the client");
  });
});

describe("connectTcp", () => {
  test("a refused connection is connect-failed, with the address and the reason", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)));
    await new Promise((resolve) => probe.close(resolve));
    expect(await connectTcp("127.0.0.1", port, 1000)).toEqual({
      ok: false,
      error: { code: "connect-failed", message: `cannot connect to 127.0.0.1:${port}: connection refused` },
    });
  });
});
