import { SerialPortMock } from "serialport";
import { afterEach, describe, expect, test } from "vitest";
import { hex } from "@/lib/dlms/bytes";
import { openSerial, serialStreams, type TSerialPortLike, type TSerialPortSettings } from "@/lib/transport/serial";

/**
 * serialport's own mock binding stands in for the hardware: `meter` sees every write and may answer
 * through the mock port; each port opened is recorded with its settings.
 */
function fakePorts(meter: (written: Buffer, port: SerialPortMock) => void = () => undefined) {
  const opened: { settings: TSerialPortSettings; written: string[] }[] = [];
  const createPort = (settings: TSerialPortSettings): TSerialPortLike => {
    const port = new SerialPortMock(settings);
    const record = { settings, written: [] as string[] };
    opened.push(record);
    const write = port.write.bind(port);
    port.write = ((data: Buffer) => {
      record.written.push(hex(new Uint8Array(data)));
      setTimeout(() => meter(data, port), 5);
      return write(data);
    }) as typeof port.write;
    return port;
  };
  return { opened, createPort };
}

afterEach(() => SerialPortMock.binding.reset());

describe("openSerial", () => {
  test("opens at 9600 baud 8N1 by default and carries bytes both ways", async () => {
    SerialPortMock.binding.createPort("/dev/ttyTEST0");
    const ports = fakePorts((data, port) => port.port!.emitData(Buffer.from(data)));
    const r = await openSerial("/dev/ttyTEST0", { createPort: ports.createPort });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(ports.opened.map((p) => p.settings)).toEqual([{ path: "/dev/ttyTEST0", baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false }]);
    const echoed = new Promise<string>((resolve) => r.value.onData((b) => resolve(hex(b))));
    r.value.write(Uint8Array.of(0x7e, 0xa0));
    expect(await echoed).toBe("7ea0");
    await r.value.close();
    expect(r.value.closed).toBe(true);
  });

  test("a port that does not exist is connect-failed naming the path", async () => {
    const r = await openSerial("/dev/ttyMISSING", { createPort: fakePorts().createPort });
    expect(r.ok ? undefined : r.error.code).toBe("connect-failed");
    expect(r.ok ? "" : r.error.message).toMatch(/^cannot open \/dev\/ttyMISSING: /);
  });

  test("mode E signs on at 300 baud 7E1, acknowledges with 2 Z 2 and reopens at the announced rate 8N1", async () => {
    SerialPortMock.binding.createPort("/dev/ttyOPTO");
    const ports = fakePorts((data, port) => {
      if (new TextDecoder().decode(data) === "/?!\r\n") port.port!.emitData(Buffer.from("/ABC5\\2METER01\r\n"));
    });
    const t = Date.now();
    const r = await openSerial("/dev/ttyOPTO", { modeE: true, createPort: ports.createPort });
    expect(r.ok).toBe(true);
    expect(Date.now() - t).toBeGreaterThanOrEqual(200);
    expect(ports.opened.map((p) => [p.settings.baudRate, p.settings.dataBits, p.settings.parity])).toEqual([
      [300, 7, "even"],
      [9600, 8, "none"],
    ]);
    expect(ports.opened[0]!.written).toEqual(["2f3f210d0a", "063235320d0a"]);
    if (r.ok) await r.value.close();
  });

  test("mode E without an identification in time fails with the time in the message", async () => {
    SerialPortMock.binding.createPort("/dev/ttyQUIET");
    const r = await openSerial("/dev/ttyQUIET", { modeE: true, createPort: fakePorts().createPort }, 100);
    expect(r).toEqual({
      ok: false,
      error: { code: "connect-failed", message: "/dev/ttyQUIET: no IEC 62056-21 identification within 100 ms after the sign-on at 300 baud" },
    });
  });

  test("mode E with a mode B meter fails and says why; the device address goes into the sign-on", async () => {
    SerialPortMock.binding.createPort("/dev/ttyOLD");
    const ports = fakePorts((_, port) => port.port!.emitData(Buffer.from("/ABCEOLD\r\n")));
    const r = await openSerial("/dev/ttyOLD", { modeE: { deviceAddress: "42" }, createPort: ports.createPort });
    expect(r.ok ? "" : r.error.message).toMatch(/^\/dev\/ttyOLD: the meter's identification "\/ABCEOLD" has baud rate character 'E'/);
    expect(ports.opened[0]!.written[0]).toBe(hex(new TextEncoder().encode("/?42!\r\n")));
  });
});

describe("serialStreams", () => {
  test("names its target serial://path", () => {
    expect(serialStreams("/dev/ttyUSB0").target).toBe("serial:///dev/ttyUSB0");
  });
});
