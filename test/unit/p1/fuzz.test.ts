import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { captureFromBytes, captureFromChunks } from "@/lib/p1/capture";
import { checkP1Capture } from "@/lib/p1/check";
import { P1_VERDICTS } from "@/lib/p1/report";
import { concat, exampleLayout, frameOf, P1_AUTH_KEY, P1_KEY, plainLayout, sentAt, telegramAt, textBytes } from "../../helpers/p1-meter";

/**
 * 100,000 mutated captures: flipped bits, changed, inserted and deleted bytes, cuts, repeated
 * and swapped slices of plain telegrams and encrypted frames. None may crash the checker, and
 * each must get a verdict.
 */
const plain = plainLayout("three-phase-hls-cellular");
const secured = exampleLayout("three-phase-hls-cellular");
const keys = { encryption: [P1_KEY], authentication: P1_AUTH_KEY };
const telegrams = [0, 1].map((i) => textBytes(telegramAt(plain, i)));
const frames = [0, 1].map((i) => frameOf(telegramAt(secured, i), 0xfffffffe + i));
const bases = [concat(telegrams), concat(frames), concat([telegrams[0]!, frames[1]!])];

const mutation = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x0a, 0x0d, 0x21, 0x28, 0x29, 0x2a, 0x2f, 0x30, 0x35, 0x7e, 0x81, 0x82, 0xdb, 0xff) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("repeat" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);
type TMutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Uint8Array, mutations: TMutation[]): Uint8Array {
  let bytes = input;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.op === "flip" && bytes.length > 0) bytes = Uint8Array.from(bytes, (b, i) => (i === at ? b ^ (1 << m.bit) : b));
    else if (m.op === "set" && bytes.length > 0) bytes = Uint8Array.from(bytes, (b, i) => (i === at ? m.byte : b));
    else if (m.op === "insert") bytes = concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else if (m.op === "delete") bytes = concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    else if (m.op === "cut") bytes = m.at % 2 === 0 ? bytes.subarray(at) : bytes.subarray(0, at);
    else if (m.op === "repeat") bytes = concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
  }
  return bytes;
}

describe("checkP1Capture under fuzzing", () => {
  test("100,000 mutated captures never crash the checker and each gets a verdict", () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean(), (base, mutations, chunked, encrypted) => {
        const bytes = mutate(bases[base]!, mutations);
        const capture = chunked ? captureFromChunks("fuzz", sentAt([bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)]), 0, null) : captureFromBytes("fuzz", bytes);
        const report = checkP1Capture(capture, encrypted ? secured : plain, { keys: encrypted || base > 0 ? keys : null, checkedAt: "2026-03-10T12:00:00.000Z", maxDecoded: 4 });
        runs++;
        expect(P1_VERDICTS).toContain(report.verdict);
        expect(report.lines.length).toBeGreaterThan(0);
        expect(report.lines.every((l) => l.reason.length > 0)).toBe(true);
      }),
      { numRuns: 100_000, seed: 20261201 },
    );
    expect(runs).toBe(100_000);
  }, 300_000);
});
