import { fromHex, hex } from "../dlms/bytes";
import { receiveCounterAfter, sendCounterFrom, type TReceiveCounter, type TSendCounter } from "../dlms/security/invocation-counter";
import type { TSecurityKeys } from "../dlms/security/ciphered-apdu";
import { selfSignedCertificate } from "../dlms/security/certificate";
import { generateEcdsaKeyPair } from "../dlms/security/ecdsa";
import type { TEccSuite } from "../dlms/security/suite";
import type { TProfileClient, TUserProfile } from "../profile/schema";
import { clientKeyMaterial, meterKeyMaterial, type TClientKeyMaterial, type TMeterKeyMaterial } from "../secrets/material";
import type { TSecrets } from "../secrets/schema";
import type { TClientId } from "../vocabulary";

/**
 * The meter's security state per client, kept across associations: the current keys (replaced
 * by key_transfer), the LLS password and HLS secret (changed through the association object),
 * the meter's own invocation counter towards that client and the last counter it accepted from it.
 */
export interface TClientSecurityState {
  client: TProfileClient;
  material: TClientKeyMaterial;
  keys?: TSecurityKeys;
  password?: Uint8Array;
  hlsSecret?: Uint8Array;
  /** The client's signing certificate (DER): from the secrets, or imported by import_certificate. */
  certificate?: Uint8Array;
  /** The meter's counter for what it protects towards this client. */
  send: TSendCounter;
  /** The last counter the meter accepted from this client. */
  receive: TReceiveCounter;
}

/** Keys, secrets and counters as the state file keeps them (hex, counters as numbers). */
export type TSecurityStateFile = Array<
  [TClientId, { keys?: { unicastKey: string; authenticationKey: string; broadcastKey?: string }; password?: string; hlsSecret?: string; send: number | null; receive: number | null }]
>;

export class SimSecurity {
  readonly meter: TMeterKeyMaterial;
  readonly clients = new Map<TClientId, TClientSecurityState>();

  constructor(profile: TUserProfile, secrets: TSecrets) {
    this.meter = meterKeyMaterial(secrets);
    for (const client of profile.clients) {
      const material = clientKeyMaterial(client, secrets);
      this.clients.set(client.id, {
        client,
        material,
        ...(material.keys ? { keys: material.keys } : {}),
        ...(material.password ? { password: material.password } : {}),
        ...(material.hlsSecret ? { hlsSecret: material.hlsSecret } : {}),
        ...(material.signing ? { certificate: material.signing.certificate } : {}),
        send: sendCounterFrom(0),
        receive: receiveCounterAfter(null),
      });
    }
  }

  state(client: TClientId): TClientSecurityState | undefined {
    return this.clients.get(client);
  }

  private readonly pending: Array<() => void> = [];

  /**
   * A key replaced through key_transfer: both counters of that key start again (white paper: reset
   * to 0). The change takes effect once the response to key_transfer is sent, so that the response
   * is protected like the request; commitKeys applies it.
   */
  replaceKey(client: TClientId, kind: "unicast" | "broadcast" | "authentication", key: Uint8Array): void {
    this.pending.push(() => {
      const s = this.clients.get(client);
      if (!s?.keys) return;
      s.keys = {
        ...s.keys,
        ...(kind === "unicast" ? { unicastKey: key } : kind === "broadcast" ? { broadcastKey: key } : { authenticationKey: key }),
      };
      s.send = sendCounterFrom(0);
      s.receive = receiveCounterAfter(null);
    });
  }

  /** Applies the keys replaced while serving the last request. */
  commitKeys(): void {
    for (const apply of this.pending.splice(0)) apply();
  }

  snapshot(): TSecurityStateFile {
    return [...this.clients].map(([id, s]) => [
      id,
      {
        ...(s.keys ? { keys: { unicastKey: hex(s.keys.unicastKey), authenticationKey: hex(s.keys.authenticationKey), ...(s.keys.broadcastKey ? { broadcastKey: hex(s.keys.broadcastKey) } : {}) } } : {}),
        ...(s.password ? { password: hex(s.password) } : {}),
        ...(s.hlsSecret ? { hlsSecret: hex(s.hlsSecret) } : {}),
        send: s.send.next,
        receive: s.receive.lastAccepted,
      },
    ]);
  }

  restore(state: TSecurityStateFile): void {
    for (const [id, saved] of state) {
      const s = this.clients.get(id);
      if (!s) continue;
      if (saved.keys && s.keys) {
        s.keys = { ...s.keys, unicastKey: fromHex(saved.keys.unicastKey), authenticationKey: fromHex(saved.keys.authenticationKey), ...(saved.keys.broadcastKey ? { broadcastKey: fromHex(saved.keys.broadcastKey) } : {}) };
      }
      if (saved.password) s.password = fromHex(saved.password);
      if (saved.hlsSecret) s.hlsSecret = fromHex(saved.hlsSecret);
      s.send = sendCounterFrom(saved.send === null ? 0x100000000 : saved.send);
      s.receive = receiveCounterAfter(saved.receive);
    }
  }

  /**
   * A new meter signing key for a suite (security setup generate_key_pair), with its self-signed
   * certificate; clients must fetch the new certificate before their next HLS-ECDSA association.
   */
  renewMeterSigningKey(suite: TEccSuite, now: Date): boolean {
    const pair = generateEcdsaKeyPair(suite);
    const certificate = selfSignedCertificate({ suite, privateKey: pair.privateKey, systemTitle: this.meter.systemTitle, serialNumber: BigInt(now.getTime()), notBefore: now, notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000), usage: "digital-signature" });
    if (!certificate.ok) return false;
    this.meter.signing.set(suite, { privateKey: pair.privateKey, publicKey: pair.publicKey, certificate: certificate.value.der });
    return true;
  }

  /** The lowest invocation counter the meter accepts next from the client (its invocation counter object). */
  minimumInvocationCounter(client: TClientId): number {
    const last = this.clients.get(client)?.receive.lastAccepted;
    return last === null || last === undefined ? 0 : Math.min(last + 1, 0xffffffff);
  }
}
