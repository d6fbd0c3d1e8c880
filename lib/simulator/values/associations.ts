import { d, type TData } from "../../dlms/axdr/data";
import { conformanceToBytes, type TConformance, type TConformanceBit } from "../../dlms/xdlms/conformance";
import type { TProfileClient, TProfileObject, TUserProfile } from "../../profile/schema";
import { encodeObjectListEntry, type TObjectListEntry } from "../../dlms/cosem/object-list";
import { clientView } from "../../profile/view";
import type { TAttributeAccess, TClientId } from "../../vocabulary";
import { logicalDeviceName, type TValueContext } from "./context";
import { logicalName, NO_OBJECT } from "./references";

/**
 * Association LN (class 15 version 1, Blue Book) and SAP assignment (class 17). The
 * object list of an association is what its client may reach: every object on which the profile
 * gives that client some access, with its rights. Types checked against Gurux.DLMS.Python 1.0.197
 * GXDLMSAssociationLogicalName and GXDLMSSapAssignment.
 */

/** The services the simulated meter offers every association (Green Book, xDLMS conformance block). */
export const METER_CONFORMANCE: TConformance = new Set<TConformanceBit>([
  "general-protection",
  "block-transfer-with-get-or-read",
  "block-transfer-with-set-or-write",
  "block-transfer-with-action",
  "multiple-references",
  "attribute0-supported-with-get",
  "data-notification",
  "get",
  "set",
  "selective-access",
  "action",
]);

/** Largest APDU the meter sends and receives; PRIME meters commonly negotiate 1024 or less. */
export const METER_MAX_PDU = 1024;
const DLMS_VERSION = 6;
/** The management logical device answers at server SAP 1 (Green Book, server SAPs). */
const MANAGEMENT_SAP = 1;

const oid = (arc: number, id: number): TData => d.struct(d.u8(2), d.u8(16), d.u16(756), d.u8(5), d.u8(8), d.u8(arc), d.u8(id));

const ATTRIBUTE_MODE: Record<TAttributeAccess, number> = { "-": 0, R: 1, W: 2, RW: 3 };

/** One object as the client sees it in its object list: the profile's rights, plain access modes (read, write). */
export function objectListEntry(object: TProfileObject, client: TClientId): TObjectListEntry {
  return {
    classId: object.classId,
    version: object.version,
    obis: object.obis,
    attributes: object.attributes.map((a) => {
      const access = a.access[client] ?? "-";
      return { index: a.index, access: ATTRIBUTE_MODE[access], ...(object.classId === 7 && a.index === 2 && access.includes("R") ? { selectors: [1, 2] } : {}) };
    }),
    methods: object.methods.map((m) => ({ index: m.index, access: m.access[client] === "X" ? 1 : 0 })),
  };
}

/** The object_list a client sees in its association: its view of the meter (lib/profile/view.ts), encoded for that association's version. */
export function objectList(profile: TUserProfile, client: TClientId): TData {
  const association = profile.objects.find((o) => o.obis === profile.clients.find((c) => c.id === client)?.associationObject.obis);
  const version = association?.version ?? 1;
  return d.array(clientView(profile, client).map((o) => encodeObjectListEntry(objectListEntry(o, client), version)));
}

/** The client an Association LN object belongs to; the current association stands for the connected client. */
export function associationClient(object: TProfileObject, ctx: TValueContext): TProfileClient | undefined {
  const id = object.client ?? ctx.currentClient ?? "public";
  return ctx.profile.clients.find((c) => c.id === id);
}

const CURRENT_ASSOCIATION = "0-0:40.0.0.255";
/** association_status: 0 non-associated, 2 associated. */
const NON_ASSOCIATED = 0;
const ASSOCIATED = 2;

export function associationAttribute(object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  const client = associationClient(object, ctx);
  if (!client) throw new Error(`${object.id}: no client of the profile owns this association`);
  switch (index) {
    case 2:
      return objectList(ctx.profile, client.id);
    case 3:
      return d.struct(d.i8(client.sap), d.u16(MANAGEMENT_SAP));
    case 4:
      return oid(1, client.applicationContext.id);
    case 5: {
      const bits = [...conformanceToBytes(METER_CONFORMANCE)].map((b) => b.toString(2).padStart(8, "0")).join("");
      return d.struct(d.bits(bits), d.u16(METER_MAX_PDU), d.u16(METER_MAX_PDU), d.u8(DLMS_VERSION), d.i8(0), d.octets([]));
    }
    case 6:
      return oid(2, client.authentication.mechanismId);
    case 8:
      return d.enum(object.obis === CURRENT_ASSOCIATION ? ASSOCIATED : NON_ASSOCIATED);
    case 9:
      return client.securitySetupObject ? logicalName(client.securitySetupObject.obis) : NO_OBJECT;
    default:
      return undefined;
  }
}

export function sapAssignmentAttribute(_object: TProfileObject, index: number, ctx: TValueContext): TData | undefined {
  if (index !== 2) return undefined;
  return d.array([d.struct(d.u16(MANAGEMENT_SAP), d.octets(new TextEncoder().encode(logicalDeviceName(ctx.meter))))]);
}
