import { d } from "../../dlms/axdr/data";
import type { Association } from "../../dlms/client";
import { fromHex } from "../../dlms/bytes";
import { wrapKey } from "../../dlms/security/key-wrap";
import { actionResultName, dataAccessResultName } from "../../dlms/xdlms/results";
import type { TProfileClient, TProfileObject } from "../../profile/schema";
import { eventOfSet, SETTING_EVENT_RULES } from "../../profile/setting-events";
import { canRead, canWrite, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import { generateEcdsaKeyPair } from "../../dlms/security/ecdsa";
import { clockSetter, shiftClock, shiftLimit } from "./time";
import { clientName, ref } from "./util";

/**
 * What the runner can make a meter do over DLMS alone, so that the event it must record can be
 * looked for: a clock adjustment beyond the limit, a refused write, a wrong secret, a tampered or
 * replayed APDU, a setting written back, a key transferred again. Each cause leaves the meter as it
 * was (values written back are the values read; keys transferred are the keys in force). Events
 * that need a person (a cover opened, the supply cut) or that change the meter for good (a billing
 * closure, a firmware activation) have no cause here.
 */
export interface TCause {
  /** Events the cause records, in the order the meter records them. */
  events: readonly string[];
  /** What the runner does, for the check's title. */
  what: string;
  /** Runs it; a string says why it could not. */
  run(env: TRunEnvironment): Promise<string | null>;
}

const MANAGEMENT_FIRST = (env: TRunEnvironment): TProfileClient[] => [...env.profile.clients].sort((a, b) => (a.id === "management" ? -1 : b.id === "management" ? 1 : 0));

/** A client allowed to write the attribute, the Management client first. */
export function writerOf(env: TRunEnvironment, o: TProfileObject, attribute: number): TProfileClient | undefined {
  const a = o.attributes.find((x) => x.index === attribute);
  return MANAGEMENT_FIRST(env).find((c) => c.id !== "broadcast" && canWrite(a?.access[c.id]));
}

/** A client allowed to read the attribute, the Management client first. */
export function readerOf(env: TRunEnvironment, o: TProfileObject, attribute: number): TProfileClient | undefined {
  const a = o.attributes.find((x) => x.index === attribute);
  return MANAGEMENT_FIRST(env).find((c) => c.id !== "broadcast" && canRead(a?.access[c.id]));
}

async function pooled(env: TRunEnvironment, client: TClientId): Promise<Association | string> {
  const a = await env.sessions.get(client);
  return a.ok ? a.value : `${clientName(env, client)}: ${a.error.message}`;
}

/** Writes back the value the attribute holds; the meter records the change as it would any other. */
export async function writeBack(env: TRunEnvironment, o: TProfileObject, attribute: number): Promise<string | null> {
  const writer = writerOf(env, o, attribute);
  if (!writer) return `no client may write ${o.obis} attribute ${attribute}`;
  const a = await pooled(env, writer.id);
  if (typeof a === "string") return a;
  const current = await a.get(ref(o, attribute));
  if (!current.ok) return `${o.obis} attribute ${attribute} not read: ${current.error.message}`;
  const r = await a.setResult(ref(o, attribute), current.value);
  env.readings.forget(ref(o, attribute));
  if (!r.ok) return r.error.message;
  return r.value === 0 ? null : `${writer.name}: SET ${o.obis} attribute ${attribute} refused with ${dataAccessResultName(r.value)}`;
}

/** The secret of a client written again by the Management client: its LLS password, or its HLS-SHA256 secret. */
async function rewriteSecret(env: TRunEnvironment, owner: TProfileClient): Promise<string | null> {
  const association = env.profile.objects.find((o) => o.obis === owner.associationObject.obis);
  const secrets = env.secrets.clients[owner.id];
  if (!association || !secrets) return `the ${owner.name} has no association object or no secrets`;
  const a = await pooled(env, "management");
  if (typeof a === "string") return a;
  if (owner.authentication.mechanismId === 1 && secrets.password) {
    const r = await a.setResult(ref(association, 7), d.octets(new TextEncoder().encode(secrets.password)));
    if (!r.ok) return r.error.message;
    return r.value === 0 ? null : `SET ${association.obis} attribute 7 refused with ${dataAccessResultName(r.value)}`;
  }
  if (owner.authentication.mechanismId === 6 && secrets.hlsSecret) {
    const r = await a.actionResult({ classId: 15, obis: association.obis, method: 2 }, d.octets(fromHex(secrets.hlsSecret)));
    if (!r.ok) return r.error.message;
    return r.value.result === 0 ? null : `change_HLS_secret of ${association.obis} refused with ${actionResultName(r.value.result)}`;
  }
  return `the ${owner.name}'s secret is its keys (${owner.authentication.name}): they change by key_transfer`;
}

/** key_transfer of keys in force, wrapped with the master key: key ids 0 (unicast) or 3 (master key). */
export async function transferKeyInForce(env: TRunEnvironment, owner: TProfileClient, keyId: 0 | 3): Promise<string | null> {
  const setup = owner.securitySetupObject ? env.profile.objects.find((o) => o.obis === owner.securitySetupObject!.obis) : undefined;
  const key = keyId === 3 ? env.secrets.meter.masterKey : env.secrets.clients[owner.id]?.globalUnicastEncryptionKey;
  if (!setup || !key) return `the ${owner.name} has no security setup or no such key`;
  const wrapped = wrapKey(fromHex(env.secrets.meter.masterKey), fromHex(key));
  if (!wrapped.ok) return wrapped.error.message;
  const a = await pooled(env, "management");
  if (typeof a === "string") return a;
  const r = await a.actionResult({ classId: 64, obis: setup.obis, method: 2 }, d.array([d.struct(d.enum(keyId), d.octets(wrapped.value))]));
  if (keyId === 0) await env.sessions.restartCounter(owner.id);
  if (!r.ok) return r.error.message;
  return r.value.result === 0 ? null : `key_transfer on ${setup.obis} refused with ${actionResultName(r.value.result)}`;
}

/** A protected GET of the clock from a ciphered client, sent with one bit of its authentication tag flipped. */
async function tamperedRequest(env: TRunEnvironment, client: TProfileClient): Promise<string | null> {
  const a = await env.sessions.connect(client.id, {});
  if (!a.ok) return a.error.message;
  const get = Uint8Array.from([0xc0, 0x01, 0xc1, 0x00, 0x08, 0, 0, 1, 0, 0, 0xff, 0x02, 0x00]);
  await a.value.exchangeAltered(get, (wire) => {
    const altered = Uint8Array.from(wire);
    altered[altered.length - 1]! ^= 0x01;
    return altered;
  });
  env.sessions.track(client.id, a.value);
  await a.value.abort();
  return null;
}

/** The last protected request of a ciphered client, sent again as it was. */
async function replayedRequest(env: TRunEnvironment, client: TProfileClient): Promise<string | null> {
  const a = await env.sessions.connect(client.id, {});
  if (!a.ok) return a.error.message;
  const r = await a.value.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 });
  const sent = a.value.traffic.filter((e) => e.direction === "sent").at(-1);
  if (r.ok && sent) await a.value.channel.exchange(fromHex(sent.hex), 5000);
  env.sessions.track(client.id, a.value);
  await a.value.abort();
  return r.ok ? null : r.error.message;
}

/** The secret-changed events of the clients and the event ids the setting rules name. */
const SECRET_EVENT_OWNERS: Record<string, TClientId> = {
  "reading-secret-changed": "reading",
  "management-secret-changed": "management",
  "firmware-secret-changed": "firmware",
  "limited-remote-secret-changed": "limitedRemote",
};

const ciphered = (env: TRunEnvironment) => env.profile.clients.filter((c) => c.securityPolicy.id !== "none" && c.id !== "broadcast" && env.secrets.clients[c.id]?.globalUnicastEncryptionKey);

/** The first attribute of the profile whose SET records the event, with a client that may write it. */
function settingOf(env: TRunEnvironment, eventId: string): { o: TProfileObject; attribute: number } | undefined {
  for (const o of env.profile.objects) {
    for (const a of o.attributes) {
      if (a.index === 1 || a.secret) continue;
      if (eventOfSet({ id: o.id, classId: o.classId }, a.index) === eventId && writerOf(env, o, a.index)) return { o, attribute: a.index };
    }
  }
  return undefined;
}

/** A parameter whose change has no event of its own: it records the general "parameters-changed". */
function plainParameter(env: TRunEnvironment): { o: TProfileObject; attribute: number } | undefined {
  for (const p of env.profile.parameters) {
    const o = env.profile.objects.find((x) => x.id === p.object.id);
    if (o && !eventOfSet({ id: o.id, classId: o.classId }, p.attribute) && writerOf(env, o, p.attribute) && !(o.classId === 8 && p.attribute === 2)) return { o, attribute: p.attribute };
  }
  return undefined;
}

/** The cause the runner has for an event of the profile, or undefined when a person must cause it. */
export function causeOf(env: TRunEnvironment, eventId: string): TCause | undefined {
  if (eventId === "clock-adjusted-old-time" || eventId === "clock-adjusted-new-time") {
    const setter = clockSetter(env);
    if (!setter) return undefined;
    const seconds = shiftLimit(env) + 30;
    return {
      events: ["clock-adjusted-old-time", "clock-adjusted-new-time"],
      what: `${setter.name} moves the clock by ${seconds} s (beyond the ${shiftLimit(env)} s limit) and back`,
      run: async (e) => {
        const a = await pooled(e, setter.id);
        if (typeof a === "string") return a;
        return (await shiftClock(a, seconds)) ?? (await shiftClock(a, -seconds));
      },
    };
  }
  if (eventId === "access-denied") {
    const clock = env.profile.objects.find((o) => o.obis === "0-0:1.0.0.255");
    const client = clock && env.profile.clients.find((c) => c.id !== "broadcast" && canRead(clock.attributes.find((a) => a.index === 2)?.access[c.id]) && !canWrite(clock.attributes.find((a) => a.index === 2)?.access[c.id]));
    if (!clock || !client) return undefined;
    return {
      events: ["access-denied"],
      what: `${client.name} writes the clock, which it may only read`,
      run: async (e) => {
        const a = await pooled(e, client.id);
        if (typeof a === "string") return a;
        const now = await a.get(ref(clock, 2));
        if (!now.ok) return now.error.message;
        const r = await a.setResult(ref(clock, 2), now.value);
        if (!r.ok) return r.error.message;
        return r.value === 0 ? `${client.name}: the SET of the clock was accepted` : null;
      },
    };
  }
  if (eventId === "association-authentication-failed") {
    const client = [...env.profile.clients].sort((a, b) => a.authentication.mechanismId - b.authentication.mechanismId).find((c) => c.authentication.mechanismId === 1 || c.authentication.mechanismId >= 6) ?? env.profile.clients.find((c) => c.authentication.mechanismId === 5);
    if (!client) return undefined;
    return {
      events: ["association-authentication-failed"],
      what: `${client.name} associates with a wrong secret`,
      run: async (e) => {
        const good = e.sessions.credentials(client.id);
        // HLS-GMAC keys also protect the AARQ: only a wrong pass-3 proof is an authentication failure alone.
        const wrong =
          client.authentication.mechanismId === 1
            ? { password: new TextEncoder().encode(`${new TextDecoder().decode(good.password)}x`) }
            : client.authentication.mechanismId === 6
              ? { hlsSecret: good.hlsSecret!.map((b) => b ^ 0x5a) }
              : client.authentication.mechanismId === 7
                ? { signing: { ...good.signing!, privateKey: generateEcdsaKeyPair(good.signing!.suite).privateKey } }
                : {};
        const r = await e.sessions.connect(client.id, wrong, client.authentication.mechanismId === 5 ? { wrongHlsProof: true } : {});
        if (r.ok) {
          await r.value.release();
          return `${client.name}: the association with a wrong secret was accepted`;
        }
        return null;
      },
    };
  }
  if (eventId === "decryption-authentication-failed" || eventId === "replay-attack") {
    // Only an authentication tag makes an altered APDU detectable; an encrypted-only one deciphers to other bytes.
    const client = eventId === "replay-attack" ? ciphered(env)[0] : ciphered(env).find((c) => c.securityPolicy.id === "authenticated" || c.securityPolicy.id === "authenticated-encrypted");
    if (!client) return undefined;
    return eventId === "replay-attack"
      ? { events: ["replay-attack"], what: `${client.name} sends a protected request again with the same invocation counter`, run: (e) => replayedRequest(e, client) }
      : { events: ["decryption-authentication-failed"], what: `${client.name} sends a protected request whose authentication tag is altered`, run: (e) => tamperedRequest(e, client) };
  }
  if (eventId === "global-key-changed" || eventId === "invocation-counter-reset") {
    const owner = ciphered(env).find((c) => c.id !== "management" && c.securitySetupObject);
    const setup = owner?.securitySetupObject ? env.profile.objects.find((o) => o.obis === owner.securitySetupObject!.obis) : undefined;
    if (!owner || setup?.methods.find((m) => m.index === 2)?.access.management !== "X") return undefined;
    return { events: ["global-key-changed", "invocation-counter-reset"], what: `the Management client transfers the ${owner.name}'s unicast key in force again`, run: (e) => transferKeyInForce(e, owner, 0) };
  }
  if (eventId === "master-key-changed") {
    const management = env.profile.clients.find((c) => c.id === "management" && c.securitySetupObject);
    const setup = management?.securitySetupObject ? env.profile.objects.find((o) => o.obis === management.securitySetupObject!.obis) : undefined;
    if (!management || setup?.methods.find((m) => m.index === 2)?.access.management !== "X") return undefined;
    return { events: ["master-key-changed"], what: "the Management client transfers the master key in force again", run: (e) => transferKeyInForce(e, management, 3) };
  }
  if (eventId === "security-setup-changed") {
    const owner = env.profile.clients.find((c) => c.securitySetupObject && c.id !== "broadcast" && env.profile.objects.find((o) => o.obis === c.securitySetupObject!.obis)?.methods.find((m) => m.index === 1)?.access.management === "X");
    const setup = owner ? env.profile.objects.find((o) => o.obis === owner.securitySetupObject!.obis) : undefined;
    if (!owner || !setup) return undefined;
    return {
      events: ["security-setup-changed"],
      what: `the Management client activates the ${owner.name}'s security policy in force again`,
      run: async (e) => {
        const a = await pooled(e, "management");
        if (typeof a === "string") return a;
        const policy = setup.version === 0 ? owner.securityPolicy.securitySetupV0Value : owner.securityPolicy.securitySetupV1Bits;
        const r = await a.actionResult({ classId: 64, obis: setup.obis, method: 1 }, d.enum(policy));
        if (!r.ok) return r.error.message;
        return r.value.result === 0 ? null : `security_activate refused with ${actionResultName(r.value.result)}`;
      },
    };
  }
  const secretOwner = SECRET_EVENT_OWNERS[eventId];
  if (secretOwner) {
    const owner = env.profile.clients.find((c) => c.id === secretOwner);
    const association = owner ? env.profile.objects.find((o) => o.obis === owner.associationObject.obis) : undefined;
    const writable = association && (owner!.authentication.mechanismId === 1 ? canWrite(association.attributes.find((a) => a.index === 7)?.access.management) : owner!.authentication.mechanismId === 6 && association.methods.find((m) => m.index === 2)?.access.management === "X");
    if (!owner || !writable) return undefined;
    return { events: [eventId], what: `the Management client writes the ${owner.name}'s secret in force again`, run: (e) => rewriteSecret(e, owner) };
  }
  if (eventId === "parameters-changed") {
    const p = plainParameter(env);
    if (!p) return undefined;
    return { events: ["parameters-changed"], what: `${writerOf(env, p.o, p.attribute)!.name} writes back ${p.o.obis} attribute ${p.attribute} (${p.o.name})`, run: (e) => writeBack(e, p.o, p.attribute) };
  }
  if (SETTING_EVENT_RULES.some((r) => r.event === eventId) || eventId === "communication-parameters-changed") {
    const s = settingOf(env, eventId);
    if (!s) return undefined;
    if (eventId === "alarm-register-cleared") {
      return {
        events: [eventId],
        what: `${writerOf(env, s.o, 2)!.name} writes an empty mask to ${s.o.obis} (clears no alarm)`,
        run: async (e) => {
          const writer = writerOf(e, s.o, 2)!;
          const a = await pooled(e, writer.id);
          if (typeof a === "string") return a;
          const r = await a.setResult(ref(s.o, 2), d.u32(0));
          e.readings.forget(ref(s.o, 2));
          if (!r.ok) return r.error.message;
          return r.value === 0 ? null : `refused with ${dataAccessResultName(r.value)}`;
        },
      };
    }
    return { events: [eventId], what: `${writerOf(env, s.o, s.attribute)!.name} writes back ${s.o.obis} attribute ${s.attribute} (${s.o.name})`, run: (e) => writeBack(e, s.o, s.attribute) };
  }
  return undefined;
}

