import { describe, expect, test } from "vitest";
import { hex } from "@/lib/dlms/bytes";
import { acknowledgementMessage, ModeEOpening, parseIdentification, signOnMessage } from "@/lib/transport/mode-e";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("signOnMessage", () => {
  test("is / ? [device address] ! CR LF", () => {
    expect(hex(signOnMessage())).toBe("2f3f210d0a");
    expect(new TextDecoder().decode(signOnMessage("12345678"))).toBe("/?12345678!\r\n");
    expect(() => signOnMessage("1/2")).toThrow(RangeError);
  });
});

describe("acknowledgementMessage", () => {
  test("is ACK, protocol control 2, the baud character, mode control 2, CR LF", () => {
    expect(hex(acknowledgementMessage("5"))).toBe("063235320d0a");
  });
});

describe("parseIdentification", () => {
  test("reads manufacturer, baud character and rate, the mode E escape and the identification", () => {
    expect(parseIdentification("/ABC5\\2MTR-100")).toEqual({ manufacturer: "ABC", baudCharacter: "5", baudRate: 9600, modeE: true, identification: "MTR-100" });
    expect(parseIdentification("/XYZ6Plain")).toEqual({ manufacturer: "XYZ", baudCharacter: "6", baudRate: 19200, modeE: false, identification: "Plain" });
  });

  test("a line that is not an identification reads as undefined (an echoed sign-on, say)", () => {
    expect(parseIdentification("/?!")).toBeUndefined();
    expect(parseIdentification("ABC5\\2x")).toBeUndefined();
  });
});

describe("ModeEOpening", () => {
  test("starts with the sign-on and switches at the announced rate, acknowledging after the reaction time", () => {
    const m = new ModeEOpening();
    expect(m.start()).toEqual({ type: "send", bytes: signOnMessage() });
    const step = m.receive(ascii("/LGZ4\\2ZMD310\r\n"));
    expect(step).toMatchObject({ type: "switch", delayMs: 200, baudRate: 4800, identification: { manufacturer: "LGZ", identification: "ZMD310" } });
    expect(step.type === "switch" && hex(step.acknowledgement)).toBe("063234320d0a");
  });

  test("an identification arriving byte by byte, after an echo of the sign-on and noise, is found", () => {
    const m = new ModeEOpening();
    m.start();
    const bytes = ascii("/?!\r\n\x00\x13/ABC5\\2ID\r\n");
    const steps = [...bytes].map((b) => m.receive(Uint8Array.of(b)));
    expect(steps.slice(0, -1).every((s) => s.type === "wait")).toBe(true);
    expect(steps.at(-1)).toMatchObject({ type: "switch", baudRate: 9600 });
  });

  test("the parity bit of characters read at 8 data bits is ignored", () => {
    const m = new ModeEOpening();
    const withParity = ascii("/ABC5\\2ID\r\n").map((b) => b | 0x80);
    expect(m.receive(withParity)).toMatchObject({ type: "switch", baudRate: 9600 });
  });

  test("a meter without the mode E escape is still asked to switch, and the identification says so", () => {
    expect(new ModeEOpening().receive(ascii("/GRX5ID\r\n"))).toMatchObject({ type: "switch", baudRate: 9600, identification: { modeE: false } });
  });

  test("a mode B baud letter fails with the identification in the message", () => {
    expect(new ModeEOpening().receive(ascii("/ABCE\\2ID\r\n"))).toEqual({
      type: "failed",
      message: 'the meter\'s identification "/ABCE\\2ID" has baud rate character \'E\', not one of mode E\'s 0..6',
    });
  });

  test("a line without CR LF beyond 128 characters fails instead of growing", () => {
    expect(new ModeEOpening().receive(new Uint8Array(200).fill(0x41))).toMatchObject({ type: "failed" });
  });

  test("after the switch further bytes are ignored", () => {
    const m = new ModeEOpening();
    m.receive(ascii("/ABC5\\2ID\r\n"));
    expect(m.receive(ascii("/ABC5\\2ID\r\n"))).toEqual({ type: "wait" });
  });
});
