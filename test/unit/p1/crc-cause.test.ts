import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { crc16, formatCrc } from "@/lib/p1/crc";
import { crcCause, singleByteFixes } from "@/lib/p1/crc-cause";
import { parseTelegram } from "@/lib/p1/telegram";
import { exampleLayout, telegramAt, textBytes } from "../../helpers/p1-meter";

const telegram = telegramAt(exampleLayout("full"), 0);
const bang = telegram.indexOf("!");
const received = parseInt(telegram.slice(bang + 1, bang + 5), 16);

/** The cause for a telegram text whose CRC line is `crc` (the original's when omitted). */
function causeOf(text: string, crc = received): string | null {
  const bytes = textBytes(text);
  const at = text.indexOf("!");
  return crcCause(bytes, at, crc, parseTelegram(bytes).lines, null);
}

describe("crcCause", () => {
  test("a CRC with its bytes swapped", () => {
    const swapped = ((received & 0xff) << 8) | (received >>> 8);
    expect(causeOf(telegram, swapped)).toContain(`written with its two bytes swapped (${formatCrc(swapped)} for ${formatCrc(received)})`);
  });

  test("a CRC that leaves out the ! or the /", () => {
    const bytes = textBytes(telegram);
    expect(causeOf(telegram, crc16(bytes, 0, bang))).toBe("the meter leaves the '!' out of the CRC");
    expect(causeOf(telegram, crc16(bytes, 1, bang + 1))).toBe("the meter leaves the '/' out of the CRC");
  });

  test("a missing CR: the CR before the LF of line 7 was lost after the meter computed the CRC", () => {
    const lines = telegram.split("\r\n");
    const text = `${lines.slice(0, 6).join("\r\n")}\r\n${lines[6]}\n${lines.slice(7).join("\r\n")}`;
    expect(causeOf(text)).toBe("a missing CR: line 7 ends with LF only, and with a CR before each bare LF the CRC verifies");
  });

  test("a CRC computed over LF line ends while CR LF is sent", () => {
    const lf = telegram.slice(0, bang + 1).replaceAll("\r", "");
    expect(causeOf(telegram, crc16(textBytes(lf)))).toBe("the meter computes the CRC over LF line ends, without the CRs it sends");
  });

  test("a cut line is the cause when the text shows one", () => {
    const bytes = textBytes(telegram);
    expect(crcCause(bytes, bang, received ^ 0x5555, parseTelegram(bytes).lines, "line 9 is incomplete")).toBe("a cut telegram: line 9 is incomplete");
  });

  test("a changed character: one flipped bit is located by line and column", () => {
    const text = telegram.replace("1-0:1.8.0(123456.789", "1-0:1.8.0(123456.788");
    expect(causeOf(text)).toBe("a changed character, one bit flipped: line 6, column 20 reads '8', and with '9' there the CRC verifies (a transmission error)");
  });

  test("no single cause for two changes far apart", () => {
    const text = telegram.replace("(50)", "(51)").replace("(003)", "(004)");
    expect(causeOf(text)).toBeNull();
  });
});

describe("singleByteFixes", () => {
  test("finds the byte that was changed, wherever it is (other fixes may also exist)", () => {
    const original = textBytes(telegram);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bang - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = original.slice();
        changed[at]! ^= xor;
        expect(singleByteFixes(changed, bang + 1, received)).toContainEqual({ at, byte: original[at] });
      }),
      { numRuns: 300 },
    );
  });
});
