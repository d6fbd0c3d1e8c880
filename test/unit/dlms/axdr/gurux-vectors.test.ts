import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fromHex, hex } from "@/lib/dlms/bytes";
import { decodeData, encodeData } from "@/lib/dlms/axdr/codec";
import type { TData } from "@/lib/dlms/axdr/data";
import type { TCosemDateTime } from "@/lib/dlms/axdr/date-time";
import { equalData } from "@/lib/dlms/axdr/format";
import { ROOT } from "../../../helpers/examples";

/**
 * Encodings written by an independent implementation (Gurux.DLMS.Python 1.0.197, produced by
 * test/tools/gurux-vectors.py): our codec must write the same bytes and read them back.
 */
type TNeutral = { type: string; value: unknown };
const file = JSON.parse(readFileSync(join(ROOT, "test/fixtures/gurux/axdr-vectors.json"), "utf8")) as { vectors: Array<TNeutral & { name: string; hex: string }> };

type TFields = { year: number | null; month: number | null; dayOfMonth: number | null; dayOfWeek: number | null; hour: number | null; minute: number | null; second: number | null; hundredths: number | null; deviation: number | null; clockStatus: number | null };

function dateTimeOf(v: Partial<TFields>): TCosemDateTime {
  return {
    year: v.year ?? null,
    month: v.month ?? null,
    day: v.dayOfMonth ?? null,
    dayOfWeek: v.dayOfWeek ?? null,
    hour: v.hour ?? null,
    minute: v.minute ?? null,
    second: v.second ?? null,
    hundredths: v.hundredths ?? null,
    deviation: v.deviation ?? null,
    status: v.clockStatus ?? null,
  };
}

function toData(n: TNeutral): TData {
  const v = n.value;
  switch (n.type) {
    case "null-data":
      return { type: "null-data" };
    case "array":
    case "structure":
      return { type: n.type, items: (v as TNeutral[]).map(toData) };
    case "octet-string":
      return { type: n.type, value: fromHex(v as string) };
    case "bit-string":
      return { type: n.type, bits: v as string };
    case "long64":
    case "long64-unsigned":
      return { type: n.type, value: BigInt(v as string) };
    case "bcd":
      return { type: n.type, value: parseInt(v as string, 16) };
    case "boolean":
      return { type: n.type, value: v as boolean };
    case "visible-string":
    case "utf8-string":
      return { type: n.type, value: v as string };
    case "float32":
      return { type: n.type, value: Math.fround(v as number) };
    case "date-time":
      return { type: n.type, value: dateTimeOf(v as TFields) };
    case "date": {
      const { year, month, day, dayOfWeek } = dateTimeOf(v as TFields);
      return { type: n.type, value: { year, month, day, dayOfWeek } };
    }
    case "time": {
      const { hour, minute, second, hundredths } = dateTimeOf(v as TFields);
      return { type: n.type, value: { hour, minute, second, hundredths } };
    }
    default:
      return { type: n.type, value: v as number } as TData;
  }
}

describe("the A-XDR codec against Gurux.DLMS.Python's encodings", () => {
  test("the fixture covers every simple type and the constructed ones", () => {
    const types = new Set(file.vectors.map((v) => v.type));
    expect(types.size).toBe(23);
  });

  test.each(file.vectors.map((v) => [v.name, v] as const))("%s", (_name, vector) => {
    const value = toData(vector);
    expect(hex(encodeData(value))).toBe(vector.hex);
    const back = decodeData(fromHex(vector.hex));
    expect(back.ok).toBe(true);
    if (back.ok) expect(equalData(back.value, value)).toBe(true);
  });
});
