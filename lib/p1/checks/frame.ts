import { toHex } from "../bytes";
import { decryptP1Frame, type TDecryption, type TP1Keys } from "../decrypt";
import { parseFrameHeader, TAG_LENGTH, type TFrameHeader, type TFrameIssue } from "../frame";
import type { TP1DecodedUnit, TP1Finding } from "../report";
import type { TUnit } from "../split";

/** The layout, completeness and decryption of one encrypted frame (P1-013). */
export type TFrameCheck = {
  findings: TP1Finding[];
  decoded: NonNullable<TP1DecodedUnit["frame"]>;
  header: TFrameHeader;
  /** The telegram inside, when the key is right (even if the tag fails, so that its content is still checked). */
  plaintext: Uint8Array | null;
  decryption: TDecryption | null;
};

const FIELD_CHECKS = {
  tag: "frame.tag",
  "system-title": "frame.system-title",
  length: "frame.length",
  "security-control": "frame.security-control",
} as const satisfies Record<TFrameIssue["field"], TP1Finding["check"]>;

const FIELD_PASS: Partial<Record<TP1Finding["check"], string>> = {
  "frame.tag": "the frame starts with 0xDB",
  "frame.system-title": "byte 1 is 0x08 and the 8-byte system title follows",
  "frame.security-control": "the security control byte is 0x30",
};

function open(region: Uint8Array, header: TFrameHeader, end: number, keys: TP1Keys): TDecryption {
  return decryptP1Frame(
    {
      systemTitle: header.systemTitle!,
      frameCounter: header.frameCounter!,
      securityControl: header.securityControl!,
      ciphertext: region.subarray(header.contentStart!, end - TAG_LENGTH),
      tag: region.subarray(end - TAG_LENGTH, end),
    },
    keys,
  );
}

/** Checks one frame; `keys` null means no key was given. */
export function checkFrame(bytes: Uint8Array, unit: TUnit, index: number, keys: TP1Keys | null): TFrameCheck {
  const region = bytes.subarray(unit.start, unit.end);
  const { header, issues } = parseFrameHeader(region);
  const findings: TP1Finding[] = [];
  const add = (check: TP1Finding["check"], status: TP1Finding["status"], reason: string) => findings.push({ check, status, reason, unit: index });
  for (const issue of issues) add(FIELD_CHECKS[issue.field], "FAIL", issue.message);
  for (const [check, reason] of Object.entries(FIELD_PASS) as [TP1Finding["check"], string][]) {
    if (!findings.some((f) => f.check === check) && (check !== "frame.security-control" || header.securityControl !== null)) add(check, "PASS", reason);
  }
  const decoded: TFrameCheck["decoded"] = {
    systemTitle: header.systemTitle ? toHex(header.systemTitle) : null,
    frameCounter: header.frameCounter,
    securityControl: header.securityControl,
    decrypted: false,
    keyNumber: null,
    problem: null,
  };
  const result: TFrameCheck = { findings, decoded, header, plaintext: null, decryption: null };
  if (header.contentStart === null || header.lengthStart === null) {
    add("frame.complete", "FAIL", `the frame stops after ${region.length} bytes, inside its header`);
    decoded.problem = "the header is incomplete";
    return result;
  }
  const length = unit.end - unit.start;
  const declared = unit.declaredEnd === null ? null : unit.declaredEnd - unit.start;
  const after = length - header.lengthStart;
  if (declared !== null && declared > length) {
    const whole = keys && keys.encryption.length > 0 && length - header.contentStart >= TAG_LENGTH ? open(region, header, length, keys) : null;
    if (!whole?.ok) {
      add("frame.complete", "FAIL", `truncated frame: the length field (byte ${header.lengthField!.byte}) announces ${header.lengthField!.value} bytes after it, only ${after} came before the next frame`);
      decoded.problem = "truncated";
      return result;
    }
    add("frame.length", "FAIL", `the length field gives ${header.lengthField!.value}, but ${after} bytes follow it up to the next frame, and the tag verifies over them: the length field is wrong`);
  }
  if (length - header.contentStart < TAG_LENGTH) {
    add("frame.complete", "FAIL", `truncated frame: ${length - header.contentStart} bytes after the frame counter, fewer than the 12-byte tag`);
    decoded.problem = "truncated";
    return result;
  }
  add("frame.complete", "PASS", "the frame is complete");
  if (!keys || keys.encryption.length === 0) {
    add("frame.decryption", "INCONCLUSIVE", "no encryption key was given: the frame cannot be decrypted and its telegram not checked");
    decoded.problem = "no key";
    return result;
  }

  let decryption = open(region, header, declared !== null && declared < length ? declared : length, keys);
  if (declared !== null && declared < length) {
    if (decryption.ok) {
      findings.push({ check: "capture.between", status: "FAIL", unit: index, reason: `${length - declared} bytes follow frame ${index} beyond its length, before the next frame or the end: ${toHex(region, declared, Math.min(length, declared + 16))}` });
    } else {
      const whole = open(region, header, length, keys);
      if (whole.ok) {
        add("frame.length", "FAIL", `the length field gives ${header.lengthField!.value}, but ${after} bytes follow it up to the next frame, and the tag verifies over all of them: the length field is wrong`);
        decryption = whole;
      }
    }
  }
  if (!findings.some((f) => f.check === "frame.length")) add("frame.length", "PASS", "the length field counts the bytes that follow it");

  result.decryption = decryption;
  if (decryption.ok) {
    add("frame.decryption", "PASS", "the frame decrypts and its tag verifies");
    decoded.decrypted = true;
    decoded.keyNumber = decryption.keyIndex + 1;
    result.plaintext = decryption.plaintext;
  } else {
    add("frame.decryption", "FAIL", decryption.reason);
    decoded.problem = decryption.reason;
    decoded.keyNumber = decryption.keyIndex === null ? null : decryption.keyIndex + 1;
    result.plaintext = decryption.plaintext;
  }
  return result;
}
