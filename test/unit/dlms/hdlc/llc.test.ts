import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { addLlc, stripLlc } from "@/lib/dlms/hdlc/llc";

describe("addLlc", () => {
  test("commands (client to server) get E6 E6 00 and responses (server to client) E6 E7 00", () => {
    expect(hex(addLlc("command", fromHex("c0")))).toBe("e6e600c0");
    expect(hex(addLlc("response", fromHex("c4")))).toBe("e6e700c4");
  });
});

describe("stripLlc", () => {
  test("removes the header of the expected direction only", () => {
    expect(hex(stripLlc("response", fromHex("e6e700c4"))!)).toBe("c4");
    expect(stripLlc("command", fromHex("e6e700c4"))).toBeUndefined();
    expect(stripLlc("response", fromHex("e6e7"))).toBeUndefined();
  });
});
