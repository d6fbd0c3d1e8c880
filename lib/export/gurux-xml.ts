import type { TClientId } from "../vocabulary";
import { unitBySymbol } from "../dlms/cosem/units";
import type { TProfileClient, TProfileObject, TUserProfile } from "../profile/schema";
import { clientView } from "../profile/view";
import { escapeXml } from "./xml";

/**
 * Object-list XML as Gurux tools and the Gurux simulator load it: root `<Objects>`, one
 * `GXDLMS<ObjectType>` element per object with `<LN>`, `<Version>` (left out when 0),
 * `<Description>`, `<Access>` and `<MethodAccess>`, then the values of the class that the
 * profile knows. One file per client association: its objects are that client's view of the
 * meter and the digits its rights.
 *
 * Gurux.DLMS.Python's GXDLMSObjectCollection.load reads the class values of an object in one
 * fixed order, skipping absent elements, and loops for ever on an element it does not expect:
 * every element below is one its loader reads, written in that order.
 */

/** Gurux object type of each interface class the baseline uses (element name `GXDLMS` + type). */
export const GURUX_OBJECT_TYPES: Readonly<Record<number, string>> = {
  1: "Data",
  3: "Register",
  4: "ExtendedRegister",
  5: "DemandRegister",
  6: "RegisterActivation",
  7: "ProfileGeneric",
  8: "Clock",
  9: "ScriptTable",
  11: "SpecialDaysTable",
  15: "AssociationLogicalName",
  17: "SapAssignment",
  18: "ImageTransfer",
  19: "IecLocalPortSetup",
  20: "ActivityCalendar",
  21: "RegisterMonitor",
  22: "ActionSchedule",
  23: "IecHdlcSetup",
  25: "MBusSlavePortSetup",
  29: "AutoConnect",
  40: "PushSetup",
  41: "TcpUdpSetup",
  42: "Ip4Setup",
  43: "MacAddressSetup",
  44: "PppSetup",
  45: "GprsSetup",
  47: "GSMDiagnostic",
  48: "Ip6Setup",
  63: "StatusMapping",
  64: "SecuritySetup",
  65: "ParameterMonitor",
  70: "DisconnectControl",
  71: "Limiter",
  72: "MBusClient",
  74: "MBusMasterPortSetup",
  77: "MBusDiagnostic",
  80: "LlcSscsSetup",
  81: "PrimeNbOfdmPlcPhysicalLayerCounters",
  82: "PrimeNbOfdmPlcMacSetup",
  83: "PrimeNbOfdmPlcMacFunctionalParameters",
  84: "PrimeNbOfdmPlcMacCounters",
  85: "PrimeNbOfdmPlcMacNetworkAdministrationData",
  86: "PrimeNbOfdmPlcApplicationsIdentification",
  111: "Account",
  112: "Credit",
  113: "Charge",
  115: "TokenGateway",
  122: "FunctionControl",
};

const ATTRIBUTE_DIGIT = { "-": "0", R: "1", W: "2", RW: "3" } as const;
const METHOD_DIGIT = { "-": "0", X: "1" } as const;

/** Text for inside `<!-- -->`: escaped, on one line, and with no `--`, which would end or break the comment. */
function commentText(text: string): string {
  return escapeXml(text.replace(/[\r\n\t]+/g, " ")).replace(/-(?=-)/g, "- ");
}

/** `0-0:1.0.0.255` → `0.0.1.0.0.255`. */
export function dottedObis(obis: string): string {
  return obis.replace(/[-:]/g, ".");
}

/** One digit per attribute from attribute 1: 0 none, 1 read, 2 write, 3 read-write. */
export function accessDigits(object: TProfileObject, clientId: TClientId): string {
  return digitsByIndex(object.attributes.map((a) => [a.index, ATTRIBUTE_DIGIT[a.access[clientId] ?? "-"]]));
}

/** One digit per method from method 1: 0 none, 1 access. */
export function methodAccessDigits(object: TProfileObject, clientId: TClientId): string {
  return digitsByIndex(object.methods.map((m) => [m.index, METHOD_DIGIT[m.access[clientId] ?? "-"]]));
}

/** Digits placed by index, so a gap in the numbering still leaves every digit in its place. */
function digitsByIndex(items: [index: number, digit: string][]): string {
  const last = Math.max(0, ...items.map(([index]) => index));
  const digits = Array.from({ length: last }, () => "0");
  for (const [index, digit] of items) digits[index - 1] = digit;
  return digits.join("");
}

function findClient(profile: TUserProfile, clientId: string): TProfileClient {
  const client = profile.clients.find((c) => c.id === clientId);
  if (!client) throw new Error(`Profile ${profile.id} has no client "${clientId}"`);
  return client;
}

type TLine = { name: string; value?: string | number; children?: TLine[] };
const el = (name: string, value: string | number): TLine => ({ name, value });
const group = (name: string, children: TLine[]): TLine => ({ name, children });

function render(line: TLine, indent: string): string {
  if (!line.children) return `${indent}<${line.name}>${escapeXml(String(line.value))}</${line.name}>\n`;
  return `${indent}<${line.name}>\n${line.children.map((c) => render(c, `${indent}  `)).join("")}${indent}</${line.name}>\n`;
}

/** Gurux writes a scaler as the factor 10^scaler, in plain decimals ("0.001" for -3, "1000" for 3). */
export function scalerFactor(scaler: number): string {
  return scaler >= 0 ? `1${"0".repeat(scaler)}` : `0.${"0".repeat(-scaler - 1)}1`;
}

function scalerUnit(object: TProfileObject): { scaler: TLine; unit: TLine } | undefined {
  if (!object.scalerUnit) return undefined;
  const unit = unitBySymbol(object.scalerUnit.unit);
  if (!unit) throw new Error(`${object.id}: unit "${object.scalerUnit.unit}" is not in the Blue Book unit table`);
  return { scaler: el("Scaler", scalerFactor(object.scalerUnit.scaler)), unit: el("Unit", unit.code) };
}

/** A value the profile fixes for an attribute (from the answers), when it is a number. */
function fixedNumber(object: TProfileObject, index: number): number | undefined {
  const value = object.attributes.find((a) => a.index === index)?.value;
  return typeof value === "number" ? value : undefined;
}

/** Every association is with the management logical device, server SAP 1. */
const SERVER_SAP = 1;
/** The first arcs of application context and mechanism names, 2.16.756.5.8; then 1.x for a context, 2.x for a mechanism (Green Book). */
const DLMS_UA_ARCS = [el("JointIsoCtt", 2), el("Country", 16), el("CountryName", 756), el("IdentifiedOrganization", 5), el("DlmsUA", 8)];
/**
 * PRIME+ profiles, load profiles and logs alike, keep their entries in capture order; the
 * testbook checks sort_method fifo (1). Gurux's loader needs a valid sort method before it
 * reads profile_entries.
 */
const SORT_FIFO = 1;

function associationValues(client: TProfileClient): TLine[] {
  return [
    el("ClientSAP", client.sap),
    el("ServerSAP", SERVER_SAP),
    group("ApplicationContextName", [...DLMS_UA_ARCS, el("ApplicationContext", 1), el("ContextId", client.applicationContext.id)]),
    group("AuthenticationMechanismName", [...DLMS_UA_ARCS, el("AuthenticationMechanismName", 2), el("MechanismId", client.authentication.mechanismId)]),
    ...(client.securitySetupObject ? [el("SecuritySetupReference", dottedObis(client.securitySetupObject.obis))] : []),
  ];
}

function profileGenericValues(object: TProfileObject, profile: TUserProfile): TLine[] {
  const period = fixedNumber(object, 4);
  const entries = fixedNumber(object, 8);
  if (!object.captureObjects && period === undefined && entries === undefined) return [];
  const classOf = new Map(profile.objects.map((o) => [o.id, o.classId]));
  return [
    group(
      "CaptureObjects",
      (object.captureObjects ?? []).map((c) =>
        group("Item", [el("ObjectType", classOf.get(c.object)!), el("LN", dottedObis(c.obis)), el("Attribute", c.attribute), el("Data", 0)]),
      ),
    ),
    ...(period !== undefined ? [el("CapturePeriod", period)] : []),
    el("SortMethod", SORT_FIFO),
    ...(entries !== undefined ? [el("ProfileEntries", entries)] : []),
  ];
}

/** The class values the profile knows, in the order Gurux reads them. */
function classValues(object: TProfileObject, client: TProfileClient, profile: TUserProfile): TLine[] {
  const su = scalerUnit(object);
  const monitored = object.monitoredValue;
  switch (object.classId) {
    case 3:
    case 4:
      return su ? [su.unit, su.scaler] : [];
    case 5: {
      const period = fixedNumber(object, 8);
      return [...(su ? [su.scaler, su.unit] : []), ...(period !== undefined ? [el("Period", period)] : [])];
    }
    case 7:
      return profileGenericValues(object, profile);
    case 15: {
      // The current association stands for the client whose file this is.
      const owner = object.client ? profile.clients.find((c) => c.id === object.client) : client;
      return owner ? associationValues(owner) : [];
    }
    case 21:
      return monitored ? [group("MonitoredValue", [el("ObjectType", monitored.classId), el("LN", dottedObis(monitored.obis)), el("Index", monitored.attribute)])] : [];
    case 71:
      // Gurux's limiter reads the monitored object but no attribute index (it is attribute 2, the value).
      return monitored ? [group("MonitoredValue", [el("ObjectType", monitored.classId), el("LN", dottedObis(monitored.obis))])] : [];
    default:
      return [];
  }
}

function objectXml(object: TProfileObject, client: TProfileClient, profile: TUserProfile): string {
  const type = GURUX_OBJECT_TYPES[object.classId];
  const element = type ? `GXDLMS${type}` : "GXDLMSObject";
  const lines: TLine[] = [
    ...(type ? [] : [el("ClassId", object.classId)]),
    el("LN", dottedObis(object.obis)),
    ...(object.version !== 0 ? [el("Version", object.version)] : []),
    el("Description", object.name),
    el("Access", accessDigits(object, client.id)),
    ...(object.methods.length > 0 ? [el("MethodAccess", methodAccessDigits(object, client.id))] : []),
    ...classValues(object, client, profile),
  ];
  return render(group(element, lines), "  ");
}

/**
 * The Gurux object list seen through one client's association: exactly the objects of its
 * object_list (the objects it has a right on, lib/profile/view.ts), each with that client's
 * access digits and the values the profile knows (scaler and unit, capture objects, capture
 * period and profile entries, monitored values; for each association its client's SAPs,
 * application context, mechanism and security setup).
 *
 * The association objects carry no `<ObjectList>`: Gurux.DLMS.Net writes one there, but
 * Gurux.DLMS.Python's loader does not read it and loops for ever on it. The file's objects are
 * that list, for the client's own association and the current association alike.
 */
export function guruxObjectListXml(profile: TUserProfile, clientId: string): string {
  const client = findClient(profile, clientId);
  const objects = clientView(profile, client.id);
  const comment = [
    `PRIME+ user profile ${profile.id}`,
    `baseline ${profile.baseline.id} ${profile.baseline.version}`,
    `utility ${profile.utility.company}`,
    `client ${client.id} (${client.name}, client SAP ${client.sap}, ${client.association === "pre-established" ? "pre-established association" : "association by AARQ"}, mechanism ${client.authentication.mechanismId}, application context ${client.applicationContext.id})`,
    `The ${objects.length} objects of this client's object list, of the profile's ${profile.objects.length}, with this client's access rights.`,
  ].join(". ");
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<!-- ${commentText(comment)} -->\n` +
    "<Objects>\n" +
    objects.map((o) => objectXml(o, client, profile)).join("") +
    `  <!-- ${END_MARK_NOTE} -->\n` +
    "  <Objects />\n" +
    "</Objects>\n"
  );
}

/**
 * Gurux.DLMS.Python's loader stops one element before the end of the document (GXXmlReader.isEOF
 * compares with the last element), so the last value of the last object would be lost. The file
 * ends with an empty <Objects />, which the Python and .NET loaders both skip.
 */
const END_MARK_NOTE = "End mark: Gurux loaders skip an Objects element; the Python loader never reads the document's last element.";

/** `limitedRemote` → `limited-remote`. */
const kebab = (id: string) => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One object-list file per client association, named like `gurux-management-sap1.xml`. */
export function guruxAssociationFiles(profile: TUserProfile): { fileName: string; clientId: string; xml: string }[] {
  return profile.clients.map((client) => ({
    fileName: `gurux-${kebab(client.id)}-sap${client.sap}.xml`,
    clientId: client.id,
    xml: guruxObjectListXml(profile, client.id),
  }));
}
