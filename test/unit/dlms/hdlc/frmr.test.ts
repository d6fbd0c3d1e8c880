import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { describeFrmr, encodeFrmrInformation } from "@/lib/dlms/hdlc/frmr";

describe("encodeFrmrInformation", () => {
  test("writes the rejected control, V(R) C/R V(S), then the W X Y Z bits (ISO/IEC 13239 layout, worked by hand)", () => {
    const info = encodeFrmrInformation({ rejectedControl: 0x32, vs: 2, vr: 5, rejectedWasResponse: false, invalidNr: true, unknownControl: true });
    expect(hex(info)).toBe("32a409");
  });
});

describe("describeFrmr", () => {
  test("names every reason given", () => {
    expect(describeFrmr(fromHex("1000 06"))).toBe(
      "the peer rejected the frame with control 0x10 (FRMR: information field not permitted, information field too long)",
    );
  });

  test("an FRMR without its three bytes still reads as a rejection", () => {
    expect(describeFrmr(new Uint8Array(0))).toBe("the peer rejected a frame (FRMR)");
  });
});
