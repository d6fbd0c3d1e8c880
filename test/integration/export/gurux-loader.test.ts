import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { unitBySymbol } from "@/lib/dlms/cosem/units";
import { accessDigits, dottedObis, guruxAssociationFiles, methodAccessDigits } from "@/lib/export/gurux-xml";
import { ZUserProfile, type TProfileClient, type TProfileObject, type TUserProfile } from "@/lib/profile/schema";
import { clientView } from "@/lib/profile/view";
import { EXAMPLES_DIR, EXAMPLE_NAMES } from "../../helpers/examples";
import { describeWithPeers } from "../../helpers/peer-suite";
import { peers } from "../../helpers/peers";
import { tempDir } from "../../helpers/temp-dir";

/**
 * Every Gurux object-list file the tool exports, loaded by Gurux.DLMS.Python's own
 * GXDLMSObjectCollection.load (through gurux-load.py, a separate python3 process), must come back
 * as exactly that client's view of the meter: the same objects, rights, mechanism, context,
 * scaler and unit, capture objects and monitored values as the user profile.
 */

const ZLoadedObject = z.object({
  classId: z.number(),
  version: z.number(),
  ln: z.string(),
  description: z.string().nullable(),
  attributeCount: z.number(),
  methodCount: z.number(),
  access: z.record(z.string(), z.number().nullable()),
  methodAccess: z.record(z.string(), z.number().nullable()),
  values: z.record(z.string(), z.unknown()),
});
type TLoadedObject = z.infer<typeof ZLoadedObject>;
const ZLoaded = z.object({ files: z.record(z.string(), z.object({ objects: z.array(ZLoadedObject), messages: z.array(z.string()) })) });

const profiles = EXAMPLE_NAMES.map((name) => [name, ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")))] as const);
const cases = profiles.flatMap(([name, profile]) => profile.clients.map((c) => [name, c.id, profile, c] as const));
const profilesByName = new Map(profiles);
const clientOf = (name: string, id: string): TProfileClient => profilesByName.get(name)!.clients.find((c) => c.id === id)!;
const fileOf = (name: string, client: TProfileClient) => `${name}-${guruxAssociationFiles(profilesByName.get(name)!).find((f) => f.clientId === client.id)!.fileName}`;

/** Gurux's access digits as numbers by index, from the strings the export writes. */
const digitsByIndex = (digits: string): Record<string, number> => Object.fromEntries([...digits].map((d, i) => [String(i + 1), Number(d)]));

/** Gurux.DLMS.Python declares no method for the Extended register; the Blue Book's reset is the baseline's (classes.json says so). */
const BLUE_BOOK_ONLY_METHODS: Readonly<Record<number, number>> = { 4: 0 };

function expectedValues(object: TProfileObject, client: TProfileClient, profile: TUserProfile): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (object.scalerUnit && [3, 4, 5].includes(object.classId)) {
    values.scaler = object.scalerUnit.scaler;
    values.unit = unitBySymbol(object.scalerUnit.unit)!.code;
  }
  const fixed = (index: number) => object.attributes.find((a) => a.index === index)?.value;
  if (object.classId === 5) values.period = fixed(8) ?? 0;
  if (object.classId === 7) {
    const classOf = new Map(profile.objects.map((o) => [o.id, o.classId]));
    values.captureObjects = (object.captureObjects ?? []).map((c) => ({ classId: classOf.get(c.object), ln: dottedObis(c.obis), attribute: c.attribute, dataIndex: 0 }));
    values.capturePeriod = fixed(4) ?? 0;
    values.profileEntries = fixed(8) ?? 0;
  }
  if (object.classId === 15) {
    const owner = object.client ? profile.clients.find((c) => c.id === object.client)! : client;
    values.clientSap = owner.sap;
    values.serverSap = 1;
    values.applicationContext = owner.applicationContext.id;
    values.mechanism = owner.authentication.mechanismId;
    values.securitySetupReference = owner.securitySetupObject ? dottedObis(owner.securitySetupObject.obis) : null;
  }
  if (object.classId === 21 && object.monitoredValue) {
    values.monitoredValue = { classId: object.monitoredValue.classId, ln: dottedObis(object.monitoredValue.obis), attribute: object.monitoredValue.attribute };
  }
  if (object.classId === 71 && object.monitoredValue) values.monitoredValue = { classId: object.monitoredValue.classId, ln: dottedObis(object.monitoredValue.obis) };
  return values;
}

describeWithPeers(
  "Gurux object-list export read back by Gurux.DLMS.Python's loader",
  () => {
    let loaded: z.infer<typeof ZLoaded>["files"];
    beforeAll(() => {
      const dir = tempDir("gurux-load");
      const paths: string[] = [];
      for (const [name, profile] of profiles) {
        for (const f of guruxAssociationFiles(profile)) {
          const path = join(dir, `${name}-${f.fileName}`);
          writeFileSync(path, f.xml);
          paths.push(path);
        }
      }
      const run = spawnSync("python3", [join(import.meta.dirname, "gurux-load.py"), join(peers().dir, "gurux-dlms-python"), ...paths], {
        encoding: "utf8",
        // The loader loops for ever on an element it does not expect: a hang is a failure, not a stall.
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      });
      expect(run.error, "gurux-load.py did not finish (Gurux's loader loops on an unexpected element)").toBeUndefined();
      expect(run.status, run.stderr).toBe(0);
      const files = ZLoaded.parse(JSON.parse(run.stdout)).files;
      loaded = Object.fromEntries(Object.entries(files).map(([path, v]) => [path.slice(dir.length + 1), v]));
    }, 150_000);

    const objectsOf = (name: string, client: TProfileClient): TLoadedObject[] => {
      const file = loaded[fileOf(name, client)];
      expect(file, fileOf(name, client)).toBeDefined();
      expect(file!.messages).toEqual([]);
      return file!.objects;
    };

    test.each(cases)("%s, %s client: Gurux loads exactly the client's objects, with class, version and logical name", (name, _, profile, client) => {
      const got = objectsOf(name, client);
      const view = clientView(profile, client.id);
      expect(got.map((o) => `${o.classId} v${o.version} ${o.ln}`)).toEqual(view.map((o) => `${o.classId} v${o.version} ${dottedObis(o.obis)}`));
      expect(got.map((o) => o.description)).toEqual(view.map((o) => o.name));
    });

    test.each(cases)("%s, %s client: every attribute and method access comes back as the profile grants it", (name, _, profile, client) => {
      const got = objectsOf(name, client);
      clientView(profile, client.id).forEach((o, i) => {
        const g = got[i]!;
        expect(g.access, o.id).toEqual(digitsByIndex(accessDigits(o, client.id)));
        expect(g.methodAccess, o.id).toEqual(digitsByIndex(methodAccessDigits(o, client.id)));
        expect(g.attributeCount, `${o.id}: attributes of class ${o.classId} in Gurux`).toBe(o.attributes.length);
        expect(g.methodCount, `${o.id}: methods of class ${o.classId} in Gurux`).toBe(BLUE_BOOK_ONLY_METHODS[o.classId] ?? o.methods.length);
      });
    });

    test.each(cases)("%s, %s client: every association in the file comes back with its client's SAPs, mechanism and application context", (name, _, profile, client) => {
      const got = objectsOf(name, client);
      clientView(profile, client.id).forEach((o, i) => {
        if (o.classId === 15) expect(got[i]!.values, o.id).toEqual(expectedValues(o, client, profile));
      });
      const current = got.find((o) => o.ln === "0.0.40.0.0.255");
      if (current) expect(current.values).toMatchObject({ clientSap: client.sap, mechanism: client.authentication.mechanismId, applicationContext: client.applicationContext.id });
    });

    test.each(cases)("%s, %s client: its mechanism and application context come back from the files that list its association", (name, _, profile, client) => {
      const ln = dottedObis(client.associationObject.obis);
      const listing = profile.clients.map((c) => objectsOf(name, c).find((o) => o.ln === ln)).filter((o) => o !== undefined);
      // The pre-established Broadcast client reads nothing, not even its own association: the others' files carry it.
      expect(listing.length).toBeGreaterThan(0);
      for (const o of listing) {
        expect(o.values).toMatchObject({ clientSap: client.sap, mechanism: client.authentication.mechanismId, applicationContext: client.applicationContext.id });
      }
    });

    test.each(cases)("%s, %s client: scaler and unit, capture objects, periods and monitored values come back", (name, _, profile, client) => {
      const got = objectsOf(name, client);
      clientView(profile, client.id).forEach((o, i) => {
        if (o.classId === 15) return;
        expect(got[i]!.values, o.id).toMatchObject(expectedValues(o, client, profile));
      });
    });

    test("the secured management association of the full example comes back as HLS-ECDSA (7) in the ciphered context (3), not 0 and 1", () => {
      const own = objectsOf("full", clientOf("full", "management")).find((o) => o.ln === "0.0.40.0.3.255")!;
      expect(own.values).toMatchObject({ mechanism: 7, applicationContext: 3, securitySetupReference: "0.0.43.0.3.255" });
    });

    test("the Public client's file holds only the objects it can reach", () => {
      const full = profilesByName.get("full")!;
      const got = objectsOf("full", clientOf("full", "public"));
      expect(got).toHaveLength(clientView(full, "public").length);
      expect(got.length).toBeLessThan(full.objects.length / 4);
      expect(got.every((o) => Object.values(o.access).some((a) => a !== 0) || Object.values(o.methodAccess).some((a) => a !== 0))).toBe(true);
    });

    test("the registers of the full example come back with their scaler and unit", () => {
      const got = objectsOf("full", clientOf("full", "management"));
      const energy = got.find((o) => o.ln === "1.0.1.8.0.255")!;
      expect(energy.values).toMatchObject({ scaler: 0, unit: 30 });
      const registers = got.filter((o) => [3, 4, 5].includes(o.classId));
      expect(registers.length).toBeGreaterThan(180);
      expect(registers.every((o) => typeof o.values.unit === "number" && o.values.unit !== 0)).toBe(true);
    });
  },
  ["python3"],
);
