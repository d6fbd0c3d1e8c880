import { describe, expect, test } from "vitest";
import { encodeLength, parseFrameHeader } from "@/lib/p1/frame";
import { exampleLayout, frameOf, telegramAt } from "../../helpers/p1-meter";

const good = () => frameOf(telegramAt(exampleLayout("three-phase-hls-cellular"), 0), 7);
const issuesOf = (bytes: Uint8Array) => parseFrameHeader(bytes).issues;

describe("encodeLength", () => {
  test("takes one byte below 128, 81h xx below 256, 82h xx xx below 65536", () => {
    expect(encodeLength(127)).toEqual([127]);
    expect(encodeLength(128)).toEqual([0x81, 128]);
    expect(encodeLength(300)).toEqual([0x82, 1, 44]);
    expect(() => encodeLength(70_000)).toThrow(RangeError);
  });
});

describe("parseFrameHeader", () => {
  test("reads a good header without issue", () => {
    const { header, issues } = parseFrameHeader(good());
    expect(issues).toEqual([]);
    expect(header).toMatchObject({ tag: 0xdb, systemTitleLength: 8, securityControl: 0x30, frameCounter: 7, lengthStart: 13, contentStart: 18 });
    expect(header.lengthField).toMatchObject({ byte: 10, size: 3 });
  });

  test.each([
    [0, 0x2f, "tag", "byte 0 is 0x2F '/', not 0xDB (general-glo-ciphering): a plain telegram starts here"],
    [0, 0x7e, "tag", "this is an HDLC flag"],
    [0, 0xdc, "tag", "0xDC is general-ded-ciphering"],
    [1, 0x0a, "system-title", "byte 1 (system title length) is 0x0A, not 0x08"],
    [10, 0x83, "length", "byte 10 (length) is 0x83: a length takes one, two or three bytes"],
    [13, 0x20, "security-control", "byte 13 (security control) is 0x20 ' ', not 0x30 (authenticated and encrypted, suite 0): encryption only, no authentication"],
    [13, 0x10, "security-control", "authentication only"],
    [13, 0x31, "security-control", "security suite 1 instead of suite 0"],
  ])("byte %i set to %i is a %s issue: %s", (at, value, field, message) => {
    const frame = good();
    frame[at] = value;
    const [issue] = issuesOf(frame);
    expect(issue).toMatchObject({ byte: at, field });
    expect(issue!.message).toContain(message);
  });

  test("a length too small for security control, counter and tag is an issue", () => {
    const frame = good();
    frame.set([0x82, 0x00, 0x10], 10);
    expect(issuesOf(frame)[0]!.message).toContain("gives 16, less than the 17 bytes");
  });

  test("a header cut short leaves the later fields unknown and never throws", () => {
    for (let n = 0; n < 18; n++) {
      const { header } = parseFrameHeader(good().subarray(0, n));
      expect(header.contentStart).toBeNull();
    }
  });
});
