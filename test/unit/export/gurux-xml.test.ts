import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";
import { GURUX_OBJECT_TYPES, guruxAssociationFiles, guruxObjectListXml, scalerFactor } from "@/lib/export/gurux-xml";
import { clientView, inClientView } from "@/lib/profile/view";
import { ZUserProfile, type TUserProfile } from "@/lib/profile/schema";
import { EXAMPLES_DIR, EXAMPLE_NAMES, ROOT } from "../../helpers/examples";

const readProfile = (name: string): TUserProfile =>
  ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")));
const profiles = EXAMPLE_NAMES.map((name) => [name, readProfile(name)] as const);
const profileClients = profiles.flatMap(([name, profile]) => profile.clients.map((c) => [name, c.id, profile] as const));

type TNode = Record<string, TNode[] | string>;
/** One element as read back: its text when it is a leaf, its children by name otherwise (in order). */
type TElement = { name: string; text: string; children: TElement[] };
type TGuruxObject = { element: string; fields: Record<string, string>; children: TElement[] };

const parser = new XMLParser({ preserveOrder: true, parseTagValue: false, htmlEntities: true, commentPropName: "#comment" });
const text = (nodes: TNode[]) => nodes.map((n) => n["#text"] ?? "").join("");

function elementOf(node: TNode): TElement | undefined {
  const name = Object.keys(node).find((k) => k !== ":@" && k !== "#comment" && k !== "#text");
  if (!name) return undefined;
  const children = node[name] as TNode[];
  return { name, text: text(children), children: children.flatMap((c) => elementOf(c) ?? []) };
}

/** Reads an object-list file back: the first comment, each object with its fields, and what follows the objects. */
function readObjectList(xml: string): { comment: string; objects: TGuruxObject[]; trailing: string[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as TNode[];
  const comment = doc.find((n) => "#comment" in n)?.["#comment"] as TNode[];
  const root = doc.filter((n) => !("?xml" in n) && !("#comment" in n));
  expect(root.map((n) => Object.keys(n)[0])).toEqual(["Objects"]);
  const elements = (root[0]!.Objects as TNode[]).flatMap((n) => elementOf(n) ?? []);
  const objects = elements.filter((e) => e.name.startsWith("GXDLMS")).map((e) => ({
    element: e.name,
    fields: Object.fromEntries(e.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text])),
    children: e.children,
  }));
  return { comment: text(comment), objects, trailing: elements.filter((e) => !e.name.startsWith("GXDLMS")).map((e) => e.name) };
}

/** The leaf values of a nested element, by name. */
const leaves = (object: TGuruxObject, name: string): Record<string, string> =>
  Object.fromEntries((object.children.find((c) => c.name === name)?.children ?? []).map((c) => [c.name, c.text]));

const dotted = (obis: string) => obis.replace("-", ".").replace(":", ".");
const DIGIT = { "-": "0", R: "1", W: "2", RW: "3", X: "1" } as const;
const byLn = (objects: TGuruxObject[], obis: string) => objects.find((o) => o.fields.LN === dotted(obis))!;

describe("guruxObjectListXml", () => {
  test.each(profileClients)("%s: the Gurux file of the %s client lists exactly its view of the meter, with its access digits", (_, clientId, profile) => {
    const { objects } = readObjectList(guruxObjectListXml(profile, clientId));
    const view = clientView(profile, clientId);
    expect(objects).toHaveLength(view.length);
    view.forEach((o, i) => {
      const { element, fields } = objects[i]!;
      expect(element, o.id).toBe(`GXDLMS${GURUX_OBJECT_TYPES[o.classId]}`);
      expect(fields.LN, o.id).toBe(dotted(o.obis));
      expect(fields.Description, o.id).toBe(o.name);
      expect(fields.Version, o.id).toBe(o.version === 0 ? undefined : String(o.version));
      expect(fields.Access, o.id).toBe(o.attributes.map((a) => DIGIT[a.access[clientId]!]).join(""));
      expect(fields.MethodAccess, o.id).toBe(o.methods.length === 0 ? undefined : o.methods.map((m) => DIGIT[m.access[clientId]!]).join(""));
    });
  });

  test.each(profileClients)("%s: the %s file names the profile, the baseline and the client, and how many objects it holds", (_, clientId, profile) => {
    const { comment } = readObjectList(guruxObjectListXml(profile, clientId));
    expect(comment).toContain(profile.id);
    expect(comment).toContain(`${profile.baseline.id} ${profile.baseline.version}`);
    expect(comment).toContain(`client ${clientId} (`);
    expect(comment).toContain(`The ${clientView(profile, clientId).length} objects of this client`);
  });

  test("an object the client cannot reach is not in its file (ACC-001: absent from its object list)", () => {
    const profile = readProfile("full");
    const hidden = profile.objects.filter((o) => !inClientView(o, "public"));
    expect(hidden.length).toBeGreaterThan(300);
    const { objects } = readObjectList(guruxObjectListXml(profile, "public"));
    const listed = new Set(objects.map((x) => x.fields.LN));
    expect(hidden.filter((o) => listed.has(dotted(o.obis)))).toEqual([]);
    expect(objects.every((o) => /[1-3]/.test(o.fields.Access!) || /1/.test(o.fields.MethodAccess ?? ""))).toBe(true);
  });

  test("an association carries its client's SAPs, its application context and mechanism as Gurux structures, and its security setup", () => {
    const profile = readProfile("full");
    const management = profile.clients.find((c) => c.id === "management")!;
    const own = byLn(readObjectList(guruxObjectListXml(profile, "management")).objects, "0-0:40.0.3.255");
    expect(own.fields).toMatchObject({ ClientSAP: "1", ServerSAP: "1", SecuritySetupReference: "0.0.43.0.3.255" });
    const arcs = { JointIsoCtt: "2", Country: "16", CountryName: "756", IdentifiedOrganization: "5", DlmsUA: "8" };
    expect(leaves(own, "ApplicationContextName")).toEqual({ ...arcs, ApplicationContext: "1", ContextId: "3" });
    expect(leaves(own, "AuthenticationMechanismName")).toEqual({ ...arcs, AuthenticationMechanismName: "2", MechanismId: "7" });
    expect(management.authentication.mechanismId).toBe(7);
    expect(own.children.map((c) => c.name).slice(5)).toEqual(["ClientSAP", "ServerSAP", "ApplicationContextName", "AuthenticationMechanismName", "SecuritySetupReference"]);
  });

  test("the current association in a client's file stands for that client", () => {
    const profile = readProfile("full");
    for (const client of profile.clients.filter((c) => inClientView(profile.objects.find((o) => o.obis === "0-0:40.0.0.255")!, c.id))) {
      const current = byLn(readObjectList(guruxObjectListXml(profile, client.id)).objects, "0-0:40.0.0.255");
      expect(current.fields.ClientSAP, client.id).toBe(String(client.sap));
      expect(leaves(current, "AuthenticationMechanismName").MechanismId, client.id).toBe(String(client.authentication.mechanismId));
      expect(leaves(current, "ApplicationContextName").ContextId, client.id).toBe(String(client.applicationContext.id));
    }
  });

  test("an association without security has no security setup reference and the plain context", () => {
    const profile = readProfile("single-phase-plc");
    const own = byLn(readObjectList(guruxObjectListXml(profile, "management")).objects, "0-0:40.0.3.255");
    expect(own.fields).toMatchObject({ ClientSAP: "1" });
    expect(leaves(own, "AuthenticationMechanismName").MechanismId).toBe("1");
    expect(leaves(own, "ApplicationContextName").ContextId).toBe("1");
    expect(own.fields.SecuritySetupReference).toBeUndefined();
  });

  test("registers carry their unit code and their scaler as Gurux's factor", () => {
    const profile = readProfile("full");
    const { objects } = readObjectList(guruxObjectListXml(profile, "management"));
    expect(byLn(objects, "1-0:1.8.0.255").fields).toMatchObject({ Unit: "30", Scaler: "1" });
    expect(byLn(objects, "1-0:32.7.0.255").fields).toMatchObject({ Unit: "35", Scaler: "0.1" });
    expect(byLn(objects, "1-0:13.7.0.255").fields).toMatchObject({ Unit: "255", Scaler: "0.001" });
    const demand = byLn(objects, "1-0:1.4.0.255");
    expect(demand.children.map((c) => c.name).slice(-3)).toEqual(["Scaler", "Unit", "Period"]);
    expect(demand.fields.Period).toBe(String(profile.parameters.find((p) => p.id === "integrationPeriodS")!.value));
    const withScaler = profile.objects.filter((o) => o.scalerUnit && [3, 4, 5].includes(o.classId));
    expect(objects.filter((o) => o.fields.Unit !== undefined)).toHaveLength(withScaler.length);
  });

  test("scaler factors are plain decimals", () => {
    expect([-3, -2, -1, 0, 1, 3, 6].map(scalerFactor)).toEqual(["0.001", "0.01", "0.1", "1", "10", "1000", "1000000"]);
  });

  test("profiles carry their capture objects, capture period, sort method and entries", () => {
    const profile = readProfile("full");
    const { objects } = readObjectList(guruxObjectListXml(profile, "management"));
    const lp = profile.objects.find((o) => o.id === "load-profile-1")!;
    const written = byLn(objects, lp.obis);
    const items = written.children.find((c) => c.name === "CaptureObjects")!.children;
    expect(items.map((i) => Object.fromEntries(i.children.map((c) => [c.name, c.text])))).toEqual(
      lp.captureObjects!.map((c) => ({ ObjectType: String(profile.objects.find((o) => o.id === c.object)!.classId), LN: dotted(c.obis), Attribute: String(c.attribute), Data: "0" })),
    );
    expect(written.fields).toMatchObject({ CapturePeriod: String(profile.parameters.find((p) => p.object.id === lp.id)!.value), SortMethod: "1" });
    const monthly = byLn(objects, "0-0:98.1.0.255");
    expect(monthly.fields).toMatchObject({ SortMethod: "1", ProfileEntries: String(profile.parameters.find((p) => p.id === "storedMonthlyPeriods")!.value) });
    expect(monthly.fields.CapturePeriod).toBeUndefined();
    expect(objects.filter((o) => o.element === "GXDLMSProfileGeneric").every((o) => o.children.some((c) => c.name === "CaptureObjects"))).toBe(true);
  });

  test("the limiter and the register monitor name the value they watch", () => {
    const profile = readProfile("full");
    const { objects } = readObjectList(guruxObjectListXml(profile, "management"));
    expect(leaves(byLn(objects, "0-0:17.0.0.255"), "MonitoredValue")).toEqual({ ObjectType: "3", LN: "1.0.9.7.0.255" });
    expect(leaves(byLn(objects, "0-0:16.0.1.255"), "MonitoredValue")).toEqual({ ObjectType: "3", LN: "1.0.9.7.0.255", Index: "2" });
  });

  test("the file ends with an empty Objects element, the end mark Gurux's Python loader needs", () => {
    const { trailing } = readObjectList(guruxObjectListXml(readProfile("single-phase-plc"), "public"));
    expect(trailing).toEqual(["Objects"]);
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
    expect(xml.match(/-->/g)).toHaveLength(2);
    const { comment, objects } = readObjectList(xml);
    expect(comment).toContain("Evil - -&gt; &lt;!- - &lt;script&gt;");
    expect(comment).toContain("🚀");
    expect(objects[0]!.fields.Description).toBe(name);
    expect(objects[1]!.fields.Description).toBe("bell\uFFFD and lone \uFFFD surrogate");
    expect(objects).toHaveLength(clientView(profile, "management").length);
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
