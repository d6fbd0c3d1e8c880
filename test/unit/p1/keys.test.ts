import { describe, expect, test } from "vitest";
import { parseKey, parseKeys } from "@/lib/p1/keys";

describe("parseKeys", () => {
  test("reads keys separated by spaces, commas or new lines, with or without 0x", () => {
    const r = parseKeys(" 000102030405060708090A0B0C0D0E0F,\n0x00112233445566778899aabbccddeeff ", "Encryption key");
    expect(r.ok && r.keys.map((k) => Buffer.from(k).toString("hex"))).toEqual(["000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"]);
    expect(parseKeys("", "Encryption key")).toEqual({ ok: true, keys: [] });
  });

  test("names the field and the key that is wrong, never repeating what was typed", () => {
    const typed = "000102030405060708090A0B0C0D0E0F 0011223344556677";
    const r = parseKeys(typed, "Encryption key");
    expect(r).toEqual({ ok: false, error: "Encryption key must be 32 hexadecimal digits (16 bytes) (key 2 of 2), several keys separated by spaces" });
    expect(JSON.stringify(r)).not.toContain("0011223344556677");
  });
});

describe("parseKey", () => {
  test("wants exactly one key", () => {
    expect(parseKey("000102030405060708090A0B0C0D0E0F 000102030405060708090A0B0C0D0E0F", "Authentication key")).toEqual({ ok: false, error: "Authentication key must be one key of 32 hexadecimal digits (16 bytes)" });
    expect(parseKey("000102030405060708090A0B0C0D0E0F", "Authentication key").ok).toBe(true);
  });
});
