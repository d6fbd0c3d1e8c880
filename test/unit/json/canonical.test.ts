import { describe, expect, test } from "vitest";
import { canonicalJson, hashJson, sha256Hex } from "@/lib/json/canonical";

describe("canonicalJson", () => {
  test("sorts keys at every level and drops undefined values", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe("hashJson", () => {
  test("gives the same hash whatever the key order", () => {
    expect(hashJson({ a: 1, b: [1, 2] })).toBe(hashJson({ b: [1, 2], a: 1 }));
  });

  test("is the standard SHA-256 of the canonical text", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashJson({ a: 1 })).toBe(sha256Hex('{"a":1}'));
  });
});
