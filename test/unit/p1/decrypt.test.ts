import { createCipheriv } from "node:crypto";
import { describe, expect, test } from "vitest";
import { decryptP1Frame, type TFrameParts } from "@/lib/p1/decrypt";
import { emitP1Frame } from "@/lib/p1/emit";
import { exampleLayout, frameOf, hexBytes, P1_AUTH_KEY, P1_KEY, P1_NEW_KEY, P1_SYSTEM_TITLE, telegramAt } from "../../helpers/p1-meter";

const telegram = telegramAt(exampleLayout("three-phase-hls-cellular"), 0);
const partsOf = (frame: Uint8Array): TFrameParts => ({
  systemTitle: frame.subarray(2, 10),
  securityControl: frame[13]!,
  frameCounter: (frame[14]! << 24) | (frame[15]! << 16) | (frame[16]! << 8) | frame[17]!,
  ciphertext: frame.subarray(18, frame.length - 12),
  tag: frame.subarray(frame.length - 12),
});
const keys = (encryption: Uint8Array[], authentication = P1_AUTH_KEY) => ({ encryption, authentication });
const OTHER_AUTH = hexBytes("FFEEDDCCBBAA99887766554433221100");

describe("decryptP1Frame", () => {
  test("decrypts and authenticates a good frame, with the first of several keys that fits", () => {
    const r = decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_NEW_KEY, P1_KEY]));
    expect(r.ok && { key: r.keyIndex, text: Buffer.from(r.plaintext).toString("latin1") }).toEqual({ key: 1, text: telegram });
  });

  test("says wrong key when the plaintext is noise with every key", () => {
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_NEW_KEY]))).toMatchObject({ ok: false, cause: "wrong-key", reason: expect.stringContaining("wrong key") });
  });

  test("says bad tag when the key gives the telegram but the tag fails", () => {
    const frame = frameOf(telegram, 3);
    frame[frame.length - 1]! ^= 0x01;
    const r = decryptP1Frame(partsOf(frame), keys([P1_KEY]));
    expect(r).toMatchObject({ ok: false, cause: "bad-tag", keyIndex: 0 });
    expect(!r.ok && Buffer.from(r.plaintext!).toString("latin1")).toBe(telegram);
  });

  test("says altered when the key is right but neither tag nor CRC verifies", () => {
    const frame = frameOf(telegram, 3);
    frame[100]! ^= 0x02;
    expect(decryptP1Frame(partsOf(frame), keys([P1_KEY]))).toMatchObject({ ok: false, cause: "altered" });
  });

  test("finds the AAD the meter used: the specification's fixed key when another was given, the security control byte alone, none", () => {
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_KEY], OTHER_AUTH))).toMatchObject({ cause: "aad", reason: expect.stringContaining("fixed authentication key") });
    const scOnly = emitP1Frame(telegram, { key: P1_KEY, systemTitle: P1_SYSTEM_TITLE, frameCounter: 3, authenticationKey: new Uint8Array(0) });
    expect(decryptP1Frame(partsOf(scOnly), keys([P1_KEY]))).toMatchObject({ cause: "aad", reason: expect.stringContaining("security control byte alone") });
  });

  test("says the keys are swapped when the authentication key decrypts the frame", () => {
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_AUTH_KEY], P1_KEY))).toMatchObject({ cause: "keys-swapped" });
  });

  test("recognises a 16-byte tag where the specification has 12", () => {
    const cipher = createCipheriv("aes-128-gcm", P1_KEY, Buffer.concat([P1_SYSTEM_TITLE, Uint8Array.of(0, 0, 0, 3)]), { authTagLength: 16 });
    cipher.setAAD(Buffer.concat([Uint8Array.of(0x30), P1_AUTH_KEY]));
    const body = Buffer.concat([cipher.update(Buffer.from(telegram, "latin1")), cipher.final(), cipher.getAuthTag()]);
    const parts = { systemTitle: P1_SYSTEM_TITLE, securityControl: 0x30, frameCounter: 3, ciphertext: body.subarray(0, body.length - 12), tag: body.subarray(body.length - 12) };
    const r = decryptP1Frame(parts, keys([P1_KEY]));
    expect(r).toMatchObject({ ok: false, cause: "tag-length", reason: expect.stringContaining("16-byte tag") });
    expect(!r.ok && Buffer.from(r.plaintext!).toString("latin1")).toBe(telegram);
  });

  test("without a key says so", () => {
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([]))).toMatchObject({ ok: false, cause: "no-key" });
  });
});

describe("decryptP1Frame with keys of the wrong size", () => {
  test("says which key is not 16 bytes instead of throwing", () => {
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_KEY, P1_KEY.subarray(0, 15)]))).toMatchObject({ ok: false, cause: "no-key", reason: "encryption key 2 does not have 16 bytes (AES-128)" });
    expect(decryptP1Frame(partsOf(frameOf(telegram, 3)), keys([P1_NEW_KEY], new Uint8Array(3)))).toMatchObject({ ok: false, cause: "wrong-key" });
  });
});
