import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkP1Capture } from "@/lib/p1/check";
import { captureTcp } from "@/lib/p1/sources/tcp";
import { exampleLayout, frameOf, P1_AUTH_KEY, P1_KEY, telegramAt } from "../../../helpers/p1-meter";

const layout = exampleLayout("three-phase-hls-cellular");
let server: Server;
let port: number;

beforeAll(async () => {
  // A stand-in for the simulator's --p1 output: a frame at once on each connection, then another 100 ms later.
  server = createServer((socket) => {
    socket.write(frameOf(telegramAt(layout, 0), 1));
    const timer = setTimeout(() => socket.write(frameOf(telegramAt(layout, 1), 2)), 100);
    socket.on("close", () => clearTimeout(timer));
    socket.on("error", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("captureTcp", () => {
  test("records the stream with receive times, the connection standing for the request", async () => {
    const r = await captureTcp("127.0.0.1", port, 0.4);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.capture.source).toBe(`tcp 127.0.0.1:${port}`);
    expect(r.capture.chunks.length).toBeGreaterThanOrEqual(2);
    expect(r.capture.chunks[0]!.at).toBeGreaterThanOrEqual(r.capture.requestAt!);
    const report = checkP1Capture(r.capture, layout, { keys: { encryption: [P1_KEY], authentication: P1_AUTH_KEY }, checkedAt: "x" });
    expect(report.capture).toMatchObject({ frames: 2, checked: 2 });
    expect(report.lines.find((l) => l.check === "timing.first")?.status).toBe("PASS");
    expect(report.lines.find((l) => l.check === "timing.interval")?.reason).toMatch(/^telegrams 1 and 2 are 0\.\d\d s apart/);
  });

  test("a port nobody listens on is an error naming it", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const free = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await captureTcp("127.0.0.1", free, 1)).toEqual({ ok: false, error: `cannot connect to 127.0.0.1:${free}: ECONNREFUSED` });
  });
});
