import type { TData } from "../dlms/axdr/data";
import type { TClientError } from "../dlms/client";
import { decodeObjectList, type TObjectListEntry } from "../dlms/cosem/object-list";
import { dataAccessResultName } from "../dlms/xdlms/results";
import { readAlone } from "../dlms/inspect";
import type { TAttributeRef } from "../dlms/xdlms/descriptors";
import type { TGetResult } from "../dlms/xdlms/get";
import type { TClientId } from "../vocabulary";
import type { Sessions } from "./sessions";
import type { TrafficLog } from "./traffic";

/**
 * What each client has read from the meter, once: its object list and attribute values, read in
 * batches (GET-with-list where the association allows multiple references). Checks on the same
 * value share one read, and each read remembers the traffic that carried it, as evidence.
 */
export type TReading = { result: TGetResult; evidence: [number, number] } | { error: TClientError; evidence: [number, number] };

const OBJECT_LIST: TAttributeRef = { classId: 15, obis: "0-0:40.0.0.255", attribute: 2 };
const key = (ref: TAttributeRef) => `${ref.classId}/${ref.obis}/${ref.attribute}`;
const LIST_SIZE = 10;

export class Readings {
  private readonly lists = new Map<TClientId, { list?: TObjectListEntry[]; error?: TClientError; evidence: [number, number] }>();
  private readonly values = new Map<TClientId, Map<string, TReading>>();
  /** Clients whose list request broke the link once: their reads go one by one from then on. */
  private readonly listsFailed = new Set<TClientId>();
  reads = 0;

  constructor(
    private readonly sessions: Sessions,
    private readonly traffic: TrafficLog,
  ) {}

  /** The client's object list, decoded from the same read as its GET of 0-0:40.0.0.255 attribute 2: an object list is the longest value a client reads. */
  async objectList(client: TClientId): Promise<{ list?: TObjectListEntry[]; error?: TClientError; evidence: [number, number] }> {
    const known = this.lists.get(client);
    if (known) return known;
    const r = await this.value(client, OBJECT_LIST);
    let entry: { list?: TObjectListEntry[]; error?: TClientError; evidence: [number, number] };
    if ("error" in r) entry = { error: r.error, evidence: r.evidence };
    else if (!r.result.ok) entry = { error: { kind: "data-access", code: r.result.code, name: dataAccessResultName(r.result.code), message: `the object list is refused: ${dataAccessResultName(r.result.code)}` }, evidence: r.evidence };
    else {
      const { entries, problems } = decodeObjectList(r.result.data);
      entry = problems.length > 0 ? { error: { kind: "protocol", message: `the object list is malformed: ${problems.slice(0, 3).join("; ")}` }, evidence: r.evidence } : { list: entries, evidence: r.evidence };
    }
    this.lists.set(client, entry);
    return entry;
  }

  /** Keeps an object list a test read through an association of its own, so that the run does not read it again. */
  adopt(client: TClientId, data: TData, evidence: [number, number]): void {
    const store = this.values.get(client) ?? new Map<string, TReading>();
    this.values.set(client, store);
    store.set(key(OBJECT_LIST), { result: { ok: true, data }, evidence });
  }

  cached(client: TClientId, ref: TAttributeRef): TReading | undefined {
    return this.values.get(client)?.get(key(ref));
  }

  /** Reads what is not read yet, in batches; returns every asked reading. */
  async read(client: TClientId, refs: TAttributeRef[], options: { fresh?: boolean } = {}): Promise<TReading[]> {
    const store = this.values.get(client) ?? new Map<string, TReading>();
    this.values.set(client, store);
    const missing = refs.filter((r) => options.fresh || !store.has(key(r)));
    if (missing.length === 0) return refs.map((r) => store.get(key(r))!);
    const a = await this.sessions.get(client);
    if (!a.ok) {
      for (const r of missing) store.set(key(r), { error: a.error, evidence: [this.traffic.length, this.traffic.length] });
      return refs.map((r) => store.get(key(r))!);
    }
    let association = a.value;
    const lists = association.negotiated.conformance.has("multiple-references") && !this.listsFailed.has(client);
    const batches: TAttributeRef[][] = [];
    for (const r of missing) {
      const last = batches[batches.length - 1];
      if (!lists || readAlone(r.classId, r.attribute)) batches.push([r]);
      else if (last && last.length < LIST_SIZE && !readAlone(last[0]!.classId, last[0]!.attribute)) last.push(r);
      else batches.push([r]);
    }
    // A link that fails mid-read is opened again once; reads go on one by one, since a meter that
    // drops a list request (the Gurux example meter does for some) may answer its parts alone.
    let reopened = false;
    const reopen = async (): Promise<boolean> => {
      this.sessions.drop(client, association);
      if (reopened) return false;
      reopened = true;
      const again = await this.sessions.get(client);
      if (!again.ok) return false;
      association = again.value;
      return true;
    };
    let stopped: TClientError | undefined;
    for (const batch of batches) {
      const from = this.traffic.length;
      this.reads += batch.length;
      if (stopped) {
        for (const ref of batch) store.set(key(ref), { error: stopped, evidence: [from, from] });
        continue;
      }
      if (batch.length > 1 && !this.listsFailed.has(client)) {
        const r = await association.getWithList(batch.map((attribute) => ({ attribute })));
        if (r.ok) {
          batch.forEach((ref, i) => store.set(key(ref), { result: r.value[i] ?? { ok: false, code: 250 }, evidence: [from, this.traffic.length] }));
          continue;
        }
        if (r.error.kind === "link") {
          this.listsFailed.add(client);
          if (!(await reopen())) {
            stopped = r.error;
            for (const ref of batch) store.set(key(ref), { error: r.error, evidence: [from, this.traffic.length] });
            continue;
          }
        }
      }
      for (const ref of batch) {
        const at = this.traffic.length;
        if (stopped) {
          store.set(key(ref), { error: stopped, evidence: [at, at] });
          continue;
        }
        const r = await association.getResult(ref);
        store.set(key(ref), r.ok ? { result: r.value, evidence: [at, this.traffic.length] } : { error: r.error, evidence: [at, this.traffic.length] });
        if (!r.ok && r.error.kind === "link" && !(await reopen())) stopped = r.error;
      }
    }
    return refs.map((r) => store.get(key(r)) ?? { error: { kind: "link", code: "closed", message: "the association ended before this read" }, evidence: [this.traffic.length, this.traffic.length] });
  }

  async value(client: TClientId, ref: TAttributeRef, options: { fresh?: boolean } = {}): Promise<TReading> {
    return (await this.read(client, [ref], options))[0]!;
  }

  /** Forgets a value a test changed, so the next check reads it again. */
  forget(ref: TAttributeRef): void {
    for (const store of this.values.values()) store.delete(key(ref));
  }
}

export const dataOf = (r: TReading | undefined): TData | undefined => (r && "result" in r && r.result.ok ? r.result.data : undefined);
