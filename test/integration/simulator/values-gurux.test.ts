import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { encodeData } from "@/lib/dlms/axdr/codec";
import { d, type TData, type TDataType } from "@/lib/dlms/axdr/data";
import { hex } from "@/lib/dlms/bytes";
import type { TProfileObject } from "@/lib/profile/schema";
import { dateTimeAsOctetString } from "@/lib/simulator/values/date-times";
import { initialAttributeValue } from "@/lib/simulator/values/initial-value";
import { ROOT } from "../../helpers/examples";
import { peers } from "../../helpers/peers";
import { describeWithPeers } from "../../helpers/peer-suite";
import { PROFILES, contextOf } from "../../unit/simulator/values/examples";

/**
 * An independent check of the initial values: Gurux.DLMS.Python 1.0.197 decodes each value with its
 * own A-XDR reader and parses it with the object of its interface class, as its client does after a
 * GET (test/tools/gurux-parse-values.py).
 */

/** Interface classes of the examples that Gurux.DLMS.Python 1.0.197 does not implement: none at this version. */
const GURUX_UNSUPPORTED_CLASSES: readonly number[] = [];

/** Gurux's data type names are the A-XDR tags' (enums/DataType.py); the ones our values use. */
const GURUX_TYPE_NAMES: Record<string, TDataType> = {
  ARRAY: "array",
  STRUCTURE: "structure",
  BOOLEAN: "boolean",
  BITSTRING: "bit-string",
  INT32: "double-long",
  UINT32: "double-long-unsigned",
  OCTET_STRING: "octet-string",
  STRING: "visible-string",
  STRING_UTF8: "utf8-string",
  INT8: "integer",
  INT16: "long",
  UINT8: "unsigned",
  UINT16: "long-unsigned",
  ENUM: "enum",
  DATETIME: "date-time",
};

/**
 * Where Gurux declares another type than our value has, and why that is right:
 * Gurux declares ARRAY for every composite attribute and OCTET_STRING for date-times (it writes them
 * as octet-strings, which the Blue Book allows beside the date-time tag);
 * Account max_provision_period is double-long-unsigned (a period in seconds, Blue Book 4.6.2, as the
 * profile types it) where Gurux declares INT32.
 */
function declaredDiffers(classId: number, attribute: number, ours: TDataType, gurux: TDataType): boolean {
  if (gurux === "array" && ours === "structure") return false;
  if (gurux === "octet-string" && ours === "date-time") return false;
  if (classId === 111 && attribute === 19 && gurux === "double-long" && ours === "double-long-unsigned") return false;
  return ours !== gurux;
}

interface TLine {
  classId: number;
  version: number;
  obis: string;
  attribute: number;
  hex: string;
  object: string;
}
interface TReply {
  index: number;
  result: "accepted" | "rejected" | "unsupported";
  error?: string;
  guruxType?: string | null;
}

function runGurux(lines: TLine[]): TReply[] {
  const script = join(ROOT, "test/tools/gurux-parse-values.py");
  const r = spawnSync("python3", [script, "--peers", peers().dir], {
    input: lines.map((l) => JSON.stringify(l)).join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`gurux-parse-values.py exited with ${r.status}: ${r.stderr}`);
  return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as TReply);
}

/** The order a Gurux client reads an object's attributes in: a Profile generic's capture objects before its buffer. */
const readOrder = (object: TProfileObject): number[] =>
  object.attributes.map((a) => a.index).sort((a, b) => (object.classId === 7 ? (a === 3 ? -1 : b === 3 ? 1 : a - b) : a - b));

/** Gurux.DLMS.Python 1.0.197 parses the Token gateway token_time only as an octet-string (the date-time tag fails its changeType). */
const asGuruxReads = (object: TProfileObject, attribute: number, value: TData): TData =>
  object.classId === 115 && attribute === 3 ? dateTimeAsOctetString(value) : value;

const line = (name: string, object: TProfileObject, attribute: number, value: TData): TLine => ({
  classId: object.classId,
  version: object.version,
  obis: object.obis,
  attribute,
  hex: hex(encodeData(value)),
  object: `${name}/${object.id}`,
});

describeWithPeers(
  "initial values read by Gurux.DLMS.Python",
  () => {
    const lines: TLine[] = [];
    const values: TData[] = [];
    for (const [name, profile] of PROFILES) {
      const ctx = contextOf(profile);
      for (const object of profile.objects) {
        for (const attribute of readOrder(object)) {
          const value = initialAttributeValue(object, attribute, ctx);
          values.push(value);
          lines.push(line(name, object, attribute, asGuruxReads(object, attribute, value)));
        }
      }
    }

    test("Gurux parses every attribute of every object of the three examples without an error", () => {
      const replies = runGurux(lines);
      expect(replies).toHaveLength(lines.length);
      const where = (r: TReply) => `${lines[r.index]!.object} attribute ${lines[r.index]!.attribute}`;
      const unsupported = replies.filter((r) => r.result === "unsupported");
      if (unsupported.length > 0) console.warn(`Gurux does not implement classes ${[...new Set(unsupported.map((r) => lines[r.index]!.classId))].join(", ")}: skipped`);
      expect(unsupported.filter((r) => !GURUX_UNSUPPORTED_CLASSES.includes(lines[r.index]!.classId)).map(where)).toEqual([]);
      expect(replies.filter((r) => r.result === "rejected").map((r) => `${where(r)}: ${r.error}`)).toEqual([]);

      const differing = replies.flatMap((r) => {
        const gurux = r.guruxType ? GURUX_TYPE_NAMES[r.guruxType] : undefined;
        const { classId, attribute } = lines[r.index]!;
        const ours = values[r.index]!.type;
        return gurux && declaredDiffers(classId, attribute, ours, gurux) ? [`${where(r)}: ours ${ours}, Gurux ${r.guruxType}`] : [];
      });
      expect(differing).toEqual([]);
      expect(replies.filter((r) => r.guruxType).length).toBeGreaterThan(lines.length / 2);
    });

    test("Gurux rejects malformed values, so the check can fail", () => {
      const [name, profile] = PROFILES[0]!;
      const register = profile.objects.find((o) => o.classId === 3)!;
      const profileGeneric = profile.objects.find((o) => o.classId === 7)!;
      const badUnit = line(name, register, 3, d.struct(d.i8(0), d.enum(200)));
      const badColumn = line(name, profileGeneric, 3, d.array([d.struct(d.u16(8), d.octets([0, 0, 1, 0, 0, 255]), d.i8(2))]));
      expect(runGurux([{ ...badUnit, object: "bad-unit" }, { ...badColumn, object: "bad-column" }]).map((r) => r.result)).toEqual(["rejected", "rejected"]);
    });
  },
  ["python3"],
);
