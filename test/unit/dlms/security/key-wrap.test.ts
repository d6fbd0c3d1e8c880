import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { unwrapKey, wrapKey } from "@/lib/dlms/security/key-wrap";
import { guruxVectors } from "./gurux-vectors";

const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);

/** RFC 3394 section 4, test vectors 4.1 to 4.6 (KEK, key data, ciphertext). */
const RFC3394: [string, string, string, string][] = [
  ["4.1: 128-bit key data with a 128-bit KEK", "000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"],
  ["4.2: 128-bit key data with a 192-bit KEK", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"],
  ["4.3: 128-bit key data with a 256-bit KEK", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"],
  [
    "4.4: 192-bit key data with a 192-bit KEK",
    "000102030405060708090A0B0C0D0E0F1011121314151617",
    "00112233445566778899AABBCCDDEEFF0001020304050607",
    "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2",
  ],
  [
    "4.5: 192-bit key data with a 256-bit KEK",
    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
    "00112233445566778899AABBCCDDEEFF0001020304050607",
    "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1",
  ],
  [
    "4.6: 256-bit key data with a 256-bit KEK",
    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
    "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
    "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21",
  ],
];

describe("wrapKey", () => {
  test.each(RFC3394)("RFC 3394 %s", (_name, kek, key, wrapped) => {
    const r = wrapKey(fromHex(kek), fromHex(key));
    expect(r.ok && hex(r.value)).toBe(hex(fromHex(wrapped)));
  });

  test("produces the bytes Gurux's key_transfer wrapping gives (AES-128 key wrap)", () => {
    for (const v of guruxVectors.keyWrap) {
      const r = wrapKey(v.kek, v.key);
      expect(r.ok && hex(r.value)).toBe(hex(v.wrapped));
    }
  });

  test("refuses key data shorter than 16 bytes or not a multiple of 8, and KEKs of other lengths", () => {
    const kek = new Uint8Array(16);
    expect(code(wrapKey(kek, new Uint8Array(8)))).toBe("invalid");
    expect(code(wrapKey(kek, new Uint8Array(20)))).toBe("invalid");
    expect(code(wrapKey(new Uint8Array(20), new Uint8Array(16)))).toBe("wrong-key-length");
  });
});

describe("unwrapKey", () => {
  test.each(RFC3394)("RFC 3394 %s unwraps to the key data", (_name, kek, key, wrapped) => {
    const r = unwrapKey(fromHex(kek), fromHex(wrapped));
    expect(r.ok && hex(r.value)).toBe(hex(fromHex(key)));
  });

  test("a wrong KEK or any changed bit fails the integrity check", () => {
    const [, kek, , wrapped] = RFC3394[0]!;
    const w = fromHex(wrapped);
    expect(code(unwrapKey(new Uint8Array(16), w))).toBe("authentication-failed");
    for (let bit = 0; bit < w.length * 8; bit++) {
      const changed = w.slice();
      changed[bit >> 3]! ^= 1 << (bit & 7);
      expect(code(unwrapKey(fromHex(kek), changed))).toBe("authentication-failed");
    }
  });

  test("refuses input shorter than 24 bytes or not a multiple of 8", () => {
    const kek = new Uint8Array(16);
    expect(code(unwrapKey(kek, new Uint8Array(16)))).toBe("truncated");
    expect(code(unwrapKey(kek, new Uint8Array(25)))).toBe("invalid");
  });

  test("undoes wrapKey for any KEK length and key data", () => {
    fc.assert(
      fc.property(fc.constantFrom(16, 24, 32), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 2, max: 8 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (n, kekBytes, blocks, data) => {
        const kek = kekBytes.subarray(0, n);
        const key = data.subarray(0, blocks * 8);
        const w = wrapKey(kek, key);
        if (!w.ok) return false;
        const back = unwrapKey(kek, w.value);
        return back.ok && hex(back.value) === hex(key);
      }),
    );
  });
});
