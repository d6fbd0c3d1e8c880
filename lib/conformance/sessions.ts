import { connect, type Association, type TClientCredentials, type TClientError, type TClientResult } from "../dlms/client";
import type { TApduChannel } from "../dlms/channel";
import { numberOf } from "../dlms/axdr/data";
import { openBroadcaster, type Broadcaster, type TBroadcastCredentials } from "../dlms/broadcast";
import type { TProfileClient, TUserProfile } from "../profile/schema";
import { credentialsFor } from "../secrets/credentials";
import type { TSecrets } from "../secrets/schema";
import type { TClientId } from "../vocabulary";
import type { TrafficLog } from "./traffic";

/** How the runner reaches the meter: a fresh channel per association, for a client SAP. */
export interface TRunTarget {
  description: string;
  channel(clientSap: number): TApduChannel;
}

/**
 * The associations of a run, one per client, opened on first use and reused: a real link is slow,
 * and an association costs several round trips. Negative tests take their own, which they close.
 * Invocation counters are kept per client across associations, starting from the meter's
 * invocation counter object read through the Public client.
 */
export class Sessions {
  private readonly open = new Map<TClientId, Association>();
  private readonly counters = new Map<TClientId, number>();
  private readonly channels: TApduChannel[] = [];
  associations = 0;

  /** Round trips and bytes of every channel the run opened. */
  linkTotals(): { roundTrips: number; bytes: number } {
    return this.channels.reduce((t, c) => ({ roundTrips: t.roundTrips + c.stats.roundTrips, bytes: t.bytes + c.stats.bytesSent + c.stats.bytesReceived }), { roundTrips: 0, bytes: 0 });
  }

  constructor(
    private readonly profile: TUserProfile,
    private readonly secrets: TSecrets,
    private readonly target: TRunTarget,
    private readonly traffic: TrafficLog,
    private readonly timeoutMs: number,
  ) {}

  client(id: TClientId): TProfileClient {
    const c = this.profile.clients.find((x) => x.id === id);
    if (!c) throw new Error(`the profile has no ${id} client`);
    return c;
  }

  credentials(id: TClientId): TClientCredentials {
    return credentialsFor(this.client(id), this.secrets);
  }

  /**
   * Why the client's pooled association could not open, per client: a meter that refuses a client
   * refuses it for every check, and asking again each time would cost a time-out per check on a
   * silent meter. A test's own connect may still try, and clears it when it succeeds.
   */
  private readonly refused = new Map<TClientId, TClientError>();

  /**
   * The client's association, opened if needed, and opened again when the meter dropped its link:
   * a client left idle while others run (minutes over a 9600-baud head) outlives the meter's
   * inactivity time-out.
   */
  async get(id: TClientId): Promise<TClientResult<Association>> {
    const current = this.open.get(id);
    if (current?.channel.isOpen) return { ok: true, value: current };
    if (current) {
      this.open.delete(id);
      this.remember(id, current);
      await current.abort();
    }
    const known = this.refused.get(id);
    if (known) return { ok: false, error: { ...known, message: `${known.message} (as on the first attempt of this run)` } };
    const r = await this.connect(id, {});
    if (r.ok) this.open.set(id, r.value);
    else this.refused.set(id, r.error);
    return r;
  }

  /** A new association of the client, for a test that changes or breaks it; the caller releases or aborts it. */
  async connect(id: TClientId, overrides: Partial<TClientCredentials>, options: { clientSap?: number; maxReceivePdu?: number; wrongHlsProof?: boolean } = {}): Promise<TClientResult<Association>> {
    const client = this.client(id);
    let credentials: TClientCredentials;
    try {
      credentials = { ...this.credentials(id), ...overrides };
    } catch (e) {
      return { ok: false, error: { kind: "security", message: (e as Error).message } };
    }
    if (credentials.protection !== null && credentials.invocationCounter === undefined) credentials.invocationCounter = await this.startingCounter(client);
    if (options.clientSap !== undefined) credentials.clientSap = options.clientSap;
    // One association per client at a time: they share the client's invocation counter.
    const pooled = this.open.get(id);
    if (pooled) {
      this.open.delete(id);
      this.remember(id, pooled);
      await pooled.abort();
      if (credentials.protection !== null) credentials.invocationCounter = Math.max(credentials.invocationCounter ?? 0, this.counters.get(id) ?? 0);
    }
    let r = await this.openOnce(id, credentials, options);
    // A meter that remembers counters from before the run names the lowest it accepts: start there once.
    if (!r.ok && r.error.kind === "refused" && r.error.expectedInvocationCounter !== undefined && credentials.protection !== null) {
      r = await this.openOnce(id, { ...credentials, invocationCounter: r.error.expectedInvocationCounter }, options);
    }
    if (r.ok) {
      this.remember(id, r.value);
      this.refused.delete(id);
    }
    return r;
  }

  private async openOnce(id: TClientId, credentials: TClientCredentials, options: { maxReceivePdu?: number; wrongHlsProof?: boolean }): Promise<TClientResult<Association>> {
    this.associations++;
    const channel = this.target.channel(credentials.clientSap);
    this.channels.push(channel);
    return connect({
      channel,
      credentials,
      timeoutMs: this.timeoutMs,
      onTraffic: this.traffic.recorder(id),
      ...(options.maxReceivePdu ? { maxReceivePdu: options.maxReceivePdu } : {}),
      ...(options.wrongHlsProof ? { wrongHlsProof: true } : {}),
    });
  }

  /**
   * The link of a pre-established client (the Broadcast client), which sends without associating.
   * Its counter goes on from what the run used last; the caller closes it with closeBroadcaster.
   */
  async broadcaster(id: TClientId, overrides: Partial<TBroadcastCredentials> = {}): Promise<TClientResult<Broadcaster>> {
    const client = this.client(id);
    let c: TClientCredentials;
    try {
      c = this.credentials(id);
    } catch (e) {
      return { ok: false, error: { kind: "security", message: (e as Error).message } };
    }
    if (!c.keys?.broadcastKey || !c.systemTitle || c.protection === null) return { ok: false, error: { kind: "security", message: `the ${client.name} has no broadcast key, system title or protection in the secrets and the profile` } };
    const counter = await this.startingCounter(client);
    const channel = this.target.channel(client.sap);
    this.channels.push(channel);
    return openBroadcaster(channel, { clientSap: client.sap, systemTitle: c.systemTitle, keys: c.keys, protection: c.protection, ...(counter !== undefined ? { invocationCounter: counter } : {}), ...overrides }, { timeoutMs: this.timeoutMs, onTraffic: this.traffic.recorder(id) });
  }

  async closeBroadcaster(id: TClientId, b: Broadcaster): Promise<void> {
    const next = b.nextInvocationCounter;
    if (next !== null) this.counters.set(id, Math.max(next, this.counters.get(id) ?? 0));
    await b.close();
  }

  private remember(id: TClientId, a: Association): void {
    const next = a.nextInvocationCounter;
    if (next !== null) this.counters.set(id, Math.max(next, this.counters.get(id) ?? 0));
  }

  /** Where the client's counter must start: what we used last, or what the meter's counter object says. */
  private async startingCounter(client: TProfileClient): Promise<number | undefined> {
    const known = this.counters.get(client.id);
    if (known !== undefined) return known;
    const obis = client.invocationCounterObject?.obis;
    if (!obis || client.id === "public" || !this.profile.clients.some((c) => c.id === "public")) return undefined;
    const pub = await this.get("public");
    if (!pub.ok) return undefined;
    const v = await pub.value.get({ classId: 1, obis, attribute: 2 });
    return v.ok ? (numberOf(v.value) ?? undefined) : undefined;
  }

  /** Forgets an association that a test closed or broke. */
  drop(id: TClientId, association?: Association): void {
    const a = association ?? this.open.get(id);
    if (a) this.remember(id, a);
    if (!association || this.open.get(id) === association) this.open.delete(id);
  }

  /** A client's key was transferred: its counters restart at 0, and its open association is gone. */
  async restartCounter(id: TClientId): Promise<void> {
    const a = this.open.get(id);
    this.open.delete(id);
    this.counters.set(id, 0);
    await a?.abort();
  }

  /** Keeps the counter of an association used outside the pool, so the next one starts above it. */
  track(id: TClientId, a: Association): void {
    this.remember(id, a);
  }

  async releaseAll(): Promise<void> {
    for (const [id, a] of [...this.open]) {
      this.remember(id, a);
      await a.release();
    }
    this.open.clear();
  }
}
