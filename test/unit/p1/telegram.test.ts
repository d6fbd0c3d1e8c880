import { describe, expect, test } from "vitest";
import { buildTelegram, parseDataLine, parseTelegram } from "@/lib/p1/telegram";
import { textBytes } from "../../helpers/p1-meter";

describe("parseTelegram", () => {
  test("splits the header, empty line, data lines and end line, and computes the CRC over / through !", () => {
    const text = buildTelegram("/ISk5\\2MT382-1000", ["1-3:0.2.8(50)", "0-0:1.0.0(101209113020W)"]);
    const t = parseTelegram(textBytes(text));
    expect(t.lines.map((l) => [l.number, l.text, l.ending])).toEqual([
      [1, "/ISk5\\2MT382-1000", "crlf"],
      [2, "", "crlf"],
      [3, "1-3:0.2.8(50)", "crlf"],
      [4, "0-0:1.0.0(101209113020W)", "crlf"],
    ]);
    expect(t.end).toMatchObject({ number: 5, text: t.end!.text, ending: "crlf" });
    expect(t.crc!.receivedValue).toBe(t.crc!.computed);
  });

  test("tells a bare LF, a bare CR and a missing line end apart", () => {
    const t = parseTelegram(textBytes("/ABC5x\r\n\n1-0:1.8.0(1)\r1-0:2.8.0(2)\r\n!1234"));
    expect(t.lines.map((l) => l.ending)).toEqual(["crlf", "lf", "cr", "crlf"]);
    expect(t.end!.ending).toBe("none");
  });

  test("has no end line and no CRC without a !", () => {
    const t = parseTelegram(textBytes("/ABC5x\r\n\r\n1-0:1.8.0(000"));
    expect(t.end).toBeNull();
    expect(t.crc).toBeNull();
    expect(t.lines.at(-1)).toMatchObject({ text: "1-0:1.8.0(000", ending: "none" });
  });
});

describe("parseDataLine", () => {
  test("reads the OBIS code and each value in brackets", () => {
    expect(parseDataLine("0-1:24.2.1(101209112500W)(12785.123*m3)")).toEqual({ obis: "0-1:24.2.1", values: ["101209112500W", "12785.123*m3"], problem: null });
    expect(parseDataLine("0-0:96.13.0()")).toEqual({ obis: "0-0:96.13.0", values: [""], problem: null });
  });

  test.each([
    ["1-0:1.8.0(000123.456*kWh", "a bracket is not closed: the line is cut"],
    ["1-0:1.8.0(000123.4561-0:2.8.0(000001.000*kWh)", "a bracket opens inside a value: the line is cut"],
    ["1-0:1.8.0(1)x", 'text after the last closing bracket: "x"'],
    ["1-0:1.8.0", "no value in brackets"],
    ["", "the line is empty"],
  ])("reports %j as %s", (text, problem) => expect(parseDataLine(text).problem).toBe(problem));
});
