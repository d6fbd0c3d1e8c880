import { describe, expect, test } from "vitest";
import { isUnsolicited } from "@/lib/transport/unsolicited";

describe("isUnsolicited", () => {
  test("data-notification and the event-notification requests are unsolicited; responses and empty APDUs are not", () => {
    for (const tag of [0x0f, 0xc2, 0xca, 0xd2, 0x18]) expect(isUnsolicited(Uint8Array.of(tag, 0))).toBe(true);
    for (const tag of [0xc4, 0xc5, 0xc7, 0x61, 0x63, 0xd8]) expect(isUnsolicited(Uint8Array.of(tag, 0))).toBe(false);
    expect(isUnsolicited(new Uint8Array(0))).toBe(false);
  });
});
