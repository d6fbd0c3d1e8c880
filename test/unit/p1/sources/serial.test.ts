import { SerialPortMock } from "serialport";
import { describe, expect, test } from "vitest";
import { captureSerial, type TSerialPortLike } from "@/lib/p1/sources/serial";
import { plainLayout, telegramAt } from "../../../helpers/p1-meter";

const telegram = telegramAt(plainLayout("three-phase-hls-cellular"), 0);

function mockPort(path: string, baudRate: number): TSerialPortLike {
  SerialPortMock.binding.createPort(path);
  const port = new SerialPortMock({ path, baudRate, autoOpen: false });
  port.on("open", () => setTimeout(() => port.port?.emitData(Buffer.from(telegram, "latin1")), 20));
  return port;
}

describe("captureSerial", () => {
  test("reads the port for the given time at its baud rate, 8N1", async () => {
    const r = await captureSerial("/dev/ttyP1", { baudRate: 115_200, seconds: 0.2, requestLine: false, openPort: mockPort });
    expect(r.ok && { source: r.capture.source, text: Buffer.from(r.capture.bytes).toString("latin1"), request: r.capture.requestAt }).toEqual({ source: "serial /dev/ttyP1 115200 8N1", text: telegram, request: null });
  });

  test("with the request line, raises DTR and RTS and takes that moment as the request", async () => {
    let set: { dtr?: boolean; rts?: boolean } | null = null;
    const openPort = (path: string, baud: number) => {
      const port = mockPort(path, baud);
      const original = port.set.bind(port);
      port.set = (options, callback) => {
        set = options;
        original(options, callback);
      };
      return port;
    };
    const r = await captureSerial("/dev/ttyP2", { baudRate: 115_200, seconds: 0.2, requestLine: true, openPort });
    expect(set).toEqual({ dtr: true, rts: true });
    expect(r.ok && r.capture.requestAt).toBeTypeOf("number");
  });

  test("a port that cannot be opened is an error naming it", async () => {
    const r = await captureSerial("/dev/ttyNONE", { baudRate: 115_200, seconds: 0.1, requestLine: false, openPort: (path, baudRate) => new SerialPortMock({ path, baudRate, autoOpen: false }) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^cannot open \/dev\/ttyNONE: /);
  });
});
