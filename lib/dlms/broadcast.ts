import type { TData } from "./axdr/data";
import type { TApduChannel } from "./channel";
import type { TClientError, TClientResult, TTrafficEntry } from "./client";
import { describeApdu } from "./describe";
import { protectApdu, type TSecurityKeys } from "./security/ciphered-apdu";
import type { TProtection } from "./security/control";
import { sendCounterFrom, takeInvocationCounter, type TSendCounter } from "./security/invocation-counter";
import { encodeApdu, invokeByte } from "./xdlms/apdu";
import type { TAttributeRef, TMethodRef } from "./xdlms/descriptors";
import { hex } from "./bytes";

/**
 * A pre-established client (Green Book: an application association that exists without AARQ):
 * the Broadcast client. It sends unconfirmed SET and ACTION requests, ciphered with the global
 * broadcast key (security control bit 6), and the meter never answers them, since one request
 * reaches many meters. What the request did is seen only through another client.
 */
export interface TBroadcastCredentials {
  clientSap: number;
  systemTitle: Uint8Array;
  keys: TSecurityKeys;
  protection: TProtection;
  invocationCounter?: number;
  /** Cipher with the unicast key instead: how a test shows that the meter insists on the broadcast key. */
  unicastKey?: boolean;
}

const fail = <T>(error: TClientError): TClientResult<T> => ({ ok: false, error });

export class Broadcaster {
  private send: TSendCounter;
  private invoke = 0;
  private readonly started: number;
  readonly traffic: TTrafficEntry[] = [];

  constructor(
    readonly channel: TApduChannel,
    readonly credentials: TBroadcastCredentials,
    private readonly now: () => number = Date.now,
    private readonly onTraffic?: (entry: TTrafficEntry) => void,
  ) {
    this.send = sendCounterFrom(credentials.invocationCounter ?? 0);
    this.started = now();
  }

  /** The invocation counter the next request will use (null once exhausted). */
  get nextInvocationCounter(): number | null {
    return this.send.next;
  }

  private async unconfirmed(apdu: Uint8Array): Promise<TClientResult<void>> {
    const counter = takeInvocationCounter(this.send);
    if (!counter.ok) return fail({ kind: "security", message: counter.error.message });
    this.send = counter.value.counter;
    const ic = counter.value.invocationCounter;
    const c = this.credentials;
    const wire = protectApdu({ apdu, form: "glo", protection: c.protection, systemTitle: c.systemTitle, invocationCounter: ic, keys: c.keys, broadcast: c.unicastKey !== true });
    if (!wire.ok) return fail({ kind: "security", message: wire.error.message });
    const entry: TTrafficEntry = { at: this.now() - this.started, direction: "sent", hex: hex(wire.value), summary: `${describeApdu(apdu)} [unconfirmed, ciphered with the ${c.unicastKey ? "unicast" : "broadcast"} key, IC ${ic}]`, invocationCounter: ic };
    this.traffic.push(entry);
    this.onTraffic?.(entry);
    const r = await this.channel.send(wire.value);
    return r.ok ? { ok: true, value: undefined } : fail({ kind: "link", code: r.error.code, message: r.error.message });
  }

  private nextInvoke(): number {
    this.invoke = (this.invoke + 1) & 0x0f;
    return invokeByte(this.invoke, true, false);
  }

  set(attribute: TAttributeRef, value: TData): Promise<TClientResult<void>> {
    return this.unconfirmed(encodeApdu({ type: "set-request-normal", invoke: this.nextInvoke(), attribute, value }));
  }

  action(method: TMethodRef, parameters?: TData): Promise<TClientResult<void>> {
    return this.unconfirmed(encodeApdu({ type: "action-request-normal", invoke: this.nextInvoke(), method, ...(parameters ? { parameters } : {}) }));
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

/** Opens the link of a pre-established client (TCP, and SNRM for HDLC); no association is asked for. */
export async function openBroadcaster(channel: TApduChannel, credentials: TBroadcastCredentials, options: { timeoutMs?: number; onTraffic?: (entry: TTrafficEntry) => void; now?: () => number } = {}): Promise<TClientResult<Broadcaster>> {
  const opened = await channel.open(options.timeoutMs ?? 5000);
  if (!opened.ok) return fail({ kind: "link", code: opened.error.code, message: opened.error.message });
  return { ok: true, value: new Broadcaster(channel, credentials, options.now, options.onTraffic) };
}
