import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { GCM_TAG_LENGTH, gcmIv, gcmProtect, gcmUnprotect, type TGcmParams } from "@/lib/dlms/security/gcm";
import { guruxVectors } from "./gurux-vectors";

const EK = fromHex("000102030405060708090A0B0C0D0E0F");
const AK = fromHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
const ST = fromHex("4D4D4D0000BC614E");
const params = (securityControl: number, over: Partial<TGcmParams> = {}): TGcmParams => ({
  securityControl,
  systemTitle: ST,
  invocationCounter: 0x01234567,
  encryptionKey: EK,
  authenticationKey: AK,
  ...over,
});
const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);

describe("gcmIv", () => {
  test("is the system title followed by the invocation counter big-endian", () => {
    expect(hex(gcmIv(ST, 0x01234567))).toBe("4d4d4d0000bc614e01234567");
  });
});

describe("gcmProtect", () => {
  /**
   * The Green Book's AES-GCM example: glo-get-request C0 01 00 00 08 00 00 01 00 00 FF 02 00 with
   * the keys above. The ciphered APDUs are C8, length, SC, IC, payload; these are the bytes
   * published there and the bytes Gurux.DLMS.Python 1.0.197 produces (fixture greenBook).
   */
  const plain = fromHex("C0 01 00 00 08 00 00 01 00 00 FF 02 00");
  test.each([
    ["authenticated only keeps the plaintext and appends the GMAC tag", 0x10, "C8 1E 10 01234567 C0010000080000010000FF0200 06725D910F9221D263877516"],
    ["encrypted only replaces the plaintext by ciphertext and adds no tag", 0x20, "C8 12 20 01234567 411312FF935A47566827C467BC"],
    ["authenticated and encrypted appends the tag to the ciphertext", 0x30, "C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B"],
  ])("Green Book example: %s", (_rule, sc, apdu) => {
    const expected = fromHex(apdu).subarray(7);
    const r = gcmProtect(params(sc), plain);
    expect(r.ok && hex(r.value)).toBe(hex(expected));
    const back = gcmUnprotect(params(sc), expected);
    expect(back.ok && hex(back.value)).toBe(hex(plain));
  });

  test("the Green Book example vectors agree with the fixture Gurux produced", () => {
    const byControl = new Map(guruxVectors.greenBook.map((v) => [v.securityControl, v]));
    for (const sc of [0x10, 0x20, 0x30]) {
      const v = byControl.get(sc)!;
      const r = gcmProtect(params(sc), v.plain);
      expect(r.ok && hex(r.value)).toBe(hex(v.ciphered.subarray(7)));
    }
  });

  test("matches Gurux for every service-specific vector of suites 0, 1 and 2 (AES-256 in suite 2)", () => {
    const vectors = guruxVectors.apdus.filter((v) => v.form === "glo" || v.form === "ded");
    expect(vectors.length).toBe(180);
    for (const v of vectors) {
      const key = v.form === "ded" ? v.dedicatedKey : v.encryptionKey;
      const p = { securityControl: v.securityControl, systemTitle: v.systemTitle, invocationCounter: v.invocationCounter, encryptionKey: key, authenticationKey: v.authenticationKey };
      const r = gcmProtect(p, v.plain);
      expect(r.ok && hex(r.value), `${v.service} ${v.form} SC ${v.securityControl.toString(16)}`).toBe(hex(v.ciphered.subarray(7)));
    }
  });

  test("the whole security control byte, key-set bit included, is the first byte of the AAD", () => {
    // Worked by hand: the same message under SC 0x30 and 0x70 has the same ciphertext (GCM's
    // keystream does not depend on the AAD) but a tag over AAD 70 ‖ AK.
    const pt = fromHex("C4 01 C1 00 06 00 00 12 34");
    const unicast = gcmProtect(params(0x30), pt);
    const broadcast = gcmProtect(params(0x70), pt);
    if (!unicast.ok || !broadcast.ok) throw new Error("protect failed");
    const n = pt.length;
    expect(hex(broadcast.value.subarray(0, n))).toBe(hex(unicast.value.subarray(0, n)));
    const reference = createCipheriv("aes-128-gcm", EK, gcmIv(ST, 0x01234567), { authTagLength: 12 });
    reference.setAAD(concat(Uint8Array.of(0x70), AK));
    reference.update(pt);
    reference.final();
    expect(hex(broadcast.value.subarray(n))).toBe(hex(new Uint8Array(reference.getAuthTag())));
    expect(hex(broadcast.value.subarray(n))).not.toBe(hex(unicast.value.subarray(n)));
  });

  test("refuses keys whose length is not the suite's", () => {
    expect(code(gcmProtect(params(0x32), fromHex("00")))).toBe("wrong-key-length");
    expect(code(gcmProtect(params(0x30, { encryptionKey: new Uint8Array(32) }), fromHex("00")))).toBe("wrong-key-length");
    expect(code(gcmProtect(params(0x32, { encryptionKey: new Uint8Array(32) }), fromHex("00")))).toBe("wrong-key-length");
  });

  test("refuses parameters the IV cannot be formed from", () => {
    expect(code(gcmProtect(params(0x30, { systemTitle: new Uint8Array(7) }), fromHex("00")))).toBe("invalid");
    expect(code(gcmProtect(params(0x30, { invocationCounter: -1 }), fromHex("00")))).toBe("invalid");
    expect(code(gcmProtect(params(0x30, { invocationCounter: 2 ** 32 }), fromHex("00")))).toBe("invalid");
  });

  test("refuses control bytes with no protection, a reserved suite or compression", () => {
    expect(code(gcmProtect(params(0x00), fromHex("00")))).toBe("invalid");
    expect(code(gcmProtect(params(0x33), fromHex("00")))).toBe("unsupported");
    expect(code(gcmProtect(params(0xb0), fromHex("00")))).toBe("unsupported");
  });
});

describe("gcmUnprotect", () => {
  const pt = fromHex("C0 01 00 00 08 00 00 01 00 00 FF 02 00");
  const protectedBy = (sc: number) => {
    const r = gcmProtect(params(sc), pt);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  test("reports a wrong key as authentication-failed, for both tagged protections", () => {
    for (const sc of [0x10, 0x30]) {
      expect(code(gcmUnprotect(params(sc, { encryptionKey: new Uint8Array(16) }), protectedBy(sc)))).toBe("authentication-failed");
      expect(code(gcmUnprotect(params(sc, { authenticationKey: new Uint8Array(16) }), protectedBy(sc)))).toBe("authentication-failed");
    }
  });

  test("reports a changed IV (system title or counter) as authentication-failed", () => {
    expect(code(gcmUnprotect(params(0x30, { invocationCounter: 0x01234568 }), protectedBy(0x30)))).toBe("authentication-failed");
    expect(code(gcmUnprotect(params(0x10, { systemTitle: new Uint8Array(8) }), protectedBy(0x10)))).toBe("authentication-failed");
  });

  test("reports a payload shorter than the tag as truncated", () => {
    for (const sc of [0x10, 0x30]) {
      for (let n = 0; n < GCM_TAG_LENGTH; n++) expect(code(gcmUnprotect(params(sc), protectedBy(sc).subarray(0, n)))).toBe("truncated");
    }
  });

  test("reports keys of the wrong length as wrong-key-length", () => {
    expect(code(gcmUnprotect(params(0x30, { encryptionKey: new Uint8Array(15) }), protectedBy(0x30)))).toBe("wrong-key-length");
    expect(code(gcmUnprotect(params(0x32), protectedBy(0x30)))).toBe("wrong-key-length");
  });

  test("encrypted only carries no tag: a flipped ciphertext bit flips the same plaintext bit", () => {
    const c = protectedBy(0x20).slice();
    c[3]! ^= 0x04;
    const r = gcmUnprotect(params(0x20), c);
    const expected = pt.slice();
    expected[3]! ^= 0x04;
    expect(r.ok && hex(r.value)).toBe(hex(expected));
  });

  test("undoes gcmProtect for any plaintext, suite and protection", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom(0x10, 0x20, 0x30, 0x50, 0x60, 0x70),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (plain, suite, bits, ic, keyBytes) => {
          const n = suite === 2 ? 32 : 16;
          const p = { securityControl: bits | suite, systemTitle: ST, invocationCounter: ic, encryptionKey: keyBytes.subarray(0, n), authenticationKey: keyBytes.subarray(32 - n) };
          const c = gcmProtect(p, plain);
          if (!c.ok) return false;
          const back = gcmUnprotect(p, c.value);
          return back.ok && hex(back.value) === hex(plain);
        },
      ),
    );
  });
});
