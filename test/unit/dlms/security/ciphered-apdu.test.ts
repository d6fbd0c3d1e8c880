import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { equalBytes, fromHex, hex } from "@/lib/dlms/bytes";
import {
  GENERAL_DED_CIPHERING,
  GENERAL_GLO_CIPHERING,
  SERVICE_TAGS,
  cipheredTagOf,
  describeCipheredTag,
  protectApdu,
  unprotectApdu,
  type TProtectRequest,
  type TSecurityKeys,
} from "@/lib/dlms/security/ciphered-apdu";
import { PROTECTIONS, protectionsMeeting, type TProtection } from "@/lib/dlms/security/control";
import { receiveCounterAfter } from "@/lib/dlms/security/invocation-counter";
import { guruxVectors } from "./gurux-vectors";

const CLIENT_ST = fromHex("4775727578313233");
const SERVER_ST = fromHex("4D4D4D0000BC614E");
const KEYS: TSecurityKeys = {
  suite: 0,
  unicastKey: fromHex("000102030405060708090A0B0C0D0E0F"),
  broadcastKey: fromHex("202122232425262728292A2B2C2D2E2F"),
  dedicatedKey: fromHex("00112233445566778899AABBCCDDEEFF"),
  authenticationKey: fromHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"),
};
const GET_REQUEST = fromHex("C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
const DATA_NOTIFICATION = fromHex("0F 00 00 00 01 00 02 02 12 00 01 06 00 00 00 2A");
const request = (over: Partial<TProtectRequest> = {}): TProtectRequest => ({
  apdu: GET_REQUEST,
  form: "glo",
  protection: "authenticated-encrypted",
  systemTitle: CLIENT_ST,
  invocationCounter: 7,
  keys: KEYS,
  ...over,
});
const protect = (over: Partial<TProtectRequest> = {}): Uint8Array => {
  const r = protectApdu(request(over));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? "ok" : r.error.code);
const keysOf = (v: (typeof guruxVectors.apdus)[number]): TSecurityKeys => ({
  suite: v.suite,
  unicastKey: v.encryptionKey,
  dedicatedKey: v.dedicatedKey,
  authenticationKey: v.authenticationKey,
});
const PROTECTION_BY_BITS = { 0x10: "authenticated", 0x20: "encrypted", 0x30: "authenticated-encrypted" } as const;

describe("SERVICE_TAGS", () => {
  test("every glo and ded tag Gurux used in the fixture is the one our table gives", () => {
    for (const v of guruxVectors.apdus.filter((a) => a.form === "glo" || a.form === "ded")) {
      expect(cipheredTagOf(v.plain[0]!, v.form as "glo" | "ded"), v.service).toBe(v.tag);
    }
    const covered = new Set(guruxVectors.apdus.map((v) => v.plain[0]));
    expect(SERVICE_TAGS.every((t) => covered.has(t.plain))).toBe(true);
  });

  test("the glo and ded tags follow the plain tag at a fixed step: 0x20 for the initiate and error APDUs, 0x08 for the C0.. services", () => {
    // A consistency check of the table against the pattern of the xDLMS ASN.1 tag numbers, to catch a typo.
    for (const t of SERVICE_TAGS) {
      const step = t.plain >= 0xc0 ? 0x08 : 0x20;
      expect([t.glo - t.plain, t.ded - t.glo]).toEqual([step, step]);
    }
  });

  test("general-glo-ciphering is 0xDB and general-ded-ciphering 0xDC, the tags Gurux uses for data-notification", () => {
    const dn = guruxVectors.apdus.filter((v) => v.service === "data-notification");
    expect(new Set(dn.map((v) => `${v.form} ${v.tag}`))).toEqual(new Set([`general-glo ${GENERAL_GLO_CIPHERING}`, `general-ded ${GENERAL_DED_CIPHERING}`]));
  });
});

describe("describeCipheredTag", () => {
  test("names the form and the plain tag of every ciphered tag, and nothing else", () => {
    const known = new Set([...SERVICE_TAGS.flatMap((t) => [t.glo, t.ded]), GENERAL_GLO_CIPHERING, GENERAL_DED_CIPHERING]);
    for (let tag = 0; tag < 256; tag++) expect(describeCipheredTag(tag) !== undefined).toBe(known.has(tag));
    expect(describeCipheredTag(0xd3)).toEqual({ form: "ded", plainTag: 0xc3 });
  });
});

describe("protectApdu", () => {
  test("produces Gurux's bytes for every service, form, protection and suite of the fixture", () => {
    expect(guruxVectors.apdus.length).toBe(216);
    for (const v of guruxVectors.apdus) {
      const r = protectApdu({
        apdu: v.plain,
        form: v.form,
        protection: PROTECTION_BY_BITS[(v.securityControl & 0x30) as 0x10 | 0x20 | 0x30],
        systemTitle: v.systemTitle,
        invocationCounter: v.invocationCounter,
        keys: keysOf(v),
      });
      expect(r.ok && hex(r.value), `${v.service} ${v.form} SC ${v.securityControl.toString(16)}`).toBe(hex(v.ciphered));
    }
  });

  test("a general form carries the sender's system title as an octet string before the content", () => {
    const apdu = protect({ form: "general-glo", apdu: DATA_NOTIFICATION });
    expect(hex(apdu.subarray(0, 10))).toBe(`db08${hex(CLIENT_ST)}`);
    expect(apdu[10]).toBe(apdu.length - 11);
  });

  test("a content over 127 bytes gets an A-XDR long length", () => {
    const big = new Uint8Array(300);
    big[0] = 0xc4;
    const apdu = protect({ apdu: big, protection: "encrypted" });
    expect(hex(apdu.subarray(0, 4))).toBe("cc820131");
  });

  test("the broadcast key sets bit 6 and uses the global broadcast key", () => {
    const apdu = protect({ broadcast: true });
    expect(apdu[2]).toBe(0x70);
    expect(code(unprotectApdu(apdu, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: { ...KEYS, broadcastKey: KEYS.unicastKey } }))).toBe("authentication-failed");
    expect(code(unprotectApdu(apdu, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS }))).toBe("ok");
  });

  test("refuses an APDU without a service-specific form in a glo or ded form", () => {
    expect(code(protectApdu(request({ apdu: DATA_NOTIFICATION })))).toBe("unsupported");
    expect(code(protectApdu(request({ apdu: DATA_NOTIFICATION, form: "ded" })))).toBe("unsupported");
    expect(code(protectApdu(request({ apdu: new Uint8Array(0) })))).toBe("invalid");
  });

  test("refuses a dedicated form without a dedicated key, or with the broadcast bit", () => {
    expect(code(protectApdu(request({ form: "ded", keys: { ...KEYS, dedicatedKey: undefined } })))).toBe("no-key");
    expect(code(protectApdu(request({ form: "general-ded", broadcast: true })))).toBe("invalid");
    expect(code(protectApdu(request({ broadcast: true, keys: { ...KEYS, broadcastKey: undefined } })))).toBe("no-key");
  });

  test("refuses keys of the wrong length for the suite", () => {
    expect(code(protectApdu(request({ keys: { ...KEYS, suite: 2 } })))).toBe("wrong-key-length");
  });
});

describe("unprotectApdu", () => {
  test("reads every Gurux vector back: form, SC, IC, system title and the plain APDU", () => {
    for (const v of guruxVectors.apdus) {
      const general = v.form.startsWith("general");
      const r = unprotectApdu(v.ciphered, { acceptedProtections: PROTECTIONS, peerSystemTitle: general ? undefined : v.systemTitle, keys: keysOf(v) });
      if (!r.ok) throw new Error(`${v.service} ${v.form}: ${r.error.message}`);
      expect(r.value.form).toBe(v.form);
      expect(r.value.tag).toBe(v.tag);
      expect(r.value.securityControl).toBe(v.securityControl);
      expect(r.value.control.suite).toBe(v.suite);
      expect(r.value.protection).toBe(PROTECTION_BY_BITS[(v.securityControl & 0x30) as 0x10 | 0x20 | 0x30]);
      expect(r.value.invocationCounter).toBe(v.invocationCounter);
      expect(hex(r.value.systemTitle)).toBe(hex(v.systemTitle));
      expect(hex(r.value.apdu)).toBe(hex(v.plain));
    }
  });

  test("undoes protectApdu for any APDU, form and protection", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SERVICE_TAGS.map((t) => t.plain)),
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom("glo" as const, "ded" as const, "general-glo" as const, "general-ded" as const),
        fc.constantFrom(...PROTECTIONS),
        fc.integer({ min: 0, max: 0xffffffff }),
        (tag, body, form, protection, ic) => {
          const apdu = Uint8Array.of(tag, ...body);
          const c = protectApdu(request({ apdu, form, protection, invocationCounter: ic }));
          if (!c.ok) return false;
          const r = unprotectApdu(c.value, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS });
          return r.ok && equalBytes(r.value.apdu, apdu) && r.value.invocationCounter === ic && r.value.form === form;
        },
      ),
    );
  });

  test("finds the keys through a lookup by the system title the general forms carry", () => {
    const apdu = protect({ form: "general-glo", apdu: DATA_NOTIFICATION });
    const seen: string[] = [];
    const r = unprotectApdu(apdu, {
      acceptedProtections: PROTECTIONS,
      keys: (st) => {
        seen.push(hex(st));
        return equalBytes(st, CLIENT_ST) ? KEYS : undefined;
      },
    });
    expect(r.ok && hex(r.value.apdu)).toBe(hex(DATA_NOTIFICATION));
    expect(seen).toEqual([hex(CLIENT_ST)]);
    expect(code(unprotectApdu(apdu, { acceptedProtections: PROTECTIONS, keys: () => undefined }))).toBe("no-key");
  });

  test("refuses a general form whose system title is not the peer's", () => {
    const apdu = protect({ form: "general-glo", apdu: DATA_NOTIFICATION });
    expect(code(unprotectApdu(apdu, { acceptedProtections: PROTECTIONS, peerSystemTitle: SERVER_ST, keys: KEYS }))).toBe("invalid");
  });

  test("needs the peer's system title for the service-specific forms", () => {
    expect(code(unprotectApdu(protect(), { acceptedProtections: PROTECTIONS, keys: KEYS }))).toBe("invalid");
  });

  test("refuses an APDU protected with another suite than the keys'", () => {
    expect(code(unprotectApdu(protect(), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: { ...KEYS, suite: 1 } }))).toBe("invalid");
  });

  test("refuses a ded form when no dedicated key is established", () => {
    expect(code(unprotectApdu(protect({ form: "ded" }), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: { ...KEYS, dedicatedKey: undefined } }))).toBe("no-key");
  });

  test("refuses a service-specific form that carries another service's APDU", () => {
    // A set-request inside glo-get-request: the outer tag must not hide the real service.
    const inner = fromHex("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 01");
    const asGet = protect({ apdu: inner, form: "general-glo" }).slice();
    // Rebuild the same protected content under the glo-get-request tag: drop DB 08 ST, put C8.
    const content = asGet.subarray(10);
    const forged = Uint8Array.of(0xc8, ...content);
    const r = unprotectApdu(forged, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS });
    expect(r.ok || r.error.message).toMatch(/must carry an APDU with tag 0xc0/);
  });

  test("refuses reserved suites, compression and a control byte with no protection", () => {
    const apdu = protect();
    for (const [sc, expected] of [
      [0x33, "unsupported"],
      [0xb0, "unsupported"],
      [0x00, "invalid"],
    ] as const) {
      const changed = apdu.slice();
      changed[2] = sc;
      expect(code(unprotectApdu(changed, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS }))).toBe(expected);
    }
  });

  test("refuses bytes after the ciphered content", () => {
    expect(code(unprotectApdu(Uint8Array.of(...protect(), 0), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS }))).toBe("invalid");
  });

  test("refuses tags that are not ciphered APDUs", () => {
    expect(code(unprotectApdu(GET_REQUEST, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS }))).toBe("unsupported");
    expect(code(unprotectApdu(new Uint8Array(0), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS }))).toBe("truncated");
  });

  describe("with a receive counter", () => {
    test("accepts a greater counter and returns the advanced tracker", () => {
      const r = unprotectApdu(protect({ invocationCounter: 10 }), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS, receiveCounter: receiveCounterAfter(9) });
      expect(r.ok && r.value.receiveCounter).toEqual({ lastAccepted: 10 });
    });

    test("refuses a replayed counter", () => {
      const r = unprotectApdu(protect({ invocationCounter: 10 }), { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS, receiveCounter: receiveCounterAfter(10) });
      expect(code(r)).toBe("replayed");
    });

    test("checks the tag before the counter, so a forged APDU is an authentication failure, never a counter change", () => {
      const forged = protect({ invocationCounter: 10 }).slice();
      forged[forged.length - 1]! ^= 1;
      expect(code(unprotectApdu(forged, { acceptedProtections: PROTECTIONS, peerSystemTitle: CLIENT_ST, keys: KEYS, receiveCounter: receiveCounterAfter(20) }))).toBe("authentication-failed");
    });
  });

  describe("tampering", () => {
    const ctx = { peerSystemTitle: CLIENT_ST, keys: KEYS, acceptedProtections: PROTECTIONS };
    const samples: [string, Uint8Array, TProtection][] = [];
    for (const form of ["glo", "ded", "general-glo", "general-ded"] as const) {
      for (const protection of ["authenticated", "authenticated-encrypted"] as const) {
        samples.push([`${form} ${protection}`, protect({ form, protection, apdu: form.startsWith("general") ? DATA_NOTIFICATION : GET_REQUEST }), protection]);
      }
    }

    test.each(samples)("every single-bit flip of a %s APDU is refused under the policy it was sent with", (_name, apdu, protection) => {
      const strict = { ...ctx, acceptedProtections: [protection] };
      for (let bit = 0; bit < apdu.length * 8; bit++) {
        const changed = apdu.slice();
        changed[bit >> 3]! ^= 1 << (bit & 7);
        const r = unprotectApdu(changed, strict);
        expect(r.ok, `bit ${bit}`).toBe(false);
      }
    });

    const encryptedOnly: [string, Uint8Array, TProtection][] = (["glo", "ded", "general-glo", "general-ded"] as const).map((form) => [
      `${form} encrypted`,
      protect({ form, protection: "encrypted", apdu: form.startsWith("general") ? DATA_NOTIFICATION : GET_REQUEST }),
      "encrypted",
    ]);

    test.each([...samples, ...encryptedOnly])("every truncation of a %s APDU is an error value", (_name, apdu) => {
      for (let n = 0; n < apdu.length; n++) {
        const r = unprotectApdu(apdu.subarray(0, n), ctx);
        expect(r.ok, `${n} bytes`).toBe(false);
      }
    });

    test("a control byte changed to encrypted only is a policy violation when the policy asks for authentication", () => {
      const apdu = protect().slice();
      apdu[2] = 0x20;
      expect(code(unprotectApdu(apdu, { ...ctx, acceptedProtections: protectionsMeeting("authenticated") }))).toBe("policy-violation");
      // Without the policy check the receiver would take ciphertext ‖ tag as an encrypted-only payload.
      expect(code(unprotectApdu(apdu, ctx))).toBe("ok");
    });

    test("an encrypted-only APDU has no tag: a changed ciphertext byte goes unnoticed, which is why policies authenticate", () => {
      const apdu = protect({ protection: "encrypted" });
      const changed = apdu.slice();
      changed[apdu.length - 1]! ^= 1;
      expect(code(unprotectApdu(changed, ctx))).toBe("ok");
    });

    test("100,000 random inputs never throw", () => {
      const prefixes = [0xc8, 0xd0, 0xcc, 0xdb, 0xdc, 0x21, 0x41, 0x2e];
      fc.assert(
        fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 80 }), fc.boolean(), (tag, rest, raw) => {
          const input = raw ? rest : Uint8Array.of(tag, ...rest);
          const r = unprotectApdu(input, ctx);
          return typeof r.ok === "boolean";
        }),
        { numRuns: 100_000 },
      );
    });

    test("valid APDUs with random bytes changed, cut or appended never throw", () => {
      const valid = samples.map(([, apdu]) => apdu);
      fc.assert(
        fc.property(
          fc.constantFrom(...valid),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
          fc.nat(),
          fc.uint8Array({ maxLength: 8 }),
          (apdu, changes, cut, extra) => {
            const changed = apdu.slice();
            for (const [at, value] of changes) changed[at % changed.length] = value;
            const input = Uint8Array.of(...changed.subarray(0, cut % (changed.length + 1)), ...extra);
            return typeof unprotectApdu(input, ctx).ok === "boolean";
          },
        ),
        { numRuns: 20_000 },
      );
    });
  });
});
