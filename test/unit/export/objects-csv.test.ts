import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { csvField, toCsv } from "@/lib/export/csv";
import { OBJECTS_CSV_COLUMNS, objectsCsv } from "@/lib/export/objects-csv";
import { ZUserProfile, type TUserProfile } from "@/lib/profile/schema";
import { EXAMPLES_DIR, EXAMPLE_NAMES } from "../../helpers/examples";
import { readCsv, readCsvRows } from "../../helpers/csv";

const readProfile = (name: string): TUserProfile =>
  ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")));
const profiles = EXAMPLE_NAMES.map((name) => [name, readProfile(name)] as const);

type TRow = Record<(typeof OBJECTS_CSV_COLUMNS)[number], string>;

const readRows = (csv: string): TRow[] => readCsvRows(csv, OBJECTS_CSV_COLUMNS);

describe("objectsCsv", () => {
  test.each(profiles)("%s: one CSV row per object and client", (_, profile) => {
    const rows = readRows(objectsCsv(profile));
    const expected = profile.objects.flatMap((o) => profile.clients.map((c) => [o.id, c.id]));
    expect(rows.map((r) => [r.object_id, r.client])).toEqual(expected);
  });

  test.each(profiles)("%s: every row carries the object, the client and that client's rights", (_, profile) => {
    const rows = readRows(objectsCsv(profile));
    let i = 0;
    for (const o of profile.objects) {
      for (const c of profile.clients) {
        const row = rows[i++]!;
        const attributeAccess = o.attributes.map((a) => a.access[c.id]!);
        const methodAccess = o.methods.map((m) => m.access[c.id]!);
        const where = `${o.id} / ${c.id}`;
        expect(row, where).toEqual({
          object_id: o.id,
          obis: o.obis,
          name: o.name,
          class_id: String(o.classId),
          class_name: o.className,
          version: String(o.version),
          group: o.group,
          client: c.id,
          client_sap: String(c.sap),
          attribute_rights: o.attributes.map((a, k) => `${a.index}:${attributeAccess[k]}`).join(" "),
          method_rights: o.methods.map((m, k) => `${m.index}:${methodAccess[k]}`).join(" "),
          readable: o.attributes.filter((_a, k) => attributeAccess[k]!.includes("R")).map((a) => a.index).join(" "),
          writable: o.attributes.filter((_a, k) => attributeAccess[k]!.includes("W")).map((a) => a.index).join(" "),
          executable: o.methods.filter((_m, k) => methodAccess[k] === "X").map((m) => m.index).join(" "),
          reason: o.reason.kind === "mandatory" ? "mandatory" : o.reason.conditions.join("+"),
        });
      }
    }
  });

  test("rights read like 1:R 2:RW 3:- and the management client can set the clock", () => {
    const rows = readRows(objectsCsv(readProfile("full")));
    const clock = rows.find((r) => r.object_id === "clock" && r.client === "management")!;
    expect(clock.attribute_rights).toMatch(/^1:R 2:RW 3:RW 4:R /);
    expect(clock.method_rights).toMatch(/^1:X /);
    expect(clock.writable.split(" ")).toContain("2");
    const publicClock = rows.find((r) => r.object_id === "clock" && r.client === "public")!;
    expect(publicClock.writable).toBe("");
    expect(publicClock.executable).toBe("");
  });

  test("an object switched on by several conditions names them joined by +", () => {
    const profile = readProfile("full");
    const rows = readRows(objectsCsv(profile));
    const multi = profile.objects.find((o) => o.reason.conditions.length > 1)!;
    expect(rows.find((r) => r.object_id === multi.id)!.reason).toBe(multi.reason.conditions.join("+"));
    expect(rows.find((r) => r.object_id === "clock")!.reason).toBe("mandatory");
  });

  test("starts with a UTF-8 byte order mark and ends every row with CRLF", () => {
    const csv = objectsCsv(readProfile("single-phase-plc"));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  test("quotes fields with commas and doubles quotes", () => {
    const profile = readProfile("single-phase-plc");
    profile.objects[0]!.name = 'Clock, "local" time\r\nsecond line';
    const csv = objectsCsv(profile);
    expect(csv).toContain('"Clock, ""local"" time\r\nsecond line"');
    expect(readRows(csv)[0]!.name).toBe('Clock, "local" time\r\nsecond line');
  });

  test("accented names survive as they are", () => {
    const profile = readProfile("single-phase-plc");
    profile.objects[0]!.name = "Énergie active, tarif été";
    expect(readRows(objectsCsv(profile))[0]!.name).toBe("Énergie active, tarif été");
  });

  test("a formula-like name is shown as text and the rights columns stay readable", () => {
    const profile = readProfile("full");
    profile.objects[0]!.name = "=HYPERLINK(\"http://evil.example\",\"x\")";
    const rows = readRows(objectsCsv(profile));
    expect(rows[0]!.name).toBe("'=HYPERLINK(\"http://evil.example\",\"x\")");
    for (const row of rows) {
      for (const column of ["attribute_rights", "method_rights", "readable", "writable", "executable", "reason"] as const) {
        expect(row[column], `${row.object_id} ${column}`).not.toMatch(/^'/);
      }
    }
  });
});

describe("toCsv", () => {
  test("a formula-like company name is neutralised", () => {
    for (const company of ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rReturn"]) {
      const [, row] = readCsv(toCsv([["company"], [company]]).slice(1));
      expect(row![0], JSON.stringify(company)).toBe(`'${company}`);
    }
  });

  test("plain numbers, text and access rights are left as they are", () => {
    expect(["-3", "+1", "1.5", "Ibérica", "1:R 2:RW 3:-", "1:X 2:-", "mandatory"].map(csvField)).toEqual([
      "-3",
      "+1",
      "1.5",
      "Ibérica",
      "1:R 2:RW 3:-",
      "1:X 2:-",
      "mandatory",
    ]);
  });

  test("quotes fields with commas and doubles quotes", () => {
    expect(toCsv([["a,b", 'say "hi"', "plain", "line\nbreak", ""]])).toBe('\uFEFF"a,b","say ""hi""",plain,"line\nbreak",\r\n');
  });
});
