import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";
import { GURUX_OBJECT_TYPES, guruxAssociationFiles, guruxObjectListXml } from "@/lib/export/gurux-xml";
import { ZUserProfile, type TUserProfile } from "@/lib/profile/schema";
import { EXAMPLES_DIR, EXAMPLE_NAMES, ROOT } from "../../helpers/examples";

const readProfile = (name: string): TUserProfile =>
  ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")));
const profiles = EXAMPLE_NAMES.map((name) => [name, readProfile(name)] as const);
const profileClients = profiles.flatMap(([name, profile]) => profile.clients.map((c) => [name, c.id, profile] as const));

type TNode = Record<string, TNode[] | string>;
type TGuruxObject = { element: string; fields: Record<string, string> };

const parser = new XMLParser({ preserveOrder: true, parseTagValue: false, htmlEntities: true, commentPropName: "#comment" });

/** Reads an object-list file back: the comment and each object with its fields, in document order. */
function readObjectList(xml: string): { comment: string; objects: TGuruxObject[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as TNode[];
  const text = (nodes: TNode[]) => nodes.map((n) => n["#text"] ?? "").join("");
  const comment = doc.find((n) => "#comment" in n)?.["#comment"] as TNode[];
  const root = doc.filter((n) => !("?xml" in n) && !("#comment" in n));
  expect(root.map((n) => Object.keys(n)[0])).toEqual(["Objects"]);
  const objects = (root[0]!.Objects as TNode[]).map((node) => {
    const [element, children] = Object.entries(node)[0]! as [string, TNode[]];
    const fields = Object.fromEntries(children.map((child) => {
      const [name, value] = Object.entries(child)[0]! as [string, TNode[]];
      return [name, text(value)];
    }));
    return { element, fields };
  });
  return { comment: text(comment), objects };
}

const dotted = (obis: string) => obis.replace("-", ".").replace(":", ".");
const DIGIT = { "-": "0", R: "1", W: "2", RW: "3", X: "1" } as const;

describe("guruxObjectListXml", () => {
  test.each(profileClients)("%s: the Gurux file of the %s client lists every object with that client's access digits", (_, clientId, profile) => {
    const { objects } = readObjectList(guruxObjectListXml(profile, clientId));
    expect(objects).toHaveLength(profile.objects.length);
    profile.objects.forEach((o, i) => {
      const { element, fields } = objects[i]!;
      expect(element, o.id).toBe(`GXDLMS${GURUX_OBJECT_TYPES[o.classId]}`);
      expect(fields.LN, o.id).toBe(dotted(o.obis));
      expect(fields.Description, o.id).toBe(o.name);
      expect(fields.Version, o.id).toBe(o.version === 0 ? undefined : String(o.version));
      expect(fields.Access, o.id).toBe(o.attributes.map((a) => DIGIT[a.access[clientId]!]).join(""));
      expect(fields.MethodAccess, o.id).toBe(o.methods.length === 0 ? undefined : o.methods.map((m) => DIGIT[m.access[clientId]!]).join(""));
    });
  });

  test.each(profileClients)("%s: the %s file names the profile, the baseline and the client, and says every object is listed", (_, clientId, profile) => {
    const { comment } = readObjectList(guruxObjectListXml(profile, clientId));
    expect(comment).toContain(profile.id);
    expect(comment).toContain(`${profile.baseline.id} ${profile.baseline.version}`);
    expect(comment).toContain(`client ${clientId} (`);
    expect(comment).toContain("Every object of the profile is listed");
  });

  test("an object the client cannot reach is still listed, with all-zero digits", () => {
    const profile = readProfile("full");
    const hidden = profile.objects.find((o) => o.attributes.every((a) => a.access.public === "-") && o.methods.length > 0)!;
    const { objects } = readObjectList(guruxObjectListXml(profile, "public"));
    const listed = objects.find((x) => x.fields.LN === dotted(hidden.obis))!;
    expect(listed.fields.Access).toMatch(/^0+$/);
    expect(listed.fields.MethodAccess).toMatch(/^0+$/);
  });

  test("the management association file carries the client SAP and mechanism", () => {
    const profile = readProfile("full");
    const management = profile.clients.find((c) => c.id === "management")!;
    const { objects } = readObjectList(guruxObjectListXml(profile, "management"));
    const withSap = objects.filter((o) => o.fields.ClientSAP !== undefined);
    expect(withSap).toHaveLength(1);
    expect(withSap[0]!.element).toBe("GXDLMSAssociationLogicalName");
    expect(withSap[0]!.fields).toMatchObject({
      LN: "0.0.40.0.3.255",
      ClientSAP: String(management.sap),
      ServerSAP: "1",
      AuthenticationMechanismName: String(management.authentication.mechanismId),
      SecuritySetupReference: "0.0.43.0.3.255",
    });
    expect(management.sap).toBe(1);
    expect(management.authentication.mechanismId).toBe(7);
  });

  test("an association without security has no security setup reference", () => {
    const profile = readProfile("single-phase-plc");
    const { objects } = readObjectList(guruxObjectListXml(profile, "management"));
    const own = objects.find((o) => o.fields.ClientSAP !== undefined)!;
    expect(own.fields).toMatchObject({ LN: "0.0.40.0.3.255", ClientSAP: "1", AuthenticationMechanismName: "1" });
    expect(own.fields.SecuritySetupReference).toBeUndefined();
  });

  test("an unknown class id becomes GXDLMSObject with its class id, so nothing is lost", () => {
    const profile = readProfile("single-phase-plc");
    profile.objects[0]!.classId = 9999;
    const { objects } = readObjectList(guruxObjectListXml(profile, "public"));
    expect(objects[0]!.element).toBe("GXDLMSObject");
    expect(objects[0]!.fields.ClassId).toBe("9999");
    expect(objects[0]!.fields.LN).toBe(dotted(profile.objects[0]!.obis));
  });

  test("every interface class of the baseline has a Gurux object type", () => {
    const dir = join(ROOT, "profiles/prime-plus/objects");
    const used = new Set<number>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (typeof record.classId === "number") used.add(record.classId);
        Object.values(record).forEach(walk);
      }
    };
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) walk(JSON.parse(readFileSync(join(dir, file), "utf8")));
    walk(JSON.parse(readFileSync(join(ROOT, "profiles/prime-plus/classes.json"), "utf8")));
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((id) => !GURUX_OBJECT_TYPES[id])).toEqual([]);
  });

  test("hostile names with markup and unicode are escaped and still parse", () => {
    const profile = readProfile("full");
    const company = "Evil --> <!-- <script>alert('x')</script> & \"Ünïcødé\" 🚀 ---";
    const name = "<b>bold</b> & &amp; ]]> \"q\" 'a' Ω 日本 🚀";
    profile.utility.company = company;
    profile.objects[0]!.name = name;
    profile.objects[1]!.name = "bell\u0007 and lone \uD800 surrogate";
    const xml = guruxObjectListXml(profile, "management");
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<b>");
    const inComment = xml.slice(xml.indexOf("<!--") + 4, xml.indexOf("-->"));
    expect(inComment).not.toContain("--");
    expect(inComment).not.toMatch(/-$/);
    expect(xml.match(/-->/g)).toHaveLength(1);
    const { comment, objects } = readObjectList(xml);
    expect(comment).toContain("Evil - -&gt; &lt;!- - &lt;script&gt;");
    expect(comment).toContain("🚀");
    expect(objects[0]!.fields.Description).toBe(name);
    expect(objects[1]!.fields.Description).toBe("bell\uFFFD and lone \uFFFD surrogate");
    expect(objects).toHaveLength(profile.objects.length);
  });

  test("a client the profile does not have is an error", () => {
    expect(() => guruxObjectListXml(readProfile("single-phase-plc"), "broadcast")).toThrow(/no client "broadcast"/);
  });
});

describe("guruxAssociationFiles", () => {
  test.each(profiles)("%s: one file per client association, named by client and SAP", (_, profile) => {
    const files = guruxAssociationFiles(profile);
    expect(files.map((f) => f.clientId)).toEqual(profile.clients.map((c) => c.id));
    expect(new Set(files.map((f) => f.fileName)).size).toBe(files.length);
    for (const f of files) expect(f.xml).toBe(guruxObjectListXml(profile, f.clientId));
  });

  test("file names read like gurux-management-sap1.xml", () => {
    expect(guruxAssociationFiles(readProfile("full")).map((f) => f.fileName)).toEqual([
      "gurux-public-sap16.xml",
      "gurux-reading-sap2.xml",
      "gurux-management-sap1.xml",
      "gurux-firmware-sap3.xml",
      "gurux-limited-remote-sap4.xml",
      "gurux-broadcast-sap102.xml",
    ]);
  });
});
