/**
 * The xDLMS conformance block (Green Book 9.5, Conformance ::= [APPLICATION 31] IMPLICIT BIT
 * STRING (SIZE(24))): bit n is the (n mod 8)-th most significant bit of byte n / 8.
 */
export const CONFORMANCE_BITS = [
  "reserved-zero",
  "general-protection",
  "general-block-transfer",
  "read",
  "write",
  "unconfirmed-write",
  "delta-value-encoding",
  "reserved-seven",
  "attribute0-supported-with-set",
  "priority-mgmt-supported",
  "attribute0-supported-with-get",
  "block-transfer-with-get-or-read",
  "block-transfer-with-set-or-write",
  "block-transfer-with-action",
  "multiple-references",
  "information-report",
  "data-notification",
  "access",
  "parameterized-access",
  "get",
  "set",
  "selective-access",
  "event-notification",
  "action",
] as const;
export type TConformanceBit = (typeof CONFORMANCE_BITS)[number];
export type TConformance = ReadonlySet<TConformanceBit>;

export function conformanceToBytes(conformance: Iterable<TConformanceBit>): Uint8Array {
  const out = new Uint8Array(3);
  for (const name of conformance) {
    const n = CONFORMANCE_BITS.indexOf(name);
    out[n >> 3]! |= 0x80 >> (n & 7);
  }
  return out;
}

export function conformanceFromBytes(bytes: Uint8Array): Set<TConformanceBit> {
  const out = new Set<TConformanceBit>();
  CONFORMANCE_BITS.forEach((name, n) => {
    if (((bytes[n >> 3] ?? 0) << (n & 7)) & 0x80) out.add(name);
  });
  return out;
}

/** What a LN client asks for: every LN service and the block transfers, as the Gurux client proposes. */
export const CLIENT_CONFORMANCE: TConformance = new Set<TConformanceBit>([
  "general-protection",
  "attribute0-supported-with-get",
  "block-transfer-with-get-or-read",
  "block-transfer-with-set-or-write",
  "block-transfer-with-action",
  "multiple-references",
  "priority-mgmt-supported",
  "data-notification",
  "get",
  "set",
  "selective-access",
  "event-notification",
  "action",
]);

export const intersectConformance = (a: TConformance, b: TConformance): Set<TConformanceBit> => new Set([...a].filter((x) => b.has(x)));
