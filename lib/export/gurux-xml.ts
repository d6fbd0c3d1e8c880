import type { TClientId } from "../vocabulary";
import type { TProfileClient, TProfileObject, TUserProfile } from "../profile/schema";

/**
 * Object-list XML as Gurux tools and the Gurux simulator load it: root `<Objects>`, one
 * `GXDLMS<ObjectType>` element per object with `<LN>`, `<Version>` (left out when 0),
 * `<Description>`, `<Access>` and `<MethodAccess>`. One file per client association: the
 * digits are that client's rights.
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
/** Every association is with the management logical device, server SAP 1. */
const SERVER_SAP = 1;

/** Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an element: the five markup characters as entities, characters XML forbids replaced by U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\r", "&#13;");
}

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

function objectXml(object: TProfileObject, client: TProfileClient): string {
  const type = GURUX_OBJECT_TYPES[object.classId];
  const element = type ? `GXDLMS${type}` : "GXDLMSObject";
  const lines: string[] = [];
  const add = (name: string, value: string | number) => lines.push(`    <${name}>${escapeXml(String(value))}</${name}>`);
  if (!type) add("ClassId", object.classId);
  add("LN", dottedObis(object.obis));
  if (object.version !== 0) add("Version", object.version);
  add("Description", object.name);
  add("Access", accessDigits(object, client.id));
  if (object.methods.length > 0) add("MethodAccess", methodAccessDigits(object, client.id));
  if (object.classId === 15 && object.id === client.associationObject.id) {
    add("ClientSAP", client.sap);
    add("ServerSAP", SERVER_SAP);
    add("AuthenticationMechanismName", client.authentication.mechanismId);
    if (client.securitySetupObject) add("SecuritySetupReference", dottedObis(client.securitySetupObject.obis));
  }
  return `  <${element}>\n${lines.join("\n")}\n  </${element}>\n`;
}

/**
 * The Gurux object list seen through one client's association. Every object of the profile is
 * listed, with all-zero digits where the client has no access, so a tool sees the complete
 * model; the client's own association object also carries its SAPs, mechanism and security setup.
 */
export function guruxObjectListXml(profile: TUserProfile, clientId: string): string {
  const client = findClient(profile, clientId);
  const comment = [
    `PRIME+ user profile ${profile.id}`,
    `baseline ${profile.baseline.id} ${profile.baseline.version}`,
    `utility ${profile.utility.company}`,
    `client ${client.id} (${client.name}, client SAP ${client.sap})`,
    "Every object of the profile is listed; access digits are 0 where this client has no access, so a tool sees the complete model.",
  ].join(". ");
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<!-- ${commentText(comment)} -->\n` +
    "<Objects>\n" +
    profile.objects.map((o) => objectXml(o, client)).join("") +
    "</Objects>\n"
  );
}

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
