import { X509Certificate } from "node:crypto";
import { d, type TData } from "../dlms/axdr/data";
import { conformanceToBytes, type TConformanceBit } from "../dlms/xdlms/conformance";
import type { TServerLink, TServerSession } from "../dlms/channel";
import type { TProfileClient, TUserProfile } from "../profile/schema";
import type { TSecrets } from "../secrets/schema";
import type { TClientId } from "../vocabulary";
import { rightsFor, type TRights } from "./association/rights";
import { SimSecurity } from "./security-state";
import type { TDeviation } from "./deviations";
import { firstLoadProfile, SimMeter } from "./meter/meter";
import { associationAttribute as associationValue, METER_MAX_PDU, objectList } from "./values/associations";
import type { TValueContext } from "./values/context";
import { registerBehaviours } from "./meter/behaviours";
import { AssociationSession } from "./association/session";
import { initialAttributeValue } from "./values/initial-value";

export interface TSimulatorOptions {
  profile: TUserProfile;
  secrets: TSecrets;
  deviations?: Iterable<TDeviation>;
  now?: () => number;
  historyMs?: number;
  /** What the initial values are made from; the association objects answer from it too. */
  valueContext: TValueContext;
  /** The meter's max receive PDU size (what it tells clients in the InitiateResponse). */
  maxReceivePdu?: number;
  /** One line per association event, for the CLI's log. */
  log?: (line: string) => void;
}

/** The SAP the wrong-sap deviation serves the Reading client on. */
export const WRONG_SAP = 32;
/** The object the extra-object deviation adds. */
export const EXTRA_OBJECT_OBIS = "0-0:96.99.99.255";

/**
 * The meter a user profile describes, ready to serve: its objects and behaviour (SimMeter), its
 * security state, one association per client of the profile, and a session per connection.
 */
export class Simulator {
  readonly profile: TUserProfile;
  readonly meter: SimMeter;
  readonly security: SimSecurity;
  readonly deviations: ReadonlySet<TDeviation>;
  readonly maxReceivePdu: number;
  readonly log: (line: string) => void;
  readonly valueContext: TValueContext;
  private readonly rights = new Map<TClientId, TRights>();
  private readonly objectLists = new Map<TClientId, TData>();
  /** Which client an association, security setup or invocation counter object belongs to. */
  readonly ownerOf = new Map<string, TClientId>();
  /** The image being transferred (Image transfer, class 18), between initiate and activate. */
  readonly firmware: { transfer?: { identification: Uint8Array; size: number; blocks: Map<number, Uint8Array> } } = {};

  constructor(options: TSimulatorOptions) {
    this.deviations = new Set(options.deviations ?? []);
    this.profile = withDeviations(options.profile, this.deviations);
    this.security = new SimSecurity(this.profile, options.secrets);
    this.maxReceivePdu = options.maxReceivePdu ?? METER_MAX_PDU;
    this.log = options.log ?? (() => undefined);
    this.valueContext = { ...options.valueContext, profile: this.profile };
    this.meter = new SimMeter({
      profile: this.profile,
      identity: options.valueContext.meter,
      now: options.now ?? Date.now,
      initialValue: (object, attribute) => initialAttributeValue(object, attribute, this.valueContext),
      deviations: this.deviations,
      ...(options.historyMs !== undefined ? { historyMs: options.historyMs } : {}),
    });
    for (const c of this.profile.clients) {
      this.ownerOf.set(c.associationObject.obis, c.id);
      if (c.securitySetupObject) this.ownerOf.set(c.securitySetupObject.obis, c.id);
      if (c.invocationCounterObject) this.ownerOf.set(c.invocationCounterObject.obis, c.id);
      this.rights.set(c.id, rightsFor(c.id, this.deviations));
    }
    registerBehaviours(this);
  }

  rightsOf(client: TClientId): TRights {
    return this.rights.get(client)!;
  }

  /** The client served on a SAP, as the meter is configured (the wrong-sap deviation moves the Reading client). */
  clientOnSap(sap: number): TProfileClient | undefined {
    const reading = this.deviations.has("wrong-sap") ? this.profile.clients.find((c) => c.id === "reading") : undefined;
    if (reading && sap === WRONG_SAP) return reading;
    return this.profile.clients.find((c) => c.sap === sap && c !== reading);
  }

  /** The object_list of a client's association: exactly its view of the meter (with the deviations), with its rights. */
  objectList(client: TClientId): TData {
    let list = this.objectLists.get(client);
    if (!list) {
      list = objectList(this.profile, client);
      this.objectLists.set(client, list);
    }
    return list;
  }

  /**
   * Association LN attributes as the asking client sees them: the current association
   * (0-0:40.0.0.255) is its own, with the conformance and PDU size this association negotiated.
   */
  associationAttribute(obis: string, attribute: number, current: { client: TProfileClient; conformance: Set<TConformanceBit>; maxSendPdu: number } | null): TData | undefined {
    const def = this.meter.objects.get(obis)?.def;
    const isCurrent = obis === "0-0:40.0.0.255" || (current !== null && this.ownerOf.get(obis) === current.client.id);
    if (!def) return undefined;
    if (attribute === 5 && isCurrent && current) {
      const bits = [...conformanceToBytes(current.conformance)].map((b) => b.toString(2).padStart(8, "0")).join("");
      return d.struct(d.bits(bits), d.u16(this.maxReceivePdu), d.u16(current.maxSendPdu), d.u8(6), d.i8(0), d.octets([]));
    }
    if (attribute === 8) return d.enum(isCurrent ? 2 : 0);
    if (attribute === 2 || attribute === 3 || attribute === 4 || attribute === 6 || attribute === 9) {
      return associationValue(def, attribute, { ...this.valueContext, profile: this.profile, ...(current ? { currentClient: current.client.id } : {}) });
    }
    return undefined;
  }

  /** Security setup attributes that come from the secrets and the client. */
  securitySetupAttribute(obis: string, attribute: number): TData | undefined {
    const owner = this.ownerOf.get(obis);
    const client = owner ? this.profile.clients.find((c) => c.id === owner) : undefined;
    if (!client) return undefined;
    const state = this.security.state(client.id);
    const version = this.profile.objects.find((o) => o.obis === obis)?.version ?? 1;
    switch (attribute) {
      case 2:
        return version === 0 ? d.enum(client.securityPolicy.securitySetupV0Value) : d.enum(client.securityPolicy.securitySetupV1Bits);
      case 3:
        return d.enum(client.securitySuite ?? 0);
      case 4:
        return d.octets(state?.material.systemTitle ?? new Uint8Array(8));
      case 5:
        return d.octets(this.security.meter.systemTitle);
      case 6: {
        // certificates: the meter's signing certificate for the client's suite, and the client's own.
        const suite = state?.material.signing?.suite;
        const own = suite ? this.security.meter.signing.get(suite) : undefined;
        const listed = [own ? certificateInfo(0, own.certificate) : undefined, state?.certificate ? certificateInfo(1, state.certificate) : undefined];
        return d.array(listed.filter((x): x is TData => x !== undefined));
      }
      default:
        return undefined;
    }
  }

  /** A session for one connection (wrapper or HDLC): the transport adapter calls it. */
  session(link: TServerLink): TServerSession {
    return new AssociationSession(this, link);
  }
}


/**
 * One entry of the Security setup certificates attribute (Blue Book, class 64 v1):
 * {certificate_entity (0 server, 1 client), certificate_type (0 digital signature), serial_number,
 * issuer, subject, subject_alt_name}, read from the certificate itself.
 */
function certificateInfo(entity: 0 | 1, der: Uint8Array): TData | undefined {
  try {
    const c = new X509Certificate(Buffer.from(der));
    const text = (s: string) => d.octets(new TextEncoder().encode(s));
    return d.struct(d.enum(entity), d.enum(0), d.octets(Buffer.from(c.serialNumber, "hex")), text(c.issuer.replace(/\n/g, ", ")), text(c.subject.replace(/\n/g, ", ")), d.octets([]));
  } catch {
    return undefined;
  }
}

/** The profile as the deviations make the meter: objects taken out or added. */
function withDeviations(profile: TUserProfile, deviations: ReadonlySet<TDeviation>): TUserProfile {
  let objects = profile.objects;
  if (deviations.has("missing-object")) {
    const target = firstLoadProfile(profile) ?? profile.objects.find((o) => o.classId === 3)?.obis;
    objects = objects.filter((o) => o.obis !== target);
  }
  if (deviations.has("wrong-class-version")) objects = objects.map((o) => (o.classId === 8 ? { ...o, version: o.version + 1 } : o));
  if (deviations.has("extra-object")) {
    const access = Object.fromEntries(profile.clients.map((c) => [c.id, "R"]));
    objects = [
      ...objects,
      {
        id: "deviation-extra-object",
        name: "Object outside the profile",
        obis: EXTRA_OBJECT_OBIS,
        classId: 3,
        className: "Register",
        version: 0,
        group: "other-abstract",
        status: "optional",
        reason: { kind: "mandatory", conditions: [] },
        attributes: [
          { index: 1, name: "logical_name", type: "octet-string", kind: "static", access },
          { index: 2, name: "value", type: "long-unsigned", kind: "static", access, value: 0 },
          { index: 3, name: "scaler_unit", type: "scal_unit_type", kind: "static", access },
        ],
        methods: [],
        provenance: [{ source: "prime-plus-tool", section: "simulator deviation extra-object" }],
      },
    ];
  }
  return objects === profile.objects ? profile : { ...profile, objects };
}
